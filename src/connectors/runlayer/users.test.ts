import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { statusReasonOf } from "../../core/index.ts";
import { toUserResource } from "./users.ts";

describe("toUserResource", () => {
  it("maps an active user with email, name, sign-in and creation times", () => {
    const user = toUserResource({
      id: "0b9d…-1",
      email: "maria.silva@acme-corp.example",
      full_name: "Maria Silva",
      is_active: true,
      created_at: "2024-05-02T10:00:00Z",
      last_login_at: "2025-06-01T08:30:00.000Z",
      roles: ["super_admin"],
    });
    assert.deepEqual(user.id, { resourceType: "user", resource: "0b9d…-1" });
    assert.equal(user.displayName, "Maria Silva");
    assert.deepEqual(user.user?.emails, [{ address: "maria.silva@acme-corp.example", primary: true }]);
    assert.equal(user.user?.status, "enabled");
    assert.equal(user.user?.accountType, "human");
    assert.equal(user.user?.login, "maria.silva@acme-corp.example");
    assert.equal(user.user?.lastLogin?.toISOString(), "2025-06-01T08:30:00.000Z");
    assert.equal(user.user?.createdAt?.toISOString(), "2024-05-02T10:00:00.000Z");
    assert.deepEqual(user.profile, {
      email: "maria.silva@acme-corp.example",
      full_name: "Maria Silva",
      is_active: true,
      last_login_at: "2025-06-01T08:30:00.000Z",
    });
  });

  it("marks an inactive user disabled, and says why", () => {
    const user = toUserResource({ id: "2", email: "gone@acme-corp.example", full_name: "Gone", is_active: false });
    assert.equal(user.user?.status, "disabled");
    assert.equal(user.user?.statusDetails, "deactivated in Runlayer (is_active is false)");
    assert.deepEqual(user.status, { status: "disabled", details: "deactivated in Runlayer (is_active is false)" });
    assert.equal(statusReasonOf(user), "deactivated");
  });

  it("leaves the last login out for a user who never signed in, and falls back to the email as name", () => {
    const user = toUserResource({
      id: "3",
      email: "new@acme-corp.example",
      full_name: "  ",
      is_active: true,
      last_login_at: null,
    });
    assert.equal(user.displayName, "new@acme-corp.example");
    assert.equal(user.user?.lastLogin, undefined);
    assert.equal(user.profile?.["last_login_at"], null);
  });

  it("does not guess a status Runlayer did not give, nor read an unparseable date", () => {
    const user = toUserResource({ id: "4", last_login_at: "yesterday" });
    assert.equal(user.displayName, "4");
    assert.equal(user.user?.status, "unspecified");
    assert.equal(statusReasonOf(user), "status_unknown");
    assert.deepEqual(user.user?.emails, []);
    assert.equal(user.user?.lastLogin, undefined);
  });
});

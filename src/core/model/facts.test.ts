import assert from "node:assert/strict";
import { test } from "node:test";
import {
  PRIVILEGED_KEY,
  STATUS_REASON_KEY,
  decodeResource,
  encodeResource,
  newResource,
  newRoleResource,
  newUserResource,
  privilegeOf,
  statusReasonOf,
} from "./index.ts";

test("a stated status reason is kept beside the words, in the user's profile and the resource's", () => {
  const user = newUserResource("user", "1", "Ann", {
    status: "disabled",
    statusDetails: "pending invite: not accepted yet",
    statusReason: "pending_invite",
    profile: { email: "ann@example.com" },
  });
  assert.deepStrictEqual(user.user?.profile, { email: "ann@example.com", [STATUS_REASON_KEY]: "pending_invite" });
  assert.deepStrictEqual(user.profile, user.user?.profile, "mirrored, as Baton's SDK mirrors the trait's profile");
  assert.equal(user.user?.statusDetails, "pending invite: not accepted yet");
  const decoded = decodeResource(encodeResource(user));
  assert.equal(statusReasonOf(decoded), "pending_invite", "it survives the protobuf round trip");
});

test("no reason stated leaves the profile as given, and reads as none", () => {
  const user = newUserResource("user", "1", "Ann", { profile: { a: 1 } });
  assert.deepStrictEqual(user.user?.profile, { a: 1 });
  assert.equal(statusReasonOf(user), undefined);
  assert.equal(statusReasonOf(newUserResource("user", "2", "Bo")), undefined);
  assert.equal(newUserResource("user", "2", "Bo").user?.profile, undefined, "no empty profile is invented");
});

test("a reason this build does not know reads as status_unknown: stated, not acted on", () => {
  const user = newUserResource("user", "1", "Ann", { profile: { [STATUS_REASON_KEY]: "on_sabbatical" } });
  assert.equal(statusReasonOf(user), "status_unknown");
});

test("a role's privileged marker is stated both ways, in the role's profile and the resource's", () => {
  const admin = newRoleResource("role", "admin", "Boss", { privileged: true, profile: { builtIn: true } });
  const viewer = newRoleResource("role", "viewer", "Admin viewer", { privileged: false });
  assert.deepStrictEqual(admin.role?.profile, { builtIn: true, [PRIVILEGED_KEY]: true });
  assert.deepStrictEqual(admin.profile, admin.role?.profile);
  assert.equal(privilegeOf(decodeResource(encodeResource(admin))), true);
  assert.equal(
    privilegeOf(decodeResource(encodeResource(viewer))),
    false,
    "false is a statement too, whatever the name says",
  );
  assert.equal(privilegeOf(newRoleResource("role", "x", "X")), undefined, "unstated");
  assert.equal(
    privilegeOf(newResource("role", "x", "X", { profile: { [PRIVILEGED_KEY]: "yes" } })),
    undefined,
    "only a boolean counts",
  );
});

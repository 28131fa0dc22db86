/**
 * The pure mappers from env0's JSON to Baton resources, on plain objects: statuses, account types,
 * ids, times, and what is never carried over (an API key's secret).
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { privilegeOf, statusReasonOf } from "../../core/index.ts";
import type { Env0ApiKey, Env0Member } from "./client.ts";
import { BUILTIN_ROLES, toBuiltinRoleResource, toCustomRoleResource, toUnknownRoleResource } from "./roles.ts";
import { teamMemberResourceId, toTeamResource } from "./teams.ts";
import { apiKeyResourceId, parseTime, toApiKeyResource, toMemberResource } from "./users.ts";

const member = (overrides: Partial<Env0Member> = {}): Env0Member => ({
  user: {
    user_id: "auth0|abc",
    email: "bo@x.example",
    name: "Bo K",
    given_name: "Bo",
    family_name: "K",
    created_at: "2024-01-02T03:04:05.000Z",
    last_login: "2024-06-01T10:00:00.000Z",
  },
  role: "Admin",
  status: "Active",
  ...overrides,
});

describe("members", () => {
  test("an active member is an enabled human with email, login, names, times and env0's role and status", () => {
    const resource = toMemberResource(member());
    assert.deepEqual(resource.id, { resourceType: "user", resource: "auth0|abc" });
    assert.equal(resource.displayName, "Bo K");
    assert.deepEqual(resource.user, {
      emails: [{ address: "bo@x.example", primary: true }],
      status: "enabled",
      accountType: "human",
      login: "bo@x.example",
      profile: { userId: "auth0|abc", role: "Admin", status: "Active", accountType: "member" },
      createdAt: new Date("2024-01-02T03:04:05.000Z"),
      lastLogin: new Date("2024-06-01T10:00:00.000Z"),
      structuredName: { givenName: "Bo", familyName: "K" },
    });
    assert.deepEqual(resource.status, { status: "enabled" });
  });

  test("an invite is disabled as a pending invite; any other status is disabled and says so", () => {
    const invited = toMemberResource(
      member({
        user: { user_id: "email|def", email: "cy@x.example", name: "cy@x.example" },
        role: "6f1c",
        status: "Invited",
      }),
    );
    assert.equal(invited.user?.status, "disabled");
    assert.match(invited.user?.statusDetails ?? "", /pending invite/);
    assert.equal(statusReasonOf(invited), "pending_invite");
    assert.equal(invited.user?.lastLogin, undefined);
    assert.equal(invited.user?.structuredName, undefined);
    const odd = toMemberResource(member({ status: "Suspended" }));
    assert.equal(odd.user?.status, "disabled");
    assert.match(odd.user?.statusDetails ?? "", /"Suspended" is not Active/);
    assert.doesNotMatch(odd.user?.statusDetails ?? "", /pending invite/);
    assert.equal(statusReasonOf(odd), "status_unknown", "env0 documents no status but Active and Invited");
    assert.equal(
      statusReasonOf(toMemberResource(member({ status: "Active" }))),
      undefined,
      "an active member needs no reason",
    );
  });

  test("without an email or a name, the user id names the member; a bad time is left out", () => {
    const bare = toMemberResource(member({ user: { user_id: "github|42", last_login: "yesterday" } }));
    assert.equal(bare.displayName, "github|42");
    assert.deepEqual(bare.user?.emails, []);
    assert.equal(bare.user?.login, undefined);
    assert.equal(bare.user?.lastLogin, undefined);
    assert.equal(parseTime(null), undefined);
    assert.equal(parseTime("2024-06-01T10:00:00.000Z")?.getTime(), Date.UTC(2024, 5, 1, 10));
  });
});

describe("API keys", () => {
  const key = {
    id: "k-1",
    name: "terraform-ci",
    apiKeyId: "abcd1234",
    organizationRole: "User",
    lastUsedAt: "2025-05-01T00:00:00.000Z",
    createdAt: null,
    createdBy: "auth0|abc",
    createdByUser: { user_id: "auth0|abc", email: "bo@x.example" },
  } satisfies Env0ApiKey;

  test("a key is an enabled service account under api-key:<id>, its key id as login, last use as last sign-in", () => {
    const resource = toApiKeyResource(key);
    assert.equal(resource.id.resource, "api-key:k-1");
    assert.equal(apiKeyResourceId("k-1"), "api-key:k-1");
    assert.equal(resource.user?.accountType, "service");
    assert.equal(resource.user?.login, "abcd1234");
    assert.equal(resource.user?.lastLogin?.toISOString(), "2025-05-01T00:00:00.000Z");
    assert.equal(resource.user?.createdAt, undefined);
    assert.deepEqual(resource.profile, {
      apiKeyId: "abcd1234",
      keyId: "k-1",
      role: "User",
      accountType: "api-key",
      createdBy: "auth0|abc",
      createdByEmail: "bo@x.example",
    });
    assert.equal(toApiKeyResource({ ...key, lastUsedAt: null }).user?.lastLogin, undefined);
  });

  test("a secret in the key's JSON is never carried into the resource", () => {
    const leaky = { ...key, apiKeySecret: "s3cr3t-value-of-the-key" } as Env0ApiKey;
    assert.ok(!JSON.stringify(toApiKeyResource(leaky)).includes("s3cr3t-value-of-the-key"));
  });
});

describe("roles and teams", () => {
  test("built-in, custom and unknown roles", () => {
    assert.deepEqual(
      BUILTIN_ROLES.map((role) => toBuiltinRoleResource(role).id.resource),
      ["Admin", "User"],
    );
    assert.deepEqual(
      BUILTIN_ROLES.map((role) => privilegeOf(toBuiltinRoleResource(role))),
      [true, false],
      "Admin is marked admin-grade",
    );
    const custom = toCustomRoleResource({
      id: "r-1",
      name: "Auditor",
      permissions: ["VIEW_ORGANIZATION"],
      isDefaultRole: false,
    });
    assert.deepEqual(
      [custom.id.resource, custom.displayName, custom.role?.profile],
      ["r-1", "Auditor", { builtIn: false, permissions: ["VIEW_ORGANIZATION"], isDefaultRole: false }],
    );
    const unknown = toUnknownRoleResource("r-gone");
    assert.deepEqual([unknown.id.resource, unknown.displayName], ["r-gone", "r-gone"]);
    assert.match(unknown.description ?? "", /not returned by \/roles/);
    assert.deepEqual(
      [privilegeOf(custom), privilegeOf(unknown)],
      [undefined, undefined],
      "env0 says of no custom role that it is admin-grade",
    );
  });

  test("a team is a group; its members are API keys when the id is a key's, people otherwise", () => {
    const team = toTeamResource({ id: "t-1", name: "SRE", description: "SRE team" });
    assert.deepEqual(
      [team.id, team.displayName, team.description, team.group],
      [
        { resourceType: "team", resource: "t-1" },
        "SRE",
        "SRE team",
        { profile: { teamId: "t-1", description: "SRE team" } },
      ],
    );
    const keys = new Set(["k-1"]);
    assert.equal(teamMemberResourceId("k-1", keys), "api-key:k-1");
    assert.equal(teamMemberResourceId("auth0|abc", keys), "auth0|abc");
  });
});

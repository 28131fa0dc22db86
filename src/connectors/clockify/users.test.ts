/**
 * The member mapper, on plain objects shaped like shared/apis/clockify.md's user example.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { STATUS_REASON_KEY, statusReasonOf, type StatusReason } from "../../core/index.ts";
import type { ApiUser } from "./client.ts";
import { roleGrantsOf, toUserResource, userStatus } from "./users.ts";

const WORKSPACE = "64a687e29ae1f428e7ebe303";
const OTHER = "64a687e29ae1f428e7ebe399";

function apiUser(overrides: Partial<ApiUser> & { membership?: string; otherMembership?: string } = {}): ApiUser {
  const { membership = "ACTIVE", otherMembership, ...rest } = overrides;
  return {
    id: "5a0ab5acb07987125438b60f",
    email: "ann@x.io",
    name: "Ann",
    status: "ACTIVE",
    memberships: [
      // The member's other workspace first: the mapper must pick by targetId, not position.
      ...(otherMembership
        ? [
            {
              userId: "5a0ab5acb07987125438b60f",
              targetId: OTHER,
              membershipType: "WORKSPACE",
              membershipStatus: otherMembership,
            },
          ]
        : []),
      {
        userId: "5a0ab5acb07987125438b60f",
        targetId: WORKSPACE,
        membershipType: "WORKSPACE",
        membershipStatus: membership,
      },
    ],
    roles: [{ role: "WORKSPACE_ADMIN" }],
    ...rest,
  };
}

describe("Clockify member mapping", () => {
  test("an active admin: enabled, email as login and primary email, Clockify's names in the profile", () => {
    const user = toUserResource(apiUser(), WORKSPACE);
    assert.deepEqual(user.id, { resourceType: "user", resource: "5a0ab5acb07987125438b60f" });
    assert.equal(user.displayName, "Ann");
    assert.equal(user.user?.status, "enabled");
    assert.equal(user.user?.statusDetails, undefined);
    assert.equal(user.user?.accountType, "human");
    assert.equal(user.user?.login, "ann@x.io");
    assert.deepEqual(user.user?.emails, [{ address: "ann@x.io", primary: true }]);
    assert.deepEqual(user.profile, {
      workspaceRoles: ["WORKSPACE_ADMIN"],
      membershipStatus: "ACTIVE",
      accountStatus: "ACTIVE",
    });
    assert.deepEqual(user.user?.profile, user.profile);
  });

  test("the status is this workspace's membership, not another workspace's", () => {
    const invited = toUserResource(apiUser({ membership: "PENDING", otherMembership: "ACTIVE" }), WORKSPACE);
    assert.equal(invited.user?.status, "disabled");
    assert.match(invited.user?.statusDetails ?? "", /^pending invite/);
    const active = toUserResource(
      apiUser({ membership: "ACTIVE", otherMembership: "INACTIVE" }),
      WORKSPACE.toUpperCase(),
    );
    assert.equal(active.user?.status, "enabled");
  });

  test("membership and account statuses combine as DESIGN.md says", () => {
    const cases: Array<[string | undefined, string | undefined, string, RegExp | undefined, StatusReason | undefined]> =
      [
        ["ACTIVE", "ACTIVE", "enabled", undefined, undefined],
        ["PENDING", "NOT_REGISTERED", "disabled", /pending invite.*NOT_REGISTERED/, "pending_invite"],
        [
          "PENDING",
          "PENDING_EMAIL_VERIFICATION",
          "disabled",
          /pending invite.*PENDING_EMAIL_VERIFICATION/,
          "pending_invite",
        ],
        ["PENDING", "ACTIVE", "disabled", /pending invite/, "pending_invite"],
        ["DECLINED", "ACTIVE", "disabled", /declined/, "invite_declined"],
        ["INACTIVE", "ACTIVE", "disabled", /deactivated/, "deactivated"],
        ["ACTIVE", "LIMITED", "enabled", /limited/, "limited_account"],
        ["ACTIVE", "DELETED", "deleted", /deleted/, "account_deleted"],
        ["PENDING", "DELETED", "deleted", /deleted/, "account_deleted"],
        ["INACTIVE", "LIMITED_DELETED", "deleted", /LIMITED_DELETED/, "account_deleted"],
        [undefined, "ACTIVE", "unspecified", /no membership/, "status_unknown"],
        ["SUSPENDED", "ACTIVE", "unspecified", /unknown .* SUSPENDED/, "status_unknown"],
      ];
    for (const [membership, account, status, details, reason] of cases) {
      const result = userStatus(membership, account);
      assert.equal(result.status, status, `${membership} + ${account}`);
      if (details) assert.match(result.details ?? "", details, `${membership} + ${account}`);
      else assert.equal(result.details, undefined);
      assert.equal(result.reason, reason, `${membership} + ${account}`);
      const user = toUserResource(
        apiUser({ membership: membership ?? "ACTIVE", ...(account === undefined ? {} : { status: account }) }),
        WORKSPACE,
      );
      if (membership !== undefined)
        assert.equal(statusReasonOf(user), reason, `${membership} + ${account}: stated in the stored user`);
    }
  });

  test("an invitee who never registered: named by email; no memberships at all is not taken as active", () => {
    const invitee = toUserResource(
      apiUser({ name: "ann@x.io", status: "NOT_REGISTERED", membership: "PENDING", roles: [] }),
      WORKSPACE,
    );
    assert.equal(invitee.displayName, "ann@x.io");
    assert.deepEqual(invitee.profile, {
      workspaceRoles: [],
      membershipStatus: "PENDING",
      accountStatus: "NOT_REGISTERED",
      [STATUS_REASON_KEY]: "pending_invite",
    });
    const bare = toUserResource(
      { id: "5a0ab5acb07987125438b610", email: null, name: null, memberships: null, roles: null },
      WORKSPACE,
    );
    assert.equal(bare.displayName, "5a0ab5acb07987125438b610");
    assert.deepEqual(bare.user?.emails, []);
    assert.equal(bare.user?.status, "unspecified");
    assert.deepEqual(bare.profile, { workspaceRoles: [], [STATUS_REASON_KEY]: "status_unknown" });
  });

  test("role grants come from the profile's role values, each once; values idsync does not know get grants too", () => {
    const user = toUserResource(
      apiUser({
        roles: [
          { role: "PROJECT_MANAGER" },
          { role: "TEAM_MANAGER" },
          { role: "PROJECT_MANAGER" },
          { role: "BILLING_VIEWER" },
        ],
      }),
      WORKSPACE,
    );
    assert.deepEqual(user.profile?.["workspaceRoles"], ["PROJECT_MANAGER", "TEAM_MANAGER", "BILLING_VIEWER"]);
    const grants = roleGrantsOf(user);
    assert.deepEqual(
      grants.map((grant) => grant.id),
      [
        "role:PROJECT_MANAGER:assigned:user:5a0ab5acb07987125438b60f",
        "role:TEAM_MANAGER:assigned:user:5a0ab5acb07987125438b60f",
        "role:BILLING_VIEWER:assigned:user:5a0ab5acb07987125438b60f",
      ],
    );
    assert.equal(
      grants[0]?.entitlement.resource.role !== undefined,
      true,
      "the entitlement's resource is the role itself",
    );
    assert.match(grants[2]?.entitlement.resource.description ?? "", /does not recognise/);
    assert.deepEqual(roleGrantsOf(toUserResource(apiUser({ roles: [] }), WORKSPACE)), []);
  });

  test("what a role covers goes on its grant, the workspace itself left out; entities of one role merge, each once", () => {
    const user = toUserResource(
      apiUser({
        roles: [
          { role: "WORKSPACE_ADMIN", entities: [{ id: WORKSPACE.toUpperCase(), name: "", source: null }] },
          {
            role: "PROJECT_MANAGER",
            entities: [{ id: "p1", name: "Apollo", source: null }, { id: "p1", name: "Apollo" }, { name: "no id" }],
          },
          { role: "PROJECT_MANAGER", entities: [{ id: "p2", name: null }] },
          { role: "TEAM_MANAGER", entities: [{ id: "u9", name: "Bo", source: { id: "g1", type: "USER_GROUP" } }] },
        ],
      }),
      WORKSPACE,
    );
    assert.deepEqual(user.profile?.["roleEntities"], {
      PROJECT_MANAGER: [{ id: "p1", name: "Apollo" }, { id: "p2" }],
      TEAM_MANAGER: [{ id: "u9", name: "Bo", source: { id: "g1", type: "USER_GROUP" } }],
    });
    const metadata = Object.fromEntries(
      roleGrantsOf(user).map((grant) => [grant.entitlement.resource.id.resource, grant.metadata]),
    );
    assert.deepEqual(metadata, {
      WORKSPACE_ADMIN: undefined,
      PROJECT_MANAGER: { entities: [{ id: "p1", name: "Apollo" }, { id: "p2" }] },
      TEAM_MANAGER: { entities: [{ id: "u9", name: "Bo", source: { id: "g1", type: "USER_GROUP" } }] },
    });
  });
});

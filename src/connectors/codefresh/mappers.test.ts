/** Pure functions, fed plain objects: records, resource mappers, error descriptions, offset paging. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { privilegeOf, statusReasonOf } from "../../core/index.ts";
import { accountIdOf, pickActiveAccount, type ActiveAccount } from "./account.ts";
import { describeCodefreshError, toMemberRecord, toTeamRecord } from "./client.ts";
import { ACCOUNT_ROLES, toRoleResource } from "./roles.ts";
import { toTeamResource } from "./teams.ts";
import { toUserResource, userStatus } from "./users.ts";

const INVITE = "https://g.codefresh.io/signup/invite?token=00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee";

describe("records", () => {
  it("finds the active account by name, its id from id or _id, and nothing when it is missing", () => {
    const user = {
      activeAccountName: "acme",
      account: [
        { _id: "a2", name: "other", admins: [] },
        { _id: "a1", name: "acme", admins: ["u1", 7 as unknown as string] },
      ],
    };
    assert.deepEqual(pickActiveAccount(user), { id: "a1", name: "acme", admins: new Set(["u1"]) });
    assert.equal(pickActiveAccount({ ...user, account: [{ id: "a9", name: "acme" }] })?.id, "a9");
    assert.equal(
      pickActiveAccount({ ...user, _id: "u1" })?.userId,
      "u1",
      "the key's own user, whom the member list must hold",
    );
    assert.equal(accountIdOf({ id: "x", _id: "y" }), "x");
    assert.equal(pickActiveAccount({ ...user, activeAccountName: "gone" }), undefined);
    assert.equal(pickActiveAccount({ account: user.account }), undefined);
    assert.equal(
      pickActiveAccount({ activeAccountName: "acme", account: [{ name: "acme" }] }),
      undefined,
      "an entry without any id",
    );
  });

  it("keeps only the compact fields of a member: never the invite link", () => {
    const record = toMemberRecord({
      _id: "u1",
      userName: "ada",
      email: "ada@x.io",
      status: "pending",
      personal: { firstName: "Ada", lastName: "Lovelace" },
      register_date: "2024-03-01T10:00:00.000Z",
      logins: [{ sso: false }, { sso: true }],
      inviteUrl: INVITE,
    });
    assert.deepEqual(record, {
      id: "u1",
      userName: "ada",
      email: "ada@x.io",
      status: "pending",
      sso: true,
      firstName: "Ada",
      lastName: "Lovelace",
      registeredAt: "2024-03-01T10:00:00.000Z",
    });
    assert.ok(!JSON.stringify(record).includes("token="));
    assert.equal(toMemberRecord({ userName: "no-id" }), undefined);
  });

  it("reads a team's members by id, skipping entries without one", () => {
    assert.deepEqual(
      toTeamRecord({ _id: "t1", name: "admins", type: "admin", tags: ["x"], users: [{ _id: "u1" }, null, {}] }),
      { id: "t1", name: "admins", type: "admin", tags: ["x"], memberIds: ["u1"] },
    );
    assert.deepEqual(toTeamRecord({ _id: "t2" }), { id: "t2", name: "t2", type: "default", tags: [], memberIds: [] });
  });
});

describe("resource mappers", () => {
  it("maps a member to a user: name, email, login, SSO, creation date", () => {
    const user = toUserResource({
      id: "u1",
      userName: "ada",
      email: "ada@x.io",
      status: "new",
      firstName: "Ada",
      lastName: "Lovelace",
      registeredAt: "2020-01-02T03:04:05.000Z",
      sso: true,
    });
    assert.deepEqual(user.id, { resourceType: "user", resource: "u1" });
    assert.equal(user.displayName, "Ada Lovelace");
    assert.deepEqual(user.user?.emails, [{ address: "ada@x.io", primary: true }]);
    assert.equal(user.user?.login, "ada");
    assert.equal(user.user?.status, "enabled");
    assert.equal(user.user?.ssoEnabled, true);
    assert.deepEqual(user.user?.structuredName, { givenName: "Ada", familyName: "Lovelace" });
    assert.equal(user.createdAt?.toISOString(), "2020-01-02T03:04:05.000Z");
  });

  it("marks a pending invite disabled with details saying so, and names it by its user name", () => {
    const invite = toUserResource({ id: "u2", userName: "bob@x.io", email: "bob@x.io", status: "pending", sso: false });
    assert.equal(invite.user?.status, "disabled");
    assert.match(invite.user?.statusDetails ?? "", /pending invite/);
    assert.equal(statusReasonOf(invite), "pending_invite", "stated as a fact too");
    assert.deepEqual(invite.status, { status: "disabled", details: invite.user?.statusDetails });
    assert.equal(invite.displayName, "bob@x.io");
    assert.equal(invite.user?.ssoEnabled, undefined);
    assert.deepEqual(userStatus("new"), { status: "enabled" });
    assert.deepEqual(
      userStatus("activated-somehow"),
      { status: "enabled" },
      "unknown statuses count as active (codefresh.md)",
    );
  });

  it("maps roles and teams; a role is held by the admins list, never by the user's own roles", () => {
    const account: ActiveAccount = { id: "a1", name: "acme", admins: new Set(["u1"]) };
    const [admin, user] = ACCOUNT_ROLES;
    assert.equal(toRoleResource(admin!, account).role !== undefined, true);
    assert.equal(toRoleResource(admin!, account).description, "Admin of the Codefresh account acme");
    assert.deepEqual(
      [privilegeOf(toRoleResource(admin!, account)), privilegeOf(toRoleResource(user!, account))],
      [true, false],
      "Admin is marked admin-grade",
    );
    const member = (id: string) => ({ id, userName: id, email: "", status: "new", sso: false });
    assert.deepEqual([admin!.holds(member("u1"), account), user!.holds(member("u1"), account)], [true, false]);
    assert.deepEqual([admin!.holds(member("u2"), account), user!.holds(member("u2"), account)], [false, true]);
    const team = toTeamResource({ id: "t1", name: "admins", type: "admin", tags: [], memberIds: [] });
    assert.ok(team.group);
    assert.deepEqual(
      [team.id.resourceType, team.displayName, team.profile],
      ["team", "admins", { type: "admin", tags: [] }],
    );
  });
});

describe("describeCodefreshError", () => {
  const info = (status: number, body: unknown, endpoint = "GET /user") => ({
    status,
    body: typeof body === "string" ? body : JSON.stringify(body),
    endpoint,
    headers: new Headers(),
  });

  it("quotes Codefresh's message and name, with a hint per status", () => {
    const unauthorized = describeCodefreshError(
      info(401, { status: 401, code: "2401", name: "UNAUTHORIZED_ERROR", message: "Unauthorized", context: {} }),
    );
    assert.equal(unauthorized?.message, "Unauthorized (UNAUTHORIZED_ERROR 2401)");
    assert.match(unauthorized?.hint ?? "", /API Keys.*Bearer/);
    const forbidden = describeCodefreshError(
      info(403, { status: 403, code: "2400", name: "FORBIDDEN_ERROR", message: "nope" }, "GET /accounts/a1/users"),
    );
    assert.equal(forbidden?.kind, undefined);
    assert.match(forbidden?.hint ?? "", /members.*every scope/);
    assert.match(describeCodefreshError(info(404, "<html>Not Found</html>"))?.hint ?? "", /--base-url/);
    assert.equal(
      describeCodefreshError(info(404, "<html>Not Found</html>"))?.message,
      undefined,
      "a non-Codefresh body keeps the generic text",
    );
    assert.match(describeCodefreshError(info(429, ""))?.hint ?? "", /per API key/);
    assert.equal(describeCodefreshError(info(500, "oops")), undefined);
  });

  it("treats a key restricted for unusual activity as a restriction, not a throttle: its own message, never retried", () => {
    const blocked = describeCodefreshError(
      info(403, {
        status: 403,
        name: "FORBIDDEN_ERROR",
        message: "Access for this API key has been restricted due to unusual activity",
      }),
    );
    assert.equal(blocked?.kind, "permission-denied");
    assert.match(
      blocked?.message ?? "",
      /^Codefresh has restricted this API key for unusual activity .*retrying will not lift it$/,
    );
    assert.match(blocked?.hint ?? "", /not a rate limit.*new key.*Codefresh support/);
    assert.doesNotMatch(blocked?.hint ?? "", /scope/, "not the hint of a missing scope");
  });
});

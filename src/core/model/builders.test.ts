/**
 * The builders' objects as the store reads them: plain V8 objects with fast properties. An
 * object a key was deleted from becomes a hash table, and every read of it a lookup, which made
 * encoding users and grants about a third slower.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { test } from "node:test";
import { dropUndefined } from "./index.ts";

test("dropUndefined leaves out undefined keys, in their order, without touching its argument", () => {
  const input = { a: 1, b: undefined, c: "x", d: undefined };
  assert.deepStrictEqual(Object.keys(dropUndefined(input)), ["a", "c"]);
  assert.deepStrictEqual(Object.keys(input), ["a", "b", "c", "d"]);
});

test("users, groups, roles and grants from the builders keep V8's fast properties", () => {
  // %HasFastProperties needs --allow-natives-syntax, so the check runs in a child process.
  const script = `
    import { newGrant, newGroupResource, newRoleResource, newUserResource } from ${JSON.stringify(path.join(import.meta.dirname, "index.ts"))};
    const user = newUserResource("user", "u1", "Ada", { emails: ["ada@example.com"], login: "ada", profile: { a: 1 } });
    const group = newGroupResource("group", "g1", "Team", {});
    const role = newRoleResource("role", "r1", "Admin", {});
    const grant = newGrant(group, "member", user);
    const objects = { user, userTrait: user.user, group, groupTrait: group.group, role, roleTrait: role.role, grant, entitlement: grant.entitlement };
    const slow = Object.entries(objects).filter(([, value]) => !%HasFastProperties(value)).map(([name]) => name);
    process.stdout.write(JSON.stringify(slow));
  `;
  const child = spawnSync(process.execPath, ["--allow-natives-syntax", "--input-type=module", "-e", script], {
    encoding: "utf8",
  });
  assert.equal(child.status, 0, child.stderr);
  assert.deepStrictEqual(JSON.parse(child.stdout), [], "objects in dictionary mode");
});

import assert from "node:assert/strict";
import { test } from "node:test";
import { privilegeOf } from "../../core/index.ts";
import { toRoleResource } from "./roles.ts";

test("the owner and workspace admins are marked admin-grade, managers not, an unknown value neither", () => {
  const marks = ["WORKSPACE_OWN", "WORKSPACE_ADMIN", "TEAM_MANAGER", "PROJECT_MANAGER", "BILLING_VIEWER"].map((value) =>
    privilegeOf(toRoleResource(value)),
  );
  assert.deepStrictEqual(marks, [true, true, false, false, undefined]);
});

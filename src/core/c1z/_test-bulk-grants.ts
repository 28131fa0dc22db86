/**
 * @module
 * A small sync with more grants than any other rows, for the deferred-index tests: 200 users
 * in 1 to 3 of 3 groups. A child process the tests kill imports it too, so both sides write the
 * same rows.
 */
import type { DatabaseSync } from "node:sqlite";
import { newEntitlement, newGrant, newGroupResource, newUserResource } from "../model/index.ts";
import { text } from "./_sql.ts";
import type { C1zWriter } from "./writer.ts";

const userType = { id: "user", displayName: "User", traits: ["user" as const] };
const groupType = { id: "group", displayName: "Group", traits: ["group" as const] };
export const groups = Array.from({ length: 3 }, (_, g) => newGroupResource(groupType, `g${g}`, `Group ${g}`));
export const users = Array.from({ length: 200 }, (_, u) => newUserResource(userType, `u${u}`, `Person ${u}`));
export const grants = users.flatMap((user, u) => groups.slice(0, 1 + (u % 3)).map((g) => newGrant(g, "member", user)));
export const firstGroupMembers = newEntitlement(groups[0]!, "member").id;

/** Starts a sync and writes everything but the grants. Returns the sync's id. */
export function startBulkSync(writer: C1zWriter): string {
  const syncId = writer.startSync();
  writer.putResourceTypes([userType, groupType]);
  writer.putResources([...groups, ...users]);
  writer.putEntitlements(groups.map((g) => newEntitlement(g, "member")));
  return syncId;
}

/** Puts `list` 50 grants a call, as expansion puts its batches. */
export function putInBatches(writer: C1zWriter, list: typeof grants): void {
  for (let start = 0; start < list.length; start += 50) writer.putGrants(list.slice(start, start + 50));
}

/** The indexes of v1_grants, `name: sql`, by name. */
export const grantIndexes = (db: DatabaseSync): string[] =>
  db
    .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'v1_grants' ORDER BY name")
    .all()
    .map((row) => `${text(row, "name")}: ${text(row, "sql")}`);

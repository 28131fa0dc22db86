import assert from "node:assert/strict";
import { test } from "node:test";
import {
  encodeGrant,
  encodeGrantExpandable,
  newGrant,
  newGroupResource,
  newUserResource,
  type Grant,
} from "../model/index.ts";
import { RandomModel } from "../model/_test-random-model.ts";
import { decodeRow } from "./_row-errors.ts";
import { grantFromRow } from "./_rows.ts";
import { SharedGrantDecoder } from "./_shared-grants.ts";
import type { Row } from "./_sql.ts";

const CASES = 100;

function rowOf(grant: Grant, data: Uint8Array, rowId: number, expansion: Uint8Array | null = null): Row {
  // As node:sqlite returns blobs: Uint8Arrays over an ArrayBuffer of their own.
  const blob = (bytes: Uint8Array): Uint8Array<ArrayBuffer> => Uint8Array.from(bytes);
  return {
    id: rowId,
    external_id: grant.id,
    data: blob(data),
    expansion: expansion && blob(expansion),
    entitlement_id: grant.entitlement.id,
    resource_type_id: grant.entitlement.resource.id.resourceType,
    resource_id: grant.entitlement.resource.id.resource,
    principal_resource_type_id: grant.principal.id.resourceType,
    principal_resource_id: grant.principal.id.resource,
  };
}

/** What decoding a row gives: the grant, or the one-line problem a damaged row is named by. */
function outcome(decode: (row: Row) => Grant, row: Row): Grant | string {
  try {
    return decodeRow("v1_grants", row, decode);
  } catch (error) {
    return (error as Error).message;
  }
}

/**
 * Rows whose parts repeat as a file's do (a few principals, entitlements and source sets,
 * mixed), some of them slim, carrying an expansion column, with a field given twice, or with a
 * byte changed at random.
 */
function* randomRows(seed: number): Generator<Row> {
  const random = new RandomModel(seed);
  const pool = Array.from({ length: 4 }, () => random.grant());
  for (let n = 0; n < 40; n++) {
    const base = random.grant();
    const grant: Grant = {
      ...base,
      entitlement: random.pick(pool).entitlement,
      principal: random.pick(pool).principal,
    };
    if (random.chance(0.5)) {
      const sources = random.pick(pool).sources;
      if (sources) grant.sources = sources;
      else delete grant.sources;
    }
    let data = encodeGrant(grant, { omitExpandable: random.chance(0.5) });
    let expansion: Uint8Array | null = null;
    const variant = random.int(10);
    if (variant === 0 && grant.expandable) expansion = encodeGrantExpandable(grant.expandable);
    if (variant === 1)
      data = encodeGrant({
        ...grant,
        entitlement: { id: "", resource: { id: { resourceType: "", resource: "" }, displayName: "" } },
      });
    if (variant === 2) data = new Uint8Array([...data, ...data.subarray(0, Math.min(data.length, 12))]);
    if (variant === 3 && data.length > 0) {
      data = Uint8Array.from(data);
      data[random.int(data.length)] = random.int(256);
    }
    yield rowOf(grant, data, n + 1, expansion);
  }
}

test("a shared decoder yields what grantFromRow yields, row by row, damaged rows included", () => {
  for (let seed = 1; seed <= CASES; seed++) {
    const shared = new SharedGrantDecoder();
    let n = 0;
    for (const row of randomRows(seed)) {
      n++;
      assert.deepStrictEqual(
        outcome((r) => shared.decode(r), row),
        outcome(grantFromRow, row),
        `seed ${seed}, row ${n}`,
      );
    }
  }
});

test("grants with the same bytes in a part share that part's object", () => {
  const userType = { id: "user", displayName: "User", traits: ["user" as const] };
  const alice = newUserResource(userType, "alice", "Alice", { emails: ["alice@example.com"] });
  const team = newGroupResource({ id: "group", displayName: "Group", traits: ["group" as const] }, "team", "Team");
  const grant = { ...newGrant(team, "member", alice), sources: { "group:other:member": { isDirect: false } } };
  const row = (rowId: number) => rowOf(grant, encodeGrant(grant, { omitExpandable: true }), rowId);
  const shared = new SharedGrantDecoder();
  const [first, second] = [shared.decode(row(1)), shared.decode(row(2))];
  assert.equal(first.principal, second.principal);
  assert.equal(first.entitlement, second.entitlement);
  assert.equal(first.sources, second.sources);
  assert.deepStrictEqual(first, grantFromRow(row(1)));
});

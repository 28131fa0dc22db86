import assert from "node:assert/strict";
import { test } from "node:test";
import { csvLine, EXPORT_COLUMNS, type ExportRowParts } from "../../review/index.ts";
import { seededRandom } from "../../testkit/random.ts";
import { ExportLines } from "./_export-lines.ts";

const VALUES = ["plain", "a, b", 'say "hi"', "=SUM(A1)", "-1", "line\nbreak", "Zoë", "", null];

/** A part whose reads are counted, to see how often it is formatted. */
function counted<T extends object>(part: T, reads: { count: number }): T {
  return new Proxy(part, {
    get(target, key, receiver) {
      reads.count++;
      return Reflect.get(target, key, receiver) as unknown;
    },
  });
}

test("export lines are csvLine and JSON.stringify of the row, and shared parts are formatted once", () => {
  const random = seededRandom(7);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const reads = { count: 0 };
  const principal = counted(
    {
      app: "acme",
      principal_type: "user",
      principal_id: pick(VALUES) ?? "u1",
      principal_name: pick(VALUES),
      email: pick(VALUES),
      account_type: "human",
      status: "enabled",
      status_details: pick(VALUES),
      last_login: null,
    },
    reads,
  );
  const targets = Array.from({ length: 3 }, () =>
    counted(
      {
        resource_type: "group",
        resource_id: pick(VALUES) ?? "g",
        resource_name: pick(VALUES),
        entitlement_id: pick(VALUES) ?? "e",
        entitlement_name: pick(VALUES),
      },
      reads,
    ),
  );
  const rows: ExportRowParts[] = Array.from({ length: 200 }, (_, n) => ({
    principal,
    target: pick(targets),
    grant: { direct: random() < 0.5, via: pick(VALUES), grant_id: `grant ${n}, "${pick(VALUES)}"` },
  }));
  for (const guardFormulas of [false, true]) {
    const csv = new ExportLines("csv", { guardFormulas });
    const json = new ExportLines("json", {});
    reads.count = 0;
    for (const row of rows) {
      const flat = { ...row.principal, ...row.target, ...row.grant };
      assert.equal(
        csv.line(row),
        csvLine(
          EXPORT_COLUMNS.map((column) => flat[column]),
          { guardFormulas },
        ),
      );
      assert.equal(json.line(row), JSON.stringify(Object.fromEntries(EXPORT_COLUMNS.map((c) => [c, flat[c]]))));
    }
    // Formatting a part reads each of its columns once: 9 for the principal, 5 per target, in
    // each format, plus the reads that made `flat` above (14 per row).
    assert.equal(reads.count, 2 * (9 + 5 * targets.length) + rows.length * 14);
  }
});

/**
 * `export` on seeded random files: names with commas, quotes and formula starts, pending and
 * disabled users, API keys, bare-id principals looked up, grants held directly, through one
 * or several sources, or both. The CSV and JSON outputs are pinned by digest, taken from the
 * export as it was before grants were decoded with shared parts, so that faster decoding
 * changed no byte of any output.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import path from "node:path";
import { test } from "node:test";
import {
  C1zWriter,
  newEntitlement,
  newGrant,
  newGroupResource,
  newRoleResource,
  newUserResource,
  type Grant,
  type Resource,
} from "../../core/index.ts";
import { groupType, roleType, tempFolder, userType } from "../../review/_test-tenant.ts";
import { seededRandom } from "../../testkit/random.ts";
import { run } from "./_test-run.ts";

const NAME_PIECES = [
  "Ann",
  "Bo",
  "=SUM(A1)",
  "+1",
  "-x",
  "@home",
  'say "hi"',
  "a, b",
  "line\nbreak",
  "Zoë",
  "\tTab",
  "",
];

async function writeRandomFile(file: string, seed: number): Promise<void> {
  const random = seededRandom(seed);
  const int = (below: number) => Math.floor(random() * below);
  const pick = <T>(list: readonly T[]): T => list[int(list.length)]!;
  const name = () => `${pick(NAME_PIECES)} ${pick(NAME_PIECES)}`.trim();
  const users = Array.from({ length: 60 }, (_, u) =>
    u % 9 === 0
      ? newUserResource(userType, `k${u}`, name(), { accountType: "service", login: `key-${u}` })
      : newUserResource(userType, `u${u}`, name(), {
          ...(random() < 0.8 ? { emails: [`p${u}@example.com`] } : {}),
          ...(random() < 0.2
            ? { status: "disabled" as const, statusDetails: pick(["pending invite", "left, gone"]) }
            : {}),
          ...(random() < 0.7 ? { lastLogin: new Date(Date.UTC(2025, 0, 1) - int(400) * 86_400_000) } : {}),
        }),
  );
  const groups = Array.from({ length: 5 }, (_, g) => newGroupResource(groupType, `g${g}`, name()));
  const roles = Array.from({ length: 3 }, (_, r) => newRoleResource(roleType, `r${r}`, name()));
  const targets = [
    ...groups.map((resource) => ({ resource, slug: "member" })),
    ...roles.map((resource) => ({ resource, slug: "assigned" })),
  ];
  const entitlements = targets.map(({ resource, slug }) =>
    newEntitlement(resource, slug, random() < 0.7 ? { displayName: name() } : {}),
  );
  const grants = new Map<string, Grant>();
  for (let n = 0; n < 400; n++) {
    const on = pick(targets);
    const user = pick(users);
    // Half the grants embed only the principal's id, as Baton's SDK writes them.
    const principal: Resource | Resource["id"] = random() < 0.5 ? user : user.id;
    const grant = newGrant(on.resource, on.slug, principal);
    const sourceCount = int(4);
    if (sourceCount > 0) {
      grant.sources = {};
      for (let s = 0; s < sourceCount; s++) {
        const source = random() < 0.3 ? grant.entitlement.id : pick(entitlements).id;
        grant.sources[source] = { isDirect: source === grant.entitlement.id };
      }
    }
    grants.set(grant.id, grant);
  }
  const writer = await C1zWriter.open(file);
  writer.startSync();
  writer.putResourceTypes([userType, groupType, roleType]);
  writer.putResources([...users, ...groups, ...roles]);
  writer.putEntitlements(entitlements);
  writer.putGrants(grants.values());
  writer.endSync();
  await writer.save();
}

const digest = (text: string): string => createHash("sha256").update(text).digest("hex").slice(0, 32);

// Taken from the export before grants were decoded with shared parts.
const PINNED: Record<number, { csv: string; json: string }> = {
  1: { csv: "56fa84827068555d02443c67b570b8cf", json: "d0baba27876732902f9a5fdf4964f6b8" },
  2: { csv: "d0df5e1c8ad2b0964493c553831bbe03", json: "364ef8c001ad59289cd4609e2b593114" },
};

for (const seed of Object.keys(PINNED).map(Number)) {
  test(`export of random file ${seed}: the same CSV and JSON bytes as before`, async (t) => {
    const file = path.join(tempFolder(t), "random.c1z");
    await writeRandomFile(file, seed);
    const outputs: Record<string, string> = {};
    for (const format of ["csv", "json"]) {
      const { code, stdout, stderr } = await run(["export", format, "-f", file]);
      assert.equal(code, 0, stderr);
      assert.ok(stdout.split("\n").length > 200, "a file worth exporting");
      outputs[format] = digest(stdout);
    }
    assert.deepEqual(outputs, PINNED[seed]);
  });
}

/**
 * The reading commands on files the connectors wrote from the simulated tenants, cross-checked
 * against what the tenants hold: every command's console and JSON output, for every app.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { run } from "../src/cli/commands/_test-run.ts";
import {
  C1zReader,
  C1zWriter,
  EXIT_CODES,
  PRIVILEGED_KEY,
  STATUS_REASON_KEY,
  privilegeOf,
  type JsonObject,
  type Resource,
} from "../src/core/index.ts";
import { reviewSync, type SyncReview } from "../src/review/index.ts";
import { tempDir } from "../src/testkit/index.ts";

const APPS = ["clockify", "codefresh", "env0", "runlayer"] as const;
/** Shared by every test of this file; removed when the file ends. */
const out = tempDir({ after }, "idsync-reading-");

async function json<T>(...argv: string[]): Promise<T> {
  const result = await run([...argv, "-o", "json"]);
  assert.equal(result.code, EXIT_CODES.ok, `${argv.join(" ")}: ${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}

interface UserJson {
  type: string;
  id: string;
  status: string;
  statusDetails: string | null;
  user: { email: string | null; accountType: string; pendingInvite: boolean } | null;
}

/** The resource as a file written before connectors stated facts holds it: no reason, no marker. */
function withoutStatedFacts(resource: Resource): Resource {
  const strip = (profile: JsonObject | undefined): JsonObject | undefined => {
    if (!profile) return profile;
    const { [STATUS_REASON_KEY]: _reason, [PRIVILEGED_KEY]: _marker, ...rest } = profile;
    return rest;
  };
  const copy: Resource = { ...resource };
  if (copy.profile) copy.profile = strip(copy.profile)!;
  if (copy.user?.profile) copy.user = { ...copy.user, profile: strip(copy.user.profile)! };
  if (copy.role?.profile) copy.role = { ...copy.role, profile: strip(copy.role.profile)! };
  return copy;
}

/** Copies the file's latest sync to `target` with every stated fact taken out; returns how many roles were marked. */
async function copyWithoutStatedFacts(file: string, target: string): Promise<number> {
  const reader = await C1zReader.open(file);
  const writer = await C1zWriter.open(target);
  try {
    const syncId = reader.resolveSync().id;
    writer.startSync();
    writer.putResourceTypes(reader.resourceTypes(syncId));
    const resources = [...reader.resources(syncId)];
    writer.putResources(resources.map(withoutStatedFacts));
    writer.putEntitlements(
      [...reader.entitlements(syncId)].map((entitlement) => ({
        ...entitlement,
        resource: withoutStatedFacts(entitlement.resource),
      })),
    );
    writer.putGrants(
      [...reader.grants(syncId)].map((grant) => ({
        ...grant,
        entitlement: { ...grant.entitlement, resource: withoutStatedFacts(grant.entitlement.resource) },
        principal: withoutStatedFacts(grant.principal),
      })),
    );
    writer.endSync();
    await writer.save();
    return resources.filter((resource) => privilegeOf(resource) !== undefined).length;
  } finally {
    reader.close();
  }
}

/** What a review found, by user id: the findings the stated facts decide. */
async function findings(file: string): Promise<Record<string, unknown>> {
  const reader = await C1zReader.open(file);
  try {
    const review: SyncReview = reviewSync(reader, reader.resolveSync());
    const ids = (users: ReadonlyArray<{ resource: Resource }>) => users.map((user) => user.resource.id.resource);
    return {
      admins: review.admins.map((admin) => [admin.resource.id.resource, admin.adminRoles]),
      pendingInvites: ids(review.pendingInvites),
      inactiveWithAccess: ids(review.inactiveWithAccess),
      dormant: ids(review.dormant),
    };
  } finally {
    reader.close();
  }
}

before(async () => {
  const demo = await run(["demo", "--out", out]);
  assert.equal(demo.code, EXIT_CODES.ok, demo.stderr);
});

describe("reading the simulated tenants' files", () => {
  for (const app of APPS) {
    test(`${app}: every listing in console and JSON agrees with the stats`, async () => {
      const file = join(out, `${app}.c1z`);
      const stats = await json<{
        resources: number;
        grants: number;
        users: { total: number; pendingInvites: number; service: number };
      }>("stats", "-f", file);
      const users = await json<{ resources: UserJson[]; count: number }>("resources", "-f", file, "-t", "user");
      assert.equal(users.count, stats.users.total);
      assert.equal(users.resources.filter((u) => u.user?.pendingInvite).length, stats.users.pendingInvites);
      for (const user of users.resources.filter((u) => u.user?.pendingInvite)) {
        assert.equal(user.status, "disabled", `${user.id}: a pending invite is never enabled`);
        assert.match(user.statusDetails ?? "", /pending invite/);
      }
      assert.equal(users.resources.filter((u) => u.user?.accountType === "service").length, stats.users.service);

      const all = await json<{ count: number }>("resources", "-f", file);
      assert.equal(all.count, stats.resources);
      const grants = await json<{ count: number }>("grants", "-f", file);
      assert.equal(grants.count, stats.grants);
      const types = await json<{ resourceTypes: Array<{ id: string; resources: number }> }>(
        "resource-types",
        "-f",
        file,
      );
      assert.equal(
        types.resourceTypes.reduce((sum, t) => sum + t.resources, 0),
        stats.resources,
      );
      const syncs = await json<{ syncs: unknown[] }>("syncs", "-f", file);
      assert.equal(syncs.syncs.length, 2, "first and second sync");

      for (const argv of [
        ["resource-types"],
        ["resources", "-t", "user"],
        ["entitlements"],
        ["grants"],
        ["syncs"],
        ["stats"],
        ["diff"],
      ]) {
        const console = await run([...argv, "-f", file]);
        assert.equal(console.code, EXIT_CODES.ok, `${argv.join(" ")}: ${console.stderr}`);
        assert.ok(console.stdout.split("\n").length > 2, `${argv.join(" ")} printed a table`);
      }
    });
  }

  test("stats and review count the same dormant accounts, for every app", async () => {
    for (const app of APPS) {
      const file = join(out, `${app}.c1z`);
      const stats = await json<{ users: { dormant: number | null; staleDays: number } }>("stats", "-f", file);
      const review = await json<{ staleDays: number; apps: Array<{ counts: { dormant: number | null } }> }>(
        "review",
        "-f",
        file,
      );
      assert.equal(stats.users.staleDays, review.staleDays, app);
      assert.equal(stats.users.dormant, review.apps[0]!.counts.dormant, `${app}: one definition of dormant`);
    }
  });

  test("one person's access, by email, across the apps they are in", async () => {
    // Nadia joins Clockify, Codefresh and env0 in the second round; each reports what she holds.
    const missing = await run(["access", "-f", join(out, "runlayer.c1z"), "--email", "nadia.kovacs@acme-corp.example"]);
    assert.equal(missing.code, EXIT_CODES.invalidConfig);
    assert.match(
      missing.stderr,
      /^error: .*runlayer\.c1z: no user with the email nadia\.kovacs@acme-corp\.example in sync \w+\nhint: /,
    );
    for (const app of ["clockify", "codefresh", "env0"]) {
      const file = join(out, `${app}.c1z`);
      const result = await json<{ principal: UserJson; access: Array<{ entitlementId: string; direct: boolean }> }>(
        "access",
        "-f",
        file,
        "--email",
        "nadia.kovacs@acme-corp.example",
      );
      assert.equal(result.principal.user?.email, "nadia.kovacs@acme-corp.example");
      assert.ok(result.access.length > 0, `${app}: she holds something`);
    }
  });

  test("diff of the two syncs names the joiners and the leaver", async () => {
    for (const app of APPS) {
      const diff = await json<{
        summary: { users: { added: number; removed: number } };
        users: { added: UserJson[]; removed: UserJson[] };
      }>("diff", join(out, `${app}.c1z`));
      assert.ok(diff.summary.users.added >= 2, `${app}: joiners`);
      assert.ok(diff.summary.users.removed >= 1, `${app}: a leaver`);
      assert.equal(diff.users.added.length, diff.summary.users.added);
    }
  });

  test("the facts the connectors state find what the words and role names found before", async () => {
    for (const app of APPS) {
      const file = join(out, `${app}.c1z`);
      const legacy = join(out, `${app}-without-facts.c1z`);
      assert.ok((await copyWithoutStatedFacts(file, legacy)) > 0, `${app}: its roles are marked`);
      const stated = await findings(file);
      assert.ok((stated["admins"] as unknown[]).length > 0, `${app}: the tenant has admins`);
      assert.deepStrictEqual(
        stated,
        await findings(legacy),
        `${app}: same review from the stated facts as from the fallback`,
      );
    }
  });

  test("export joins the four apps into one table, one row per grant", async () => {
    const files = APPS.flatMap((app) => ["-f", join(out, `${app}.c1z`)]);
    const csv = await run(["export", "csv", ...files]);
    assert.equal(csv.code, EXIT_CODES.ok, csv.stderr);
    const lines = csv.stdout.split("\r\n").filter(Boolean);
    let grants = 0;
    for (const app of APPS) grants += (await json<{ grants: number }>("stats", "-f", join(out, `${app}.c1z`))).grants;
    assert.equal(lines.length - 1, grants);
    assert.deepEqual(new Set(lines.slice(1).map((line) => line.split(",")[0])), new Set(APPS));
  });
});

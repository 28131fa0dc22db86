/**
 * The explorer's API returns what the reading commands print with `-o json`, a page at a time.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { useExplorer } from "../../explorer/_test-support.ts";
import { BATON_EXPANDED, BATON_UNEXPANDED, run, runJson, tenantFiles, type TenantFiles } from "./_test-run.ts";

let files: TenantFiles | undefined;
const tenant = () => files!;
// clockify.c1z holds two syncs (for diff and admin changes); january.c1z one; Baton's
// unexpanded file only an old unfinished one.
const served = useExplorer(async (cleanups) => {
  files = await tenantFiles(cleanups);
  return [files.twoSyncs, files.january, BATON_EXPANDED, BATON_UNEXPANDED];
});
const BATON = "expansion.expanded";

type Items = Array<Record<string, unknown>>;

/** A page of a listing: the command's keys plus the paging ones. */
interface Listing {
  file: string;
  syncId: string;
  count: number;
  total: number;
  offset: number;
  limit: number;
  resources: Array<{ type: string; id: string }>;
  grants: Items;
}

const query = (path: string, params: Record<string, string | number>) =>
  `${path}?${new URLSearchParams(Object.entries(params).map(([key, value]): [string, string] => [key, String(value)]))}`;

test("/api/apps: each app with its file, sync, note and the stats document", async () => {
  const files = tenant();
  const document = (await served().json("/api/apps")) as { apps: Array<Record<string, unknown>>; count: number };
  assert.deepStrictEqual(
    document.apps.map((app) => [app.app, app.file, app.note]),
    [
      ["clockify", files.twoSyncs, null],
      ["january", files.january, null],
      [BATON, BATON_EXPANDED, null],
      ["expansion.unexpanded", BATON_UNEXPANDED, (await run(["stats", "-f", BATON_UNEXPANDED])).stderr.trim()],
    ],
  );
  assert.match(
    document.apps[3]!.note as string,
    /^note: .+ has no finished full sync; showing the unfinished full sync/,
  );
  assert.equal(document.count, 4);
  for (const [index, file] of [files.twoSyncs, files.january, BATON_EXPANDED].entries()) {
    const stats = (await runJson(["stats", "-f", file])) as { sync: unknown };
    assert.deepStrictEqual(document.apps[index]!.stats, stats);
    assert.deepStrictEqual(document.apps[index]!.sync, stats.sync);
  }
});

test("/api/resource-types and /api/entitlements equal their commands", async () => {
  const file = tenant().twoSyncs;
  assert.deepStrictEqual(
    await served().json("/api/resource-types?app=clockify"),
    await runJson(["resource-types", "-f", file]),
  );
  const entitlements = (await served().json(
    query("/api/entitlements", { app: "clockify", type: "role", resource: "r-admin" }),
  )) as Listing;
  const cli = (await runJson(["entitlements", "-f", file, "-t", "role", "-r", "r-admin"])) as Record<string, unknown>;
  assert.deepStrictEqual(entitlements, { ...cli, total: 1, offset: 0, limit: 50 });
});

test("/api/resources: the command's list, paged, with the filtered total", async () => {
  const file = tenant().twoSyncs;
  const cli = (await runJson(["resources", "-f", file])) as { resources: Items; count: number };
  const whole = (await served().json("/api/resources?app=clockify&limit=200")) as Listing;
  assert.deepStrictEqual(whole, { ...cli, total: cli.count, offset: 0, limit: 200 });

  const users = (await runJson(["resources", "-f", BATON_EXPANDED, "-t", "user"])) as { resources: Items };
  assert.equal(users.resources.length, 1000);
  const last = (await served().json(
    query("/api/resources", { app: BATON, type: "user", offset: 990, limit: 20 }),
  )) as Listing;
  assert.deepStrictEqual([last.count, last.total, last.offset, last.limit], [10, 1000, 990, 20]);
  assert.deepStrictEqual(last.resources, users.resources.slice(990));
  const first = (await served().json(query("/api/resources", { app: BATON, type: "user" }))) as Listing;
  assert.deepStrictEqual(first.resources, users.resources.slice(0, 50));
});

test("/api/resources?q=: a case-insensitive match on name, id, any email or the login", async () => {
  const ids = async (app: string, q: string, extra: Record<string, string | number> = {}) => {
    const page = (await served().json(query("/api/resources", { app, q, ...extra }))) as Listing;
    assert.equal(page.count, page.resources.length);
    return { ids: page.resources.map((resource) => `${resource.type}:${resource.id}`), total: page.total };
  };
  assert.deepStrictEqual(await ids("clockify", "ALICE"), { ids: ["user:u-alice"], total: 1 });
  assert.deepStrictEqual(await ids("clockify", "corp.example"), { ids: ["user:u-alice"], total: 1 });
  assert.deepStrictEqual(await ids("january", "ci-DEPLOY"), { ids: ["user:k-ci"], total: 1 });
  assert.deepStrictEqual(await ids("january", "g-"), { ids: ["group:g-eng", "group:g-platform"], total: 2 });
  assert.deepStrictEqual(await ids("clockify", "nobody-here"), { ids: [], total: 0 });
  // Total counts every match; the page holds only its slice.
  const page = await ids(BATON, "USER-000000", { type: "user", offset: 5, limit: 3 });
  assert.deepStrictEqual(page, { ids: ["user:user-0000005", "user:user-0000006", "user:user-0000007"], total: 10 });
});

test("/api/grants: who holds an entitlement, paged, equal to `grants -e`", async () => {
  const cliAll = (await runJson(["grants", "-f", BATON_EXPANDED])) as { grants: Items };
  const holders = new Map<string, number>();
  for (const grant of cliAll.grants)
    holders.set(grant.entitlementId as string, (holders.get(grant.entitlementId as string) ?? 0) + 1);
  // The entitlement with the fewest holders above 3, so paging by 3 takes a few pages.
  const [entitlement] = [...holders]
    .filter(([, count]) => count > 3)
    .sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1))[0]!;
  const cli = (await runJson(["grants", "-f", BATON_EXPANDED, "-e", entitlement])) as { grants: Items; count: number };
  assert.ok(cli.count > 3, `${entitlement} has ${cli.count} holders`);
  const pages: Items = [];
  for (let offset = 0; offset < cli.count; offset += 3) {
    const page = (await served().json(query("/api/grants", { app: BATON, entitlement, offset, limit: 3 }))) as Listing;
    assert.equal(page.total, cli.count);
    pages.push(...page.grants);
  }
  assert.deepStrictEqual(pages, cli.grants);
  const byPrincipal = await served().json(
    query("/api/grants", { app: "clockify", principal: "user:u-bob", limit: 200 }),
  );
  const cliBob = (await runJson(["grants", "-f", tenant().twoSyncs, "-p", "user:u-bob"])) as { count: number };
  assert.deepStrictEqual(byPrincipal, { ...cliBob, total: cliBob.count, offset: 0, limit: 200 });
});

test("/api/access equals `access -p`, in expanded and unexpanded files alike", async () => {
  assert.deepStrictEqual(
    await served().json("/api/access?app=clockify&principal=user:u-bob"),
    await runJson(["access", "-f", tenant().twoSyncs, "-p", "user:u-bob"]),
  );
  assert.deepStrictEqual(
    await served().json("/api/access?app=january&principal=group%3Ag-platform"),
    await runJson(["access", "-f", tenant().january, "-p", "group:g-platform"]),
  );
});

test("/api/review equals `review -o json` for that one app, staleDays included", async () => {
  const file = tenant().twoSyncs;
  assert.deepStrictEqual(await served().json("/api/review?app=clockify"), await runJson(["review", "-f", file]));
  assert.deepStrictEqual(
    await served().json("/api/review?app=clockify&staleDays=400"),
    await runJson(["review", "-f", file, "--stale-days", "400"]),
  );
  assert.deepStrictEqual(
    await served().json(`/api/review?app=${BATON}`),
    await runJson(["review", "-f", BATON_EXPANDED]),
  );
});

test("/api/offboarding equals the offboardingGaps of `review` over every file served", async () => {
  const files = tenant();
  const cli = (await runJson([
    "review",
    "-f",
    files.twoSyncs,
    "-f",
    files.january,
    "-f",
    BATON_EXPANDED,
    "-f",
    BATON_UNEXPANDED,
  ])) as { offboardingGaps: Array<{ email: string }> };
  const api = (await served().json("/api/offboarding")) as { offboardingGaps: Array<{ email: string }> };
  assert.deepStrictEqual(api.offboardingGaps, cli.offboardingGaps);
  assert.deepStrictEqual(
    api.offboardingGaps.map((gap) => gap.email),
    ["bob@example.com"],
    "suspended in clockify, enabled in january",
  );
});

test("/api/diff equals `diff FILE -o json`; a file with one full sync is a 404 saying so", async () => {
  assert.deepStrictEqual(await served().json("/api/diff?app=clockify"), await runJson(["diff", tenant().twoSyncs]));
  // A second request is served from the kept document, and is the same.
  assert.deepStrictEqual(await served().json("/api/diff?app=clockify"), await runJson(["diff", tenant().twoSyncs]));
  const single = await served().call("/api/diff?app=january");
  assert.equal(single.status, 404);
  assert.match(
    (JSON.parse(single.body) as { error: string }).error,
    /january\.c1z: needs two finished full syncs to compare, and has 1$/,
  );
});

test("bad parameters are 400 and unknown things 404, each one JSON line", async () => {
  const cases: Array<[string, number, RegExp]> = [
    [
      "/api/resources",
      400,
      /name the app with \?app= \(one of clockify, january, expansion\.expanded, expansion\.unexpanded\)/,
    ],
    ["/api/resources?app=nope", 404, /no app "nope"/],
    ["/api/resources?app=clockify&type=project", 400, /has no resource type "project"/],
    ["/api/resources?app=clockify&limit=201", 400, /limit must be a whole number from 1 to 200, got "201"/],
    ["/api/resources?app=clockify&limit=0", 400, /limit must be/],
    ["/api/resources?app=clockify&offset=-1", 400, /offset must be a whole number/],
    ["/api/resources?app=clockify&offset=1.5", 400, /offset must be a whole number/],
    ["/api/entitlements?app=clockify&resource=r-admin", 400, /resource needs type/],
    ["/api/grants?app=clockify&entitlement=role:nope:assigned", 404, /has no entitlement role:nope:assigned/],
    ["/api/grants?app=clockify&principal=nocolon", 400, /principal must be TYPE:ID/],
    ["/api/access?app=clockify", 400, /name the principal/],
    ["/api/access?app=clockify&principal=user:u-nobody", 404, /has no principal user:u-nobody/],
    ["/api/review?app=clockify&staleDays=0", 400, /staleDays must be a whole number from 1/],
    ["/api/nothing", 404, /no API at \/api\/nothing/],
  ];
  for (const [target, status, message] of cases) {
    const reply = await served().call(target);
    assert.equal(reply.status, status, `${target}: ${reply.body}`);
    assert.equal(reply.headers["content-type"], "application/json; charset=utf-8");
    const body = JSON.parse(reply.body) as Record<string, unknown>;
    assert.deepStrictEqual(Object.keys(body), ["error"], target);
    assert.match(body.error as string, message, target);
    assert.doesNotMatch(reply.body, /\n\s+at /, "no stack trace");
  }
});

/**
 * Baton's flags a user reaches for, in one-shot mode, for every connector: `--version`,
 * `--sync-resource-types` (a partial sync that leaves the file's full syncs as they were) and
 * `--skip-full-sync` (the credentials checked, nothing written).
 */
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test, type TestContext } from "node:test";
import { BATON_FLAGS_NOT_SUPPORTED, notSupported } from "../src/cli/baton-flags-not-supported.ts";
import { runConnectorCommand } from "../src/cli/connector-command.ts";
import { globalFlags, serviceFlags } from "../src/cli/global-flags.ts";
import { captureStream } from "../src/cli/io.ts";
import { runIdsync } from "../src/cli/idsync.ts";
import { VERSION } from "../src/cli/version.ts";
import { CONNECTORS, findConnector } from "../src/connectors/index.ts";
import { C1zReader, EXIT_CODES } from "../src/core/index.ts";
import { findSimulator } from "../src/simulators/index.ts";
import { FAST_HTTP, serveSimulator, tempDir, type ServedSimulator } from "../src/testkit/index.ts";

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

async function baton(
  name: string,
  served: ServedSimulator | undefined,
  args: string[],
  env: Record<string, string> = {},
): Promise<Outcome> {
  const flags = Object.entries(served?.settings ?? {}).flatMap(([flag, value]) => [`--${flag}`, value]);
  const stdout = captureStream();
  const stderr = captureStream();
  const code = await runConnectorCommand(
    findConnector(name)!,
    [...flags, "--log-format", "console", "--log-level", "error", ...args],
    { stdout, stderr, env },
    { deps: { http: FAST_HTTP } },
  );
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

async function syncsOf(file: string): Promise<Array<{ id: string; type: string; parent: string; types: string[] }>> {
  const reader = await C1zReader.open(file);
  try {
    return reader.syncs().map((run) => ({
      id: run.id,
      type: run.type,
      parent: run.parentSyncId ?? "",
      types: [...reader.resourceTypes(run.id)].map((type) => type.id).sort(),
    }));
  } finally {
    reader.close();
  }
}

async function servedTenant(t: TestContext, name: string) {
  return serveSimulator(t, findSimulator(name)!, { users: 12 });
}

describe("Baton's flags, one-shot", () => {
  test("--version prints Baton's version line and exits 0, for every connector", async () => {
    for (const connector of CONNECTORS) {
      const outcome = await baton(connector.name, undefined, ["--version"]);
      assert.equal(outcome.code, 0);
      assert.equal(outcome.stdout, `baton-${connector.name} version ${VERSION}\n`);
    }
  });

  for (const connector of CONNECTORS) {
    test(`${connector.name}: --sync-resource-types syncs those types into a partial sync; the full sync stays the one read`, async (t) => {
      const served = await servedTenant(t, connector.name);
      const file = join(tempDir(t), "sync.c1z");
      assert.equal((await baton(connector.name, served, ["-f", file])).code, 0);
      const [full] = await syncsOf(file);
      const partial = await baton(connector.name, served, ["-f", file, "--sync-resource-types", "user"]);
      assert.equal(partial.code, 0, partial.stderr);
      assert.match(partial.stdout, /synced [\d,]+ users?; .* as a partial sync in /);

      const syncs = await syncsOf(file);
      assert.equal(syncs.length, 2);
      const scoped = syncs.find((sync) => sync.id !== full!.id)!;
      assert.deepEqual(
        { type: scoped.type, parent: scoped.parent, types: scoped.types },
        { type: "partial", parent: full!.id, types: ["user"] },
      );
      assert.equal(syncs.find((sync) => sync.id === full!.id)!.type, "full", "the full sync is kept as it was");

      // Readers still take the full sync as the file's latest; a diff of one file has one full sync to show.
      const stdout = captureStream();
      const stderr = captureStream();
      assert.equal(await runIdsync(["stats", "-f", file, "-o", "json"], { stdout, stderr, env: {} }), 0);
      assert.equal((JSON.parse(stdout.text()) as { sync: { id: string } }).sync.id, full!.id);
    });
  }

  test("BATON_SYNC_RESOURCE_TYPES works as the flag does, a list by commas or spaces", async (t) => {
    const served = await servedTenant(t, "clockify");
    const file = join(tempDir(t), "sync.c1z");
    const outcome = await baton("clockify", served, ["-f", file], { BATON_SYNC_RESOURCE_TYPES: "role group" });
    assert.equal(outcome.code, 0, outcome.stderr);
    assert.deepEqual(
      (await syncsOf(file)).map((sync) => [sync.type, sync.types]),
      [["partial", ["group", "role"]]],
    );
  });

  test("a resource type the connector does not sync is exit 2 with the ones it does, before any request", async (t) => {
    const served = await servedTenant(t, "env0");
    const file = join(tempDir(t), "sync.c1z");
    const outcome = await baton("env0", served, ["-f", file, "--sync-resource-types", "users"]);
    assert.equal(outcome.code, EXIT_CODES.invalidConfig);
    assert.match(
      outcome.stderr,
      /^error: --sync-resource-types: env0 has no resource type "users"\nhint: choose one of project, role, team, user\n$/,
    );
    assert.ok(!existsSync(file));
  });

  test("--skip-full-sync checks the credentials and leaves the file byte for byte as it was", async (t) => {
    const served = await servedTenant(t, "codefresh");
    const file = join(tempDir(t), "sync.c1z");
    assert.equal((await baton("codefresh", served, ["-f", file])).code, 0);
    const before = readFileSync(file);
    const skipped = await baton("codefresh", served, ["-f", file, "--skip-full-sync"]);
    assert.equal(skipped.code, 0, skipped.stderr);
    assert.match(
      skipped.stdout,
      /^codefresh: --skip-full-sync: the credentials work; nothing synced, .*sync\.c1z left as it was\n$/,
    );
    assert.deepEqual(readFileSync(file), before);

    const refused = await baton("codefresh", served, [
      "-f",
      file,
      "--skip-full-sync",
      "--api-key",
      "not-a-key-codefresh-knows",
    ]);
    assert.equal(refused.code, EXIT_CODES.unauthenticated, refused.stderr);
    assert.deepEqual(readFileSync(file), before);
  });
});

describe("Baton's flags idsync does not take", () => {
  test("each is refused with its reason, exit 2, before any request, and no file is written", async (t) => {
    const file = join(tempDir(t), "sync.c1z");
    const samples = BATON_FLAGS_NOT_SUPPORTED.map((entry) => entry.flags[0]!.replace(/\*$/, "collector-endpoint"));
    for (const [index, flag] of samples.entries()) {
      // No simulator: a request would fail with exit 5, not 2.
      const outcome = await baton("env0", undefined, [
        "-f",
        file,
        "--api-key-id",
        "id",
        "--api-key-secret",
        "s",
        `--${flag}`,
        "x",
      ]);
      assert.equal(outcome.code, EXIT_CODES.invalidConfig, flag);
      assert.equal(
        outcome.stderr,
        `error: --${flag} is a Baton flag idsync does not support: ${BATON_FLAGS_NOT_SUPPORTED[index]!.because}\nhint: run \`baton-env0 --help\` for the flags idsync takes\n`,
      );
    }
    const short = await baton("clockify", undefined, ["-p"]);
    assert.match(
      short.stderr,
      /^error: --provisioning is a Baton flag idsync does not support: idsync's connectors are read-only/,
    );
    assert.ok(!existsSync(file));
  });

  test("a flag of our own is never mistaken for one of Baton's unsupported ones", () => {
    for (const connector of CONNECTORS) {
      for (const field of [...connector.settings.fields, ...globalFlags.fields, ...serviceFlags.fields]) {
        assert.equal(notSupported(field.name), undefined, `${connector.name}: --${field.name}`);
      }
    }
  });

  test("--help and the README list every one of them", async () => {
    const help = (await baton("runlayer", undefined, ["--help"])).stdout.replace(/\n\s+/g, " ");
    const readme = readFileSync(join(import.meta.dirname, "../README.md"), "utf8");
    for (const flag of BATON_FLAGS_NOT_SUPPORTED.flatMap((entry) => entry.flags)) {
      assert.ok(help.includes(`--${flag}`), `--help lacks --${flag}`);
      assert.ok(readme.includes(`\`--${flag}\``), `README lacks --${flag}`);
    }
  });
});

test("idsync --version prints the connectors' form", async () => {
  const stdout = captureStream();
  assert.equal(await runIdsync(["--version"], { stdout, stderr: captureStream(), env: {} }), 0);
  assert.equal(stdout.text(), `idsync version ${VERSION}\n`);
});

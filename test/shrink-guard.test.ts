/**
 * An empty or shrunken answer does not wipe everyone, for each connector through its command
 * line against its simulator: a `200` with an empty list (the `empty-list` fault) or a tenant
 * under half its size fails the sync with exit 7 and one line naming the type, both counts and
 * the file, which stays byte for byte; `--allow-shrink` saves it with a warning; a first sync of
 * a small tenant is fine; and a user listing without the key's own user fails, where the
 * connector knows who that is.
 */
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, it, type TestContext } from "node:test";
import { runConnectorCommand } from "../src/cli/connector-command.ts";
import { captureStream } from "../src/cli/io.ts";
import { findConnector } from "../src/connectors/index.ts";
import { EXIT_CODES } from "../src/core/index.ts";
import { findSimulator, type FaultSpec } from "../src/simulators/index.ts";
import { FAST_HTTP, serveSimulator, tempDir } from "../src/testkit/index.ts";

interface Subject {
  name: "codefresh" | "env0" | "clockify" | "runlayer";
  /** The path of the list whose members are the `user` resources (the people). */
  users: string;
  /** Another list, and the resource type it gives, for a shrinkage that keeps the caller. */
  other: { path: string; type: string };
  /** Whether validation names the key's own user. */
  knowsCaller: boolean;
}

const SUBJECTS: readonly Subject[] = [
  {
    name: "codefresh",
    users: "/api/accounts/:accountId/users",
    other: { path: "/api/team", type: "team" },
    knowsCaller: true,
  },
  {
    name: "env0",
    users: "/organizations/:organizationId/users",
    other: { path: "/teams/organizations/:organizationId", type: "team" },
    knowsCaller: false,
  },
  {
    name: "clockify",
    users: "/api/v1/workspaces/:workspaceId/users",
    other: { path: "/api/v1/workspaces/:workspaceId/user-groups", type: "group" },
    knowsCaller: true,
  },
  { name: "runlayer", users: "/api/v1/users", other: { path: "/api/v1/roles", type: "role" }, knowsCaller: true },
];

const TENANT = { seed: 7, users: 40, groups: 6 };

async function runSync(
  t: TestContext,
  subject: Subject,
  file: string,
  tenant: { users?: number; faults?: FaultSpec[] },
  env: Record<string, string> = {},
  flags: string[] = [],
) {
  const served = await serveSimulator(t, findSimulator(subject.name)!, { ...TENANT, ...tenant });
  const args = [
    ...Object.entries(served.settings).flatMap(([name, value]) => [`--${name}`, value]),
    "-f",
    file,
    "--log-format",
    "json",
    ...flags,
  ];
  const stdout = captureStream();
  const stderr = captureStream();
  const code = await runConnectorCommand(
    findConnector(subject.name)!,
    args,
    { stdout, stderr, env },
    { deps: { http: FAST_HTTP } },
  );
  for (const name of ["api-key", "api-key-secret"]) {
    const secret = served.settings[name];
    if (secret !== undefined)
      assert.ok(
        !stderr.text().includes(secret) && !stdout.text().includes(secret),
        `the ${name} stays out of the output`,
      );
  }
  return { code, stderr: stderr.text(), stdout: stdout.text() };
}

const always = (path: string): FaultSpec => ({ kind: "empty-list", path, every: 1 });

/** A good first sync, then `second`; what the second did to the file. */
async function afterGoodSync(
  t: TestContext,
  subject: Subject,
  second: Parameters<typeof runSync>[3],
  env: Record<string, string> = {},
  flags: string[] = [],
) {
  const file = join(tempDir(t), `${subject.name}.c1z`);
  const first = await runSync(t, subject, file, {});
  assert.equal(first.code, EXIT_CODES.ok, first.stderr);
  const before = readFileSync(file);
  const outcome = await runSync(t, subject, file, second, env, flags);
  const leftovers = readdirSync(dirname(file)).filter((name) => name.includes("idsync-wip"));
  return { ...outcome, file, unchanged: readFileSync(file).equals(before), leftovers };
}

/** The one `error:` line. */
function errorLine(stderr: string): string {
  const lines = stderr.split("\n").filter((line) => line.startsWith("error: "));
  assert.equal(lines.length, 1, stderr);
  return lines[0]!;
}

for (const subject of SUBJECTS) {
  describe(`${subject.name}: a listing that came back empty or shrank`, () => {
    it("an empty user list fails the sync with exit 7, naming the type and counts; the file stays byte for byte", async (t) => {
      const outcome = await afterGoodSync(t, subject, { faults: [always(subject.users)] });
      assert.equal(outcome.code, EXIT_CODES.syncFailed, outcome.stderr);
      const line = errorLine(outcome.stderr);
      assert.match(
        line,
        new RegExp(
          `^error: the answer shrank sharply against the previous full sync in ${outcome.file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: user down to \\d+ from \\d+`,
        ),
      );
      const [, now, had] = /user down to (\d+) from (\d+)/.exec(line)!;
      assert.ok(Number(had) >= 2 * Number(now) + 1 || Number(now) === 0, line);
      assert.match(
        outcome.stderr,
        /^hint: if they really went, sync again with --allow-shrink \(BATON_ALLOW_SHRINK=true\)/m,
      );
      assert.ok(outcome.unchanged, "the previous file is byte for byte as it was");
      assert.deepEqual(outcome.leftovers, [], "no working copy to continue from");
      assert.doesNotMatch(outcome.stderr, /\n\s+at /, "no stack trace");
    });

    it("a tenant under half its size fails the same way", async (t) => {
      const outcome = await afterGoodSync(t, subject, { users: 12 });
      assert.equal(outcome.code, EXIT_CODES.syncFailed, outcome.stderr);
      assert.match(errorLine(outcome.stderr), /: user down to \d+ from \d+/);
      assert.ok(outcome.unchanged);
    });

    it(`--allow-shrink saves an emptied ${subject.other.type} list, with a warning`, async (t) => {
      const refused = await afterGoodSync(t, subject, { faults: [always(subject.other.path)] });
      assert.equal(refused.code, EXIT_CODES.syncFailed, refused.stderr);
      assert.match(errorLine(refused.stderr), new RegExp(`: ${subject.other.type} down to 0 from [1-9]\\d*`));

      const allowed = await afterGoodSync(t, subject, { faults: [always(subject.other.path)] }, {}, ["--allow-shrink"]);
      assert.equal(allowed.code, EXIT_CODES.ok, allowed.stderr);
      const warning = allowed.stderr
        .split("\n")
        .find((line) => line.includes("saving it because --allow-shrink is set"));
      assert.ok(warning, allowed.stderr);
      assert.equal((JSON.parse(warning) as { level: string }).level, "warn");
      assert.match(warning, new RegExp(`${subject.other.type} down to 0 from`));
      assert.ok(!allowed.unchanged, "the shrunken sync was saved");

      const byEnv = await afterGoodSync(t, subject, { users: 12 }, { BATON_ALLOW_SHRINK: "true" });
      assert.equal(byEnv.code, EXIT_CODES.ok, byEnv.stderr);
    });

    it("a first sync of a small tenant is fine", async (t) => {
      const file = join(tempDir(t), `${subject.name}.c1z`);
      const outcome = await runSync(t, subject, file, { users: 2 });
      assert.equal(outcome.code, EXIT_CODES.ok, outcome.stderr);
      assert.ok(existsSync(file));
    });

    if (subject.knowsCaller) {
      it("a user list without the key's own user fails, even on a first sync and with --allow-shrink", async (t) => {
        const file = join(tempDir(t), `${subject.name}.c1z`);
        const outcome = await runSync(t, subject, file, { faults: [always(subject.users)] }, {}, ["--allow-shrink"]);
        assert.equal(outcome.code, EXIT_CODES.syncFailed, outcome.stderr);
        assert.match(
          errorLine(outcome.stderr),
          /^error: the user listing lacks user:\S+, the API key's own user \(GET \/(user|users\/me)\), so the answer contradicts what validation saw; /,
        );
        assert.ok(!existsSync(file));
      });
    }
  });
}

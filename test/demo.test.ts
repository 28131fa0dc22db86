/**
 * `idsync demo` end to end: four simulated tenants synced, changed and synced again into one
 * c1z per app, with the access-review summary and the changes printed.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { runIdsync } from "../src/cli/idsync.ts";
import { captureStream } from "../src/cli/io.ts";
import { C1zReader, EXIT_CODES } from "../src/core/index.ts";
import { tempDir } from "../src/testkit/index.ts";

const APPS = ["clockify", "codefresh", "env0", "runlayer"];

test("the demo syncs four tenants twice and summarises users, admins, invites and changes", async (t) => {
  const out = join(tempDir(t), "demo");
  const stdout = captureStream();
  const stderr = captureStream();
  const code = await runIdsync(["demo", "--out", out, "--seed", "7"], { stdout, stderr, env: {} });
  assert.equal(code, EXIT_CODES.ok, stderr.text());
  const text = stdout.text();

  for (const app of APPS) {
    const reader = await C1zReader.open(join(out, `${app}.c1z`));
    try {
      const full = reader.syncs().filter((run) => run.type === "full" && run.endedAt);
      assert.equal(full.length, 2, `${app}.c1z keeps both syncs for diff`);
    } finally {
      reader.close();
    }
    // One review row per app: name then users, admins, invites, dormant (– where the app records
    // no logins), disabled, service accounts, groups, roles; users and admins above zero.
    const row = new RegExp(
      `^${app}\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+|–)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)$`,
      "m",
    ).exec(text);
    assert.ok(row, `a review row for ${app}`);
    assert.ok(Number(row[1]) > 0 && Number(row[2]) > 0, `${app} has users and admins`);
    // Each tenant gained joiners and lost a leaver between the syncs.
    assert.match(text, new RegExp(`^  ${app}\\s+\\+\\d+ users, -\\d+ users?`, "m"));
  }
  const [invites] = /^clockify\s+\d+\s+\d+\s+(\d+)/m.exec(text)!.slice(1);
  assert.ok(Number(invites) > 0, "Clockify's pending invites are counted");
  assert.match(
    text,
    /^env0\s+\d+\s+\d+\s+\d+\s+[1-9]\d*\s+\d+\s+[1-9]\d*\s/m,
    "env0 records sign-ins (some dormant) and its API keys are service accounts",
  );
  assert.match(text, /^clockify\s+\d+\s+\d+\s+\d+\s+–\s/m, "Clockify records no sign-ins: dormancy unknown");
  assert.match(text, /^ {6}\+ .+ joined$/m);
  assert.match(text, /^ {6}- .+ left$/m);
  assert.match(text, /npx idsync export csv -f .*clockify\.c1z/);

  // The follow-up commands it suggests work on the files it wrote.
  const suggestions = text
    .slice(text.indexOf("Look closer:"))
    .split("\n")
    .filter((line) => line.startsWith("  npx idsync "));
  assert.deepStrictEqual(
    suggestions.map((line) => line.split(" ")[4]),
    ["review", "resources", "diff", "export"],
  );
  for (const line of suggestions) {
    const output = captureStream();
    const errors = captureStream();
    const status = await runIdsync(line.trim().split(" ").slice(2), { stdout: output, stderr: errors, env: {} });
    assert.equal(status, EXIT_CODES.ok, `${line}: ${errors.text()}`);
  }
});

test("the demo refuses a bad flag with one line", async () => {
  const stderr = captureStream();
  const code = await runIdsync(["demo", "--users", "many"], { stdout: captureStream(), stderr, env: {} });
  assert.equal(code, EXIT_CODES.invalidConfig);
  assert.equal(stderr.text(), 'error: --users must be a whole number above 0, got "many"\n');
});

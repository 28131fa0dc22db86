/**
 * `idsync explore` as a command: it prints the page's address, serves until its signal aborts,
 * then closes the server and the files and exits 0.
 */
import assert from "node:assert/strict";
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { test, type TestContext } from "node:test";
import { httpRequest } from "../../explorer/_test-support.ts";
import { tempDir } from "../../testkit/index.ts";
import { runIdsync } from "../idsync.ts";
import { captureStream } from "../io.ts";
import { BATON_EXPANDED, run, useTenantFiles } from "./_test-run.ts";

const tenant = useTenantFiles();

/** Polls `check` until it holds; generous, since a loaded CI machine may take a while. */
async function eventually<T>(check: () => T | undefined, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Readers decompress into `idsync-c1z-*` folders of the temp dir and remove them on close: point it at a folder of our own. */
function ownTempDir(t: TestContext): string {
  const folder = path.join(tempDir(t, "idsync-explore-test-"), "tmp");
  mkdirSync(folder);
  const previous = process.env.TMPDIR;
  process.env.TMPDIR = folder;
  t.after(() => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
  });
  return folder;
}

const openCopies = (folder: string) => readdirSync(folder).filter((name) => name.startsWith("idsync-c1z-")).length;

function startExplore(args: string[]) {
  const stdout = captureStream();
  const stderr = captureStream();
  const controller = new AbortController();
  const exited = runIdsync(["explore", ...args], { stdout, stderr, env: {}, signal: controller.signal });
  return { stdout, stderr, controller, exited };
}

test("explore prints its address, serves every file until the signal, then closes them and exits 0", async (t) => {
  const folder = ownTempDir(t);
  const files = tenant();
  const running = startExplore(["-f", files.twoSyncs, "-f", BATON_EXPANDED, "--app", "acme", "--app", "baton"]);
  const line = await eventually(
    () =>
      running.stdout.text().match(/^idsync explore: (http:\/\/127\.0\.0\.1:(\d+))\/\?token=([A-Za-z0-9_-]{43})\n$/) ??
      undefined,
    "the address",
  );
  const [, origin, , token] = line as unknown as [string, string, string, string];
  assert.equal(openCopies(folder), 2, "both files are open while serving");

  const apps = await httpRequest(origin, "/api/apps", { token });
  assert.equal(apps.status, 200);
  assert.deepStrictEqual(
    (JSON.parse(apps.body) as { apps: Array<{ app: string; file: string }> }).apps.map((app) => [app.app, app.file]),
    [
      ["acme", files.twoSyncs],
      ["baton", BATON_EXPANDED],
    ],
  );
  assert.equal((await httpRequest(origin, "/")).status, 200);

  running.controller.abort();
  assert.equal(await running.exited, 0, running.stderr.text());
  assert.equal(running.stderr.text(), "");
  assert.equal(openCopies(folder), 0, "the readers are closed");
  await assert.rejects(httpRequest(origin, "/"), /ECONNREFUSED/);
});

test("explore --host other than loopback warns that the data can be reached from the network", async () => {
  const running = startExplore(["-f", tenant().january, "--host", "0.0.0.0"]);
  const port = await eventually(
    () => running.stdout.text().match(/^idsync explore: http:\/\/0\.0\.0\.0:(\d+)\/\?token=/)?.[1],
    "the address",
  );
  assert.equal(
    running.stderr.text(),
    `warning: listening on 0.0.0.0, not on loopback: whoever can reach port ${port} of this machine and has the token can read who has access to what in these files\n`,
  );
  const token = running.stdout.text().match(/token=(\S+)/)![1]!;
  const reply = await httpRequest(`http://127.0.0.1:${port}`, "/api/apps", { token });
  assert.equal(reply.status, 200, "an address in the Host header is fine when bound to every interface");
  running.controller.abort();
  assert.equal(await running.exited, 0);
});

test("explore on localhost gives no warning, and --help shows the flags", async () => {
  const running = startExplore(["-f", tenant().january, "--host", "localhost", "--port", "0"]);
  await eventually(
    () => running.stdout.text().match(/^idsync explore: http:\/\/localhost:\d+\/\?token=/) ?? undefined,
    "the address",
  );
  running.controller.abort();
  assert.equal(await running.exited, 0);
  assert.equal(running.stderr.text(), "");
  const help = await run(["explore", "--help"]);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /^Usage: idsync explore \[-f FILE…\] \[--app NAME…\] \[--host ADDRESS\] \[--port N\]/);
});

test("explore refuses bad usage with exit 2, and closes what it opened", async (t) => {
  const folder = ownTempDir(t);
  const files = tenant();
  const cases: Array<[string[], RegExp]> = [
    [["--port", "70000"], /--port must be a port number from 0 to 65535, got "70000"/],
    [["--port=-1"], /--port must be a port number/],
    [["-f", files.twoSyncs, "-f", path.join(files.folder, "copy", "clockify.c1z")], /are both the app "clockify"/],
    [["-f", files.twoSyncs, "--app", "a", "--app", "b"], /--app was given 2 times for 1 file/],
    [["-f", files.twoSyncs, "extra"], /unexpected argument "extra"/],
    [["-f", files.twoSyncs, "-f", path.join(files.folder, "missing.c1z")], /missing\.c1z: the file does not exist/],
    [["-f", files.twoSyncs, "--host", ""], /--host must name an address/],
  ];
  for (const [args, message] of cases) {
    const result = await run(["explore", ...args]);
    assert.equal(result.code, 2, `${args.join(" ")}: ${result.stderr}`);
    assert.match(result.stderr, message);
    assert.equal(result.stdout, "");
    assert.equal(openCopies(folder), 0, `${args.join(" ")} left a file open`);
  }
});

test("explore on a port in use says so in one line, exit 2", async (t) => {
  const blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
  t.after(() => blocker.close());
  const port = (blocker.address() as { port: number }).port;
  const result = await run(["explore", "-f", tenant().january, "--port", String(port)]);
  assert.equal(result.code, 2);
  assert.equal(
    result.stderr,
    `error: cannot listen on 127.0.0.1 port ${port}: EADDRINUSE\nhint: choose another --port, or 0 for any free one\n`,
  );
});

test("explore --campaign serves the campaign to decide on; a missing or damaged one stops it first", async (t) => {
  const files = tenant();
  const folder = tempDir(t, "idsync-explore-campaign-");
  const campaign = path.join(folder, "c.campaign.json");
  const started = await run([
    "campaign",
    "start",
    "-f",
    files.january,
    "--out",
    campaign,
    "--reviewer",
    "lead",
    "--scope",
    "admins",
  ]);
  assert.equal(started.code, 0, started.stderr);
  const running = startExplore(["-f", files.january, "--campaign", campaign, "--reviewer", "ana"]);
  const [, origin, token] = (await eventually(
    () => running.stdout.text().match(/^idsync explore: (http:\/\/127\.0\.0\.1:\d+)\/\?token=(\S+)\n$/) ?? undefined,
    "the address",
  )) as unknown as [string, string, string];
  const reply = await httpRequest(origin, "/api/campaign", { token });
  assert.equal(reply.status, 200, reply.body);
  assert.deepStrictEqual([JSON.parse(reply.body).reviewer, JSON.parse(reply.body).total], ["ana", 1]);
  running.controller.abort();
  assert.equal(await running.exited, 0, running.stderr.text());

  writeFileSync(path.join(folder, "damaged.json"), '{"format":"idsync-campaign","version":1,');
  const cases: Array<[string[], number, RegExp]> = [
    [["--campaign", path.join(folder, "none.json")], 2, /none\.json: the file does not exist/],
    [["--campaign", path.join(folder, "damaged.json")], 6, /damaged\.json: the file is not JSON/],
    [["--reviewer", "ana"], 2, /--reviewer goes with --campaign/],
  ];
  for (const [args, code, message] of cases) {
    const result = await run(["explore", "-f", files.january, ...args]);
    assert.equal(result.code, code, `${args.join(" ")}: ${result.stderr}`);
    assert.match(result.stderr, message);
    assert.equal(result.stdout, "", "nothing served");
  }
});

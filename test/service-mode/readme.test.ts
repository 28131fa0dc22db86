/**
 * The README's "Try it without a tenant" lines, run as written: each `npx` line as its own
 * process (the simulators on port 0 instead of a fixed one), the `<settings.…>` and `<env.…>`
 * placeholders filled from the JSON lines the simulators print, and the connector in service
 * mode until its upload lands in `uploads/`.
 */
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { test, type TestContext } from "node:test";
import { C1zReader } from "../../src/core/index.ts";
import { tempDir } from "../../src/testkit/index.ts";

const ROOT = join(import.meta.dirname, "..", "..");
const README = readFileSync(join(ROOT, "README.md"), "utf8");

function tryItBlocks(): string[][] {
  const section = README.slice(README.indexOf("**Try it without a tenant.**"), README.indexOf("## Reading c1z files"));
  return [...section.matchAll(/```shell\n([\s\S]*?)```/g)].map((block) => block[1]!.trim().split("\n"));
}

function start(t: TestContext, argv: string[], cwd: string, env: Record<string, string>): ChildProcess {
  const [command, ...args] = argv as [string, ...string[]];
  const port = args.indexOf("--port");
  if (port >= 0) args[port + 1] = "0";
  const child = spawn(process.execPath, [join(ROOT, "bin", `${command}.js`), ...args], {
    cwd,
    env: { PATH: process.env["PATH"] ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stderr!.resume();
  t.after(() => {
    if (child.exitCode === null) child.kill("SIGKILL");
  });
  return child;
}

async function firstLine(child: ChildProcess): Promise<Record<string, unknown>> {
  for await (const line of createInterface({ input: child.stdout! }))
    return JSON.parse(line) as Record<string, unknown>;
  throw new Error("the simulator printed nothing");
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) =>
    child.exitCode !== null ? resolve(child.exitCode) : child.on("exit", (code) => resolve(code)),
  );
}

test("the README's service-mode walk-through runs as written", async (t) => {
  const [simulators, connector] = tryItBlocks() as [string[], string[]];
  assert.equal(simulators.length, 2);
  const cwd = tempDir(t, "idsync-readme-c1-");
  const printed: Record<string, Record<string, string>> = {};
  const servers: ChildProcess[] = [];
  for (const line of simulators) {
    const child = start(t, line.split(/\s+/).slice(1), cwd, {});
    servers.push(child);
    const output = await firstLine(child);
    Object.assign(printed, {
      settings: { ...printed["settings"], ...(output["settings"] as object) },
      env: { ...printed["env"], ...(output["env"] as object) },
    });
  }

  const env: Record<string, string> = {};
  let run: string[] | undefined;
  for (const line of connector) {
    const exported = /^export (\w+)="<(settings|env)\.([\w.-]+)>"$/.exec(line);
    if (exported) {
      const value = printed[exported[2]!]?.[exported[3]!];
      assert.ok(value, `${line}: the simulators printed no ${exported[2]}.${exported[3]}`);
      env[exported[1]!] = value;
    } else if (line.startsWith("npx ")) run = line.split(/\s+/).slice(1);
    else assert.fail(`a line the test cannot run: ${line}`);
  }
  const baton = start(t, run!, cwd, { ...env, BATON_LOG_FORMAT: "json" });
  const uploads = join(cwd, "uploads");
  for (
    let i = 0;
    i < 3000 && !(existsSync(uploads) && readdirSync(uploads).some((name) => name.endsWith(".c1z")));
    i++
  ) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  baton.kill("SIGTERM");
  assert.equal(await exited(baton), 0);
  const [file] = readdirSync(uploads).filter((name) => name.endsWith(".c1z"));
  assert.ok(file, "the upload landed in uploads/");
  const reader = await C1zReader.open(join(uploads, file));
  t.after(() => reader.close());
  const [sync] = reader.syncs();
  assert.equal(sync?.type, "full");
  assert.ok(sync?.endedAt, "a finished sync");
  assert.ok(reader.countResources(sync.id, { resourceType: "user" }) > 0);
  for (const server of servers) server.kill("SIGTERM");
  assert.deepEqual(await Promise.all(servers.map(exited)), [0, 0]);
});

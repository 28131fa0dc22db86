/**
 * Every example in the README runs: the `npx …` lines of its ```sh blocks, in order, in a
 * fresh folder. `npm start`'s script runs first, as its own process, so the reading examples
 * have the demo's files; connector examples run against that connector's simulator, whose settings
 * replace the placeholders the README exports. `simulate` gets port 0 instead of a fixed port
 * so a busy port cannot fail the test, and is stopped once it has printed its line. Whatever the
 * examples write, run from a clone, must be something the repository's .gitignore keeps out of
 * git (the demo's folder, c1z files): a reader trying them commits no one's names or emails.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Writable } from "node:stream";
import { test } from "node:test";
import { runConnectorCommand } from "../src/cli/connector-command.ts";
import { runIdsync } from "../src/cli/idsync.ts";
import { captureStream, type CliIo, type OutputStream } from "../src/cli/io.ts";
import { findConnector } from "../src/connectors/index.ts";
import { envVarName, EXIT_CODES } from "../src/core/index.ts";
import { serveSimulator, tempDir } from "../src/testkit/index.ts";
import { findSimulator } from "../src/simulators/index.ts";

const README = readFileSync(join(import.meta.dirname, "../README.md"), "utf8");
const GITIGNORE = readFileSync(join(import.meta.dirname, "../.gitignore"), "utf8");
const PACKAGE = JSON.parse(readFileSync(join(import.meta.dirname, "../package.json"), "utf8")) as {
  scripts: Record<string, string>;
};

interface Example {
  env: Record<string, string>;
  argv: string[];
  line: string;
}

/** Splits a shell line into words, honouring double quotes and dropping a trailing comment. */
function words(line: string): string[] {
  const result: string[] = [];
  let current = "";
  let quoted = false;
  let started = false;
  for (const char of line) {
    if (char === '"') {
      quoted = !quoted;
      started = true;
    } else if (char === "#" && !quoted && !started && current === "") {
      break;
    } else if (/\s/.test(char) && !quoted) {
      if (started) result.push(current);
      current = "";
      started = false;
    } else {
      current += char;
      started = true;
    }
  }
  if (started) result.push(current);
  return result;
}

function examples(): Example[] {
  const found: Example[] = [];
  for (const block of README.matchAll(/```sh\n([\s\S]*?)```/g)) {
    const env: Record<string, string> = {};
    for (const line of block[1]!.split("\n").map((l) => l.trim())) {
      const exported = /^export (\w+)="([^"]*)"$/.exec(line);
      if (exported) env[exported[1]!] = exported[2]!;
      else if (line.startsWith("npx ")) found.push({ env: { ...env }, argv: words(line).slice(1), line });
    }
  }
  return found;
}

/**
 * Whether a top-level entry of the repository is ignored by .gitignore's patterns. Enough of
 * gitignore for the patterns that file uses: `*` globs, a leading `/`, a trailing `/` for folders.
 */
function ignoredAtTop(name: string, isFolder: boolean): boolean {
  let ignored = false;
  for (const raw of GITIGNORE.split("\n").map((line) => line.trim())) {
    if (raw === "" || raw.startsWith("#")) continue;
    const negated = raw.startsWith("!");
    const pattern = raw.slice(negated ? 1 : 0).replace(/^\//, "");
    if (pattern.endsWith("/") && !isFolder) continue;
    const glob = pattern.replace(/\/$/, "");
    if (glob.includes("/")) continue; // reaches below the top level
    const regex = new RegExp(
      `^${glob
        .replace(/[.+^${}()|[\]\\]/g, "\\$&")
        .replaceAll("*", ".*")
        .replaceAll("?", ".")}$`,
    );
    if (regex.test(name)) ignored = !negated;
  }
  return ignored;
}

function stopAfterFirstLine(controller: AbortController): OutputStream & { text(): string } {
  let text = "";
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString();
      if (text.includes("\n")) controller.abort();
      done();
    },
  }) as unknown as OutputStream & { text(): string };
  stream.text = () => text;
  return stream;
}

test("the README's examples all run", async (t) => {
  const all = examples();
  assert.ok(all.length >= 15, `found ${all.length} examples`);
  const folder = tempDir(t, "idsync-readme-");
  process.chdir(folder);
  // `npm start`, as a real process: its script, run from this folder with the repo's entry point.
  const [node, script, ...startArgs] = PACKAGE.scripts["start"]!.split(" ");
  assert.equal(node, "node");
  const demo = spawnSync(process.execPath, [join(import.meta.dirname, "..", script!), ...startArgs], {
    encoding: "utf8",
  });
  assert.equal(demo.status, EXIT_CODES.ok, demo.stderr);
  assert.match(demo.stdout, /Access review, second sync/);

  for (const example of all) {
    const [command, ...args] = example.argv as [string, ...string[]];
    const stderr = captureStream();
    let code: number;
    let stdout: OutputStream & { text(): string };
    if (command === "idsync" && args[0] === "simulate") {
      const controller = new AbortController();
      stdout = stopAfterFirstLine(controller);
      const port = args.indexOf("--port");
      if (port >= 0) args[port + 1] = "0";
      code = await runIdsync(args, { stdout, stderr, env: {}, signal: controller.signal });
      const printed = JSON.parse(stdout.text()) as { name: string; settings: Record<string, string> };
      assert.equal(printed.name, args[1], example.line);
    } else if (command === "idsync") {
      stdout = captureStream();
      code = await runIdsync(args, { stdout, stderr, env: example.env });
    } else {
      const name = command.replace(/^baton-/, "");
      const definition = findConnector(name);
      assert.ok(definition, example.line);
      const served = await serveSimulator(t, findSimulator(name)!);
      const env = { ...example.env };
      for (const [setting, value] of Object.entries(served.settings)) {
        env[envVarName(setting, name)] = value;
      }
      stdout = captureStream();
      const io: CliIo = { stdout, stderr, env };
      code = await runConnectorCommand(definition, args, io);
      // Not a terminal, so logs are JSON by default, and so is the summary line.
      assert.match(
        stdout.text(),
        new RegExp(`^\\{"msg":"sync finished","connector":"${name}","status":"ok"`),
        example.line,
      );
    }
    assert.equal(code, EXIT_CODES.ok, `${example.line}\n${stderr.text()}`);
    assert.ok(stdout.text().length > 0 || args.includes("--out"), `${example.line} printed something`);
  }
  const kept = readdirSync(folder, { withFileTypes: true }).filter(
    (entry) => !ignoredAtTop(entry.name, entry.isDirectory()),
  );
  assert.deepEqual(
    kept.map((entry) => entry.name),
    [],
    "the examples write only what .gitignore keeps out of the repository",
  );
});

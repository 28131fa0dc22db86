import assert from "node:assert/strict";
import { test } from "node:test";
import { CONNECTORS } from "../connectors/index.ts";
import { FAULT_KINDS } from "../simulators/index.ts";
import { run } from "./commands/_test-run.ts";
import { helpFlags, parserFlags, unwrappedHelp } from "./_test-help-flags.ts";
import { connectorCommand, runConnectorCommand } from "./connector-command.ts";
import { HELP_WIDTH, wrapHelp } from "./help.ts";
import { COMMANDS } from "./idsync.ts";
import { captureStream } from "./io.ts";

test("wrapHelp wraps long lines at spaces, continuing under a flag's description", () => {
  const line = `  --port N   ${"word ".repeat(30).trim()}`;
  const wrapped = wrapHelp(line, 40).split("\n");
  assert.ok(wrapped.length > 1);
  for (const part of wrapped) assert.ok(part.length <= 40, part);
  for (const part of wrapped.slice(1)) assert.match(part, /^ {13}word/);
  assert.equal(wrapped.join(" ").replace(/\s+/g, " "), line.replace(/\s+/g, " "));
  assert.equal(wrapHelp("short\n  --a   b", 40), "short\n  --a   b");
});

function assertReadableHelp(label: string, code: number, stdout: string): void {
  assert.equal(code, 0, `${label} exits 0`);
  assert.ok(stdout.length > 0, `${label} prints help`);
  for (const line of stdout.split("\n")) {
    assert.ok(line.length <= HELP_WIDTH, `${label}: a line of ${line.length} characters:\n${line}`);
  }
}

test("every idsync command's --help is help (exit 0) in lines of at most 100 characters", async () => {
  const invocations = [
    ["--help"],
    ...COMMANDS.map((command) => [command.name, "--help"]),
    ...COMMANDS.map((command) => [command.name, "-h"]),
    ...COMMANDS.flatMap((command) => command.subcommands.map((sub) => [...sub.name.split(" ").slice(1), "--help"])),
    ...CONNECTORS.map((connector) => ["sync", connector.name, "--help"]),
  ];
  for (const args of invocations) {
    const result = await run(args);
    assertReadableHelp(`idsync ${args.join(" ")}`, result.code, result.stdout);
    assert.equal(result.stderr, "", `idsync ${args.join(" ")} writes nothing on stderr`);
  }
});

test("every baton-<name> --help reads in lines of at most 100 characters", async () => {
  for (const connector of CONNECTORS) {
    const stdout = captureStream();
    const code = await runConnectorCommand(connector, ["--help"], { stdout, stderr: captureStream(), env: {} });
    assertReadableHelp(`baton-${connector.name} --help`, code, stdout.text());
  }
});

test("idsync sync --help lists the connectors it can sync", async () => {
  const result = await run(["sync", "--help"]);
  assert.equal(result.code, 0);
  for (const connector of CONNECTORS) assert.match(result.stdout, new RegExp(`^  ${connector.name} +\\S`, "m"));
});

test("idsync campaign --help lists each subcommand, and each subcommand's help is its own", async () => {
  const campaign = COMMANDS.find((command) => command.name === "campaign")!;
  assert.ok(campaign.subcommands.length > 0);
  const { stdout } = await run(["campaign", "--help"]);
  for (const sub of campaign.subcommands) {
    const word = sub.name.split(" ").at(-1)!;
    assert.match(stdout, new RegExp(`^  ${word} +\\S`, "m"), `campaign --help lists ${word}`);
    const own = await run(["campaign", word, "--help"]);
    assert.match(own.stdout, new RegExp(`^Usage: idsync campaign ${word} `), `campaign ${word} --help`);
  }
});

test("idsync simulate --help names every fault kind the simulators know", async () => {
  const { stdout } = await run(["simulate", "--help"]);
  const faultHelp = stdout.slice(stdout.indexOf("--fault"), stdout.indexOf("--no-rate-limit")).replace(/\s+/g, " ");
  for (const kind of FAULT_KINDS) assert.ok(faultHelp.includes(` ${kind}`), `--fault help names ${kind}`);
});

test("every command's help lists exactly the flags its parser accepts, each of which parses", () => {
  const commands = [
    ...COMMANDS.flatMap((entry) => [entry.command, ...entry.subcommands]),
    ...CONNECTORS.map((connector) => connectorCommand(connector)),
  ];
  for (const command of commands) {
    const listed = helpFlags(unwrappedHelp(command));
    assert.deepEqual(listed, parserFlags(command), `${command.name}: --help against the parser`);
    for (const flag of listed) {
      const [long, value] = flag.split(" ").at(-1)!.split("=");
      // With --help, the parser checks the flag is known and stops before any value check.
      assert.doesNotThrow(() => command.parse([value ? `${long}=x` : long!, "--help"]), `${command.name} ${long}`);
    }
  }
});

test("--help on a terminal wraps to its width, and never past 100 columns", async () => {
  for (const [columns, widest] of [
    [60, 60],
    [250, HELP_WIDTH],
  ] as const) {
    const { code, stdout } = await run(["review", "--help"], { columns });
    assert.equal(code, 0);
    const lines = stdout.split("\n");
    for (const line of lines)
      assert.ok(line.length <= widest, `${columns} columns: a line of ${line.length}:\n${line}`);
    assert.ok(
      lines.some((line) => line.length > widest - 10),
      `${columns} columns: the lines use the width`,
    );
  }
});

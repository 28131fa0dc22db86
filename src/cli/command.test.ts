import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ConfigError, EXIT_CODES } from "../core/index.ts";
import { helpFlags, parserFlags, unwrappedHelp } from "./_test-help-flags.ts";
import { defineCommand } from "./command.ts";
import { captureStream } from "./io.ts";

const sample = defineCommand({
  name: "idsync sample",
  summary: "a command for the tests",
  usage: ["[-f FILE…] [-o console|json]"],
  description: "Does nothing, carefully.",
  flags: {
    file: {
      type: "string",
      short: "f",
      value: "PATH",
      multiple: true,
      description: "a file to read",
      default: "sync.c1z",
    },
    output: {
      type: "string",
      short: "o",
      value: "FORMAT",
      description: "how to print",
      choices: ["console", "json"],
      default: "console",
    },
    "fail-on": {
      type: "string",
      value: "LIST",
      description: "exit 8 on these",
      choices: ["admins", "dormant", "gaps"],
      list: true,
    },
    sort: { type: "string", value: "KEY", description: "the order", choices: ["name", "email", "last-login"] },
    only: { type: "string", value: "WHAT", description: "the one thing", choices: ["admins"] },
    port: { type: "string", value: "N", description: "where to listen" },
    raw: { type: "boolean", description: "as stored" },
    "max-decoded-size": {
      type: "string",
      value: "SIZE",
      description: "the most to decompress",
      notes: ["default 10GiB"],
      env: "BATON_MAX_DECODED_SIZE",
    },
  },
  footer: "The end.",
  async run({ values }, io) {
    io.stdout.write(JSON.stringify(values));
    return EXIT_CODES.ok;
  },
});

function rejects(argv: string[], message: RegExp): void {
  assert.throws(
    () => sample.parse(argv),
    (error: unknown) => error instanceof ConfigError && message.test(`${error.message}\n${error.hint ?? ""}`),
  );
}

describe("defineCommand's parser", () => {
  test("applies defaults, and says which flags were typed", () => {
    const { values, given } = sample.parse(["-o", "json"]);
    assert.deepEqual(values.file, ["sync.c1z"]);
    assert.equal(values.output, "json");
    assert.equal(values.port, undefined);
    assert.deepEqual([...given], ["output"]);
  });

  test("checks choices in one place, naming them", () => {
    rejects(["-o", "yaml"], /^-o must be console or json, got "yaml"\n$/);
    rejects(["--only", "all"], /^--only must be admins, got "all"\n$/);
    rejects(["--sort", "age"], /^--sort must be one of name, email, last-login, got "age"\n$/);
    rejects(
      ["--fail-on", "admins,nope"],
      /^--fail-on does not know "nope"\nname one or more of admins, dormant, gaps$/,
    );
    rejects(["--fail-on", ","], /^--fail-on does not know an empty list\n/);
    assert.deepEqual(sample.parse(["--fail-on", "admins, gaps"]).values["fail-on"], ["admins", "gaps"]);
  });

  test("turns node's errors into one line with a hint, and refuses arguments it does not declare", () => {
    rejects(["--bogus"], /^unknown flag '--bogus'\nrun `idsync sample --help` for the flags$/);
    rejects(["stray"], /^unexpected argument "stray"\nrun `idsync sample --help` for the flags$/);
  });

  test("--help prints the help and checks nothing else", async () => {
    const stdout = captureStream();
    assert.equal(
      await sample.run(["-o", "yaml", "--help"], { stdout, stderr: captureStream(), env: {} }),
      EXIT_CODES.ok,
    );
    assert.equal(stdout.text(), sample.help());
  });

  test("refuses a declaration that contradicts itself, at import time", () => {
    const declare = (flags: Record<string, object>) => () =>
      defineCommand({ name: "x", summary: "x", usage: [""], flags: flags as never, run: async () => 0 });
    assert.throws(
      declare({ level: { type: "string", description: "d", env: "BATON_LEVEL", default: "info" } }),
      TypeError,
    );
    assert.throws(declare({ quiet: { type: "boolean", description: "d", default: "true" } }), TypeError);
    assert.throws(
      declare({
        a: { type: "string", short: "a", description: "d" },
        b: { type: "string", short: "a", description: "d" },
      }),
      TypeError,
    );
  });
});

describe("defineCommand's help", () => {
  test("lists each flag with its alias, value, choices, default and variable, aligned", () => {
    assert.equal(
      sample.help(),
      [
        "Usage: idsync sample [-f FILE…] [-o console|json]",
        "",
        "Does nothing, carefully.",
        "",
        "  -f, --file PATH              a file to read [default sync.c1z]",
        "  -o, --output FORMAT          how to print [console or json; default console]",
        "      --fail-on LIST           exit 8 on these [comma-separated, any of admins, dormant, gaps]",
        "      --sort KEY               the order [one of name, email, last-login]",
        "      --only WHAT              the one thing [admins]",
        "      --port N                 where to listen",
        "      --raw                    as stored",
        "      --max-decoded-size SIZE  the most to decompress [default 10GiB] ($BATON_MAX_DECODED_SIZE)",
        "  -h, --help                   show this help",
        "",
        "The end.",
        "",
      ].join("\n"),
    );
  });

  test("wraps to the width asked, continuing under the descriptions", () => {
    for (const line of sample.help(60).split("\n")) assert.ok(line.length <= 60, line);
    assert.match(sample.help(60), /\n {31}\S/);
  });

  test("lists exactly the flags the parser accepts, and the check sees a flag added to one side", () => {
    assert.deepEqual(helpFlags(unwrappedHelp(sample)), parserFlags(sample));
    const parserOnly = { ...sample, parserOptions: { ...sample.parserOptions, extra: { type: "boolean" as const } } };
    assert.notDeepEqual(helpFlags(unwrappedHelp(parserOnly)), parserFlags(parserOnly));
    const helpOnly = { ...sample, help: () => `${sample.help()}  --extra   listed only\n` };
    assert.notDeepEqual(helpFlags(unwrappedHelp(helpOnly)), parserFlags(helpOnly));
  });
});

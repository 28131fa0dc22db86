/**
 * A fifth product, Acme (a connector and a simulator written here, as a new product's two
 * folders would hold them), registered beside the four in the two registries and nowhere else:
 * the help texts, the demo, the reliability table and the benchmark pick it up, review and the
 * explorer read its file as they read any, and what stays a hand edit (its npm command) is
 * caught. docs/adding-a-connector.md walks the same steps.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, test } from "node:test";
import { ESLint } from "eslint";
import { benchConnectors, benchUsage } from "../../bench/_connectors.ts";
import { tableCell } from "../../scripts/reliability/document.ts";
import { runScenario } from "../../scripts/reliability/run.ts";
import { SCENARIOS } from "../../scripts/reliability/scenarios.ts";
import { subjectsOf } from "../../scripts/reliability/subjects.ts";
import { demoCommandFor } from "../../src/cli/commands/demo.ts";
import { idsyncUsage } from "../../src/cli/idsync.ts";
import { captureStream } from "../../src/cli/io.ts";
import { simulatedProducts } from "../../src/cli/products.ts";
import { CONNECTORS } from "../../src/connectors/index.ts";
import { C1zReader, EXIT_CODES } from "../../src/core/index.ts";
import { API_ROUTES, explorerApps } from "../../src/explorer/index.ts";
import { reviewSync } from "../../src/review/index.ts";
import { SIMULATORS } from "../../src/simulators/index.ts";
import { productLane } from "../../src/simulators/_kit/index.ts";
import { tempDir } from "../../src/testkit/index.ts";
import { binProblems } from "../_bin-entries.ts";
import { acme } from "./_acme-connector.ts";
import { acmeSimulator } from "./_acme-simulator.ts";

const ROOT = resolve(import.meta.dirname, "../..");
/** The registries with the fifth product's one line each. */
const FIVE_CONNECTORS = [...CONNECTORS, acme];
const FIVE_SIMULATORS = [...SIMULATORS, acmeSimulator];
const FIVE = simulatedProducts(FIVE_CONNECTORS, FIVE_SIMULATORS);

describe("what lists the products lists the fifth", () => {
  test("idsync --help and idsync demo --help name it", () => {
    assert.match(
      idsyncUsage(FIVE_CONNECTORS).split("\n")[0]!,
      /from Clockify, Codefresh, env0, Runlayer and Acme, into Baton c1z files$/,
    );
    assert.match(
      idsyncUsage().split("\n")[0]!,
      /from Clockify, Codefresh, env0 and Runlayer, into/,
      "the shipped registry, untouched",
    );
    assert.match(
      demoCommandFor(FIVE).help(1000),
      /Serve a simulated tenant of each product \(Clockify, Codefresh, env0, Runlayer and Acme\) on 127\.0\.0\.1/,
    );
  });

  test("the demo serves it, and the benchmark and the reliability table have it", () => {
    assert.deepStrictEqual(
      FIVE.map((product) => product.connector.name),
      ["clockify", "codefresh", "env0", "runlayer", "acme"],
    );
    assert.deepStrictEqual(benchConnectors(FIVE), ["clockify", "codefresh", "env0", "runlayer", "acme"]);
    assert.match(
      benchUsage({ connectors: benchConnectors(FIVE), sections: ["sync"], sizes: [1000], latencyMs: 25 }),
      /--connectors +which connectors to sync: any of clockify, codefresh, env0, runlayer, acme /,
    );
    const columns = subjectsOf(FIVE).map((subject) => `${subject.definition.displayName}: ${subject.paging}`);
    assert.equal(columns.at(-1), "Acme: users come 25 a page");
    assert.equal(columns.length, 5);
  });

  test("a simulator without reliability targets is named, not skipped", () => {
    const bare = { name: "acme", create: acmeSimulator.create };
    assert.throws(
      () => subjectsOf(simulatedProducts([acme], [bare])),
      /the acme simulator declares no reliability targets: add them to its SimulatorDefinition \(src\/simulators\/acme\/index\.ts\)/,
    );
  });

  test("its simulator's own people are its own: a roster lane no registered product uses", () => {
    assert.equal(new Set(FIVE_SIMULATORS.map((simulator) => productLane(simulator.name))).size, FIVE_SIMULATORS.length);
  });

  test("its npm command is the one hand edit left, and the check names both halves of it", () => {
    assert.deepStrictEqual(binProblems(FIVE_CONNECTORS, ROOT), [
      'package.json "bin" has no "baton-acme": "bin/baton-acme.js"',
      "bin/baton-acme.js is missing",
    ]);
  });
});

describe("its two folders keep to the doors of their layers", () => {
  // Linted as if they sat in src/connectors/acme/ and src/simulators/acme/, where the same
  // imports read one folder up less.
  const eslint = new ESLint({ cwd: ROOT });
  for (const [source, placed] of [
    ["_acme-connector.ts", "src/connectors/acme/index.ts"],
    ["_acme-simulator.ts", "src/simulators/acme/index.ts"],
  ] as const) {
    test(`${source} as ${placed}`, async () => {
      const code = readFileSync(join(import.meta.dirname, source), "utf8").replaceAll(
        'from "../../src/',
        'from "../../',
      );
      const [result] = await eslint.lintText(code, { filePath: join(ROOT, placed) });
      assert.deepStrictEqual(
        result?.messages.map((message) => `${message.ruleId}: ${message.message}`),
        [],
      );
    });
  }
});

test("the demo syncs it twice, and review and the explorer read its stated invites and admins", async (t) => {
  const out = join(tempDir(t), "demo");
  const stdout = captureStream();
  const stderr = captureStream();
  const code = await demoCommandFor(simulatedProducts([acme], [acmeSimulator])).run(["--out", out, "--seed", "3"], {
    stdout,
    stderr,
    env: {},
  });
  assert.equal(code, EXIT_CODES.ok, stderr.text());
  const [, users, admins, invites] = /^acme\s+(\d+)\s+(\d+)\s+(\d+)\s/m.exec(stdout.text()) ?? [];
  assert.deepStrictEqual([users, admins, invites], ["61", "4", "7"], stdout.text());
  assert.match(stdout.text(), /^ {2}acme\s+\+2 users, -1 user/m);

  const file = join(out, "acme.c1z");
  const reader = await C1zReader.open(file);
  t.after(() => reader.close());
  const sync = reader.resolveSync();
  const review = reviewSync(reader, sync);
  assert.equal(review.pendingInvites.length, 7);
  assert.deepStrictEqual(
    [...new Set(review.admins.flatMap((admin) => admin.adminRoles))],
    ["Administrator"],
    "the role the connector marked privileged",
  );

  const apps = explorerApps([{ app: "acme", file, reader, sync }]);
  const page = (await API_ROUTES["/api/review"]!({
    apps,
    params: new URLSearchParams({ app: "acme" }),
    signal: AbortSignal.timeout(60_000),
  })) as Record<string, unknown>;
  assert.equal(JSON.stringify(page).includes("Administrator"), true, "the explorer's review shows the admin role");
});

describe("the reliability runs hold it to the promises", () => {
  const [subject] = subjectsOf(simulatedProducts([acme], [acmeSimulator]));
  for (const [name, cell] of [
    ["repeated page", "exit 7; previous kept"],
    ["refused key (401)", "exit 3; previous kept"],
  ] as const) {
    test(`${name}: ${cell}`, async () => {
      const observation = await runScenario(
        subject!,
        SCENARIOS.find((scenario) => scenario.name === name)!,
      );
      assert.equal(tableCell(observation), cell);
      assert.equal(observation.secretSeen, false);
    });
  }
});

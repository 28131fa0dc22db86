/**
 * docs/reliability.md says what each failure does, per connector. This keeps it honest on every
 * `npm test` without rerunning all of it (`npm run docs:reliability` does, in under a
 * minute): each scenario runs once, for one connector, the connectors taking turns, and the cell
 * and message it observes must be the document's.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { cellsOf, messageLines, tableCell } from "../scripts/reliability/document.ts";
import { runScenario } from "../scripts/reliability/run.ts";
import { SCENARIOS } from "../scripts/reliability/scenarios.ts";
import { SUBJECTS } from "../scripts/reliability/subjects.ts";

const DOCUMENT = readFileSync(join(import.meta.dirname, "../docs/reliability.md"), "utf8");
const CELLS = cellsOf(DOCUMENT);
const REGENERATE = "run `npm run docs:reliability` and review the change";

test("the document has a row per scenario, a column per connector, and says what each scenario does", () => {
  assert.deepEqual(
    [...CELLS.keys()],
    SCENARIOS.map((scenario) => scenario.name),
    REGENERATE,
  );
  for (const row of CELLS.values())
    assert.deepEqual(
      [...row.keys()],
      SUBJECTS.map((subject) => subject.definition.displayName),
      REGENERATE,
    );
  for (const scenario of SCENARIOS)
    assert.ok(DOCUMENT.includes(`- **${scenario.name}**: ${scenario.does}.`), `${scenario.name}: ${REGENERATE}`);
});

// Four at a time, as the command runs them: each has its own simulator and folder.
describe("one scenario per connector in turn", { concurrency: 4 }, () => {
  // Shifted by two so that, in the registry's order, the repeated and changed pages fall to
  // connectors whose lists have pages (env0 and Runlayer; Codefresh's lists come whole).
  for (const [index, scenario] of SCENARIOS.entries()) {
    const subject = SUBJECTS[(index + 2) % SUBJECTS.length]!;
    const column = subject.definition.displayName;
    test(`${scenario.name}, ${column}: what the run does is what the document says`, async () => {
      const observation = await runScenario(subject, scenario);
      assert.equal(tableCell(observation), CELLS.get(scenario.name)?.get(column), REGENERATE);
      for (const [label, run] of [
        ["", observation],
        [" (rerun)", observation.rerun],
      ] as const) {
        if (run?.message === undefined) continue;
        const lines = messageLines(subject, label, { ...run, message: run.message });
        assert.ok(DOCUMENT.includes(lines), `the document quotes:\n${lines}\n${REGENERATE}`);
      }
    });
  }
});

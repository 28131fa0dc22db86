/**
 * `npm run docs:reliability`: runs every scenario of scripts/reliability/scenarios.ts against
 * every connector and writes docs/reliability.md. With `--check`, writes nothing and exits 1
 * when the file differs from what the runs observed.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { renderDocument, type Observations } from "./reliability/document.ts";
import { runScenario, type Observation } from "./reliability/run.ts";
import { SCENARIOS } from "./reliability/scenarios.ts";
import { SUBJECTS } from "./reliability/subjects.ts";

const DOCUMENT = join(import.meta.dirname, "../docs/reliability.md");
const check = process.argv.includes("--check");

// The connectors run side by side, each its scenarios in turn: their simulators share nothing.
const observed = new Map<string, Map<string, Observation>>(SCENARIOS.map((scenario) => [scenario.name, new Map()]));
await Promise.all(
  SUBJECTS.map(async (subject) => {
    for (const scenario of SCENARIOS)
      observed.get(scenario.name)!.set(subject.definition.name, await runScenario(subject, scenario));
  }),
);
const text = renderDocument(SCENARIOS, SUBJECTS, observed as Observations);

if (check) {
  if (readFileSync(DOCUMENT, "utf8") !== text) {
    process.stderr.write(
      `error: docs/reliability.md differs from what the runs observed\nhint: run \`npm run docs:reliability\` and review the change\n`,
    );
    process.exitCode = 1;
  }
} else {
  writeFileSync(DOCUMENT, text);
  process.stdout.write(`wrote docs/reliability.md: ${SCENARIOS.length} scenarios × ${SUBJECTS.length} connectors\n`);
}

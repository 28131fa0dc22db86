/**
 * @module
 * `npm run bench`: runs the benchmark sections, prints each table as it completes, and writes
 * them all to `bench/results/<date>.json` and `.md` with the machine's cores, load, Node version
 * and date. Figures, not pass/fail: speed and memory targets are read from these, never checked
 * by timed tests.
 *
 * @example
 * npm run bench
 * npm run bench -- --sizes 1000 --connectors clockify,env0 --sections sync
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";

import { benchConnectors, benchUsage } from "./_connectors.ts";
import { renderMarkdown, type BenchRun } from "./_report.ts";
import { SECTIONS, type BenchOptions, type SectionResult } from "./sections/index.ts";

const CONNECTORS = benchConnectors();
/** Users per tenant; groups and teams follow in proportion. */
const SIZES = [1_000, 10_000, 100_000];
/** What a SaaS API answers in from a nearby region; the measurements used it too. */
const LATENCY_MS = 25;

const list = (value: string | undefined, fallback: readonly string[]): string[] =>
  value === undefined
    ? [...fallback]
    : value
        .split(",")
        .map((item) => item.trim())
        .filter(Boolean);

/** A mistake in the bench's flags: one line and exit 2, as the CLI does, never a stack trace. */
function refuse(message: string): never {
  process.stderr.write(`bench: ${message.replace(/\s*\n\s*/g, " ")} (npm run bench -- --help lists the flags)\n`);
  process.exit(2);
}

function parseFlags() {
  try {
    return parseArgs({
      options: {
        sizes: { type: "string" },
        connectors: { type: "string" },
        sections: { type: "string" },
        "latency-ms": { type: "string" },
        out: { type: "string", default: join(import.meta.dirname, "results") },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    return refuse(error instanceof Error ? error.message : String(error));
  }
}

const { values } = parseFlags();
if (values.help) {
  process.stdout.write(
    benchUsage({
      connectors: CONNECTORS,
      sections: SECTIONS.map((section) => section.name),
      sizes: SIZES,
      latencyMs: LATENCY_MS,
    }),
  );
  process.exit(0);
}
const sizes = list(values.sizes, SIZES.map(String)).map(Number);
if (sizes.some((size) => !Number.isInteger(size) || size < 1))
  refuse(`--sizes takes user counts separated by commas, e.g. 1000,10000; got ${values.sizes}`);
const connectors = list(values.connectors, CONNECTORS);
const unknownConnector = connectors.find((name) => !CONNECTORS.includes(name));
if (unknownConnector)
  refuse(`--connectors: no connector named ${unknownConnector}; choose from ${CONNECTORS.join(", ")}`);
const sectionNames = list(
  values.sections,
  SECTIONS.map((section) => section.name),
);
const unknownSection = sectionNames.find((name) => !SECTIONS.some((section) => section.name === name));
if (unknownSection)
  refuse(
    `--sections: no section named ${unknownSection}; choose from ${SECTIONS.map((section) => section.name).join(", ")}`,
  );
const latencyMs = Number(values["latency-ms"] ?? LATENCY_MS);
if (!Number.isFinite(latencyMs) || latencyMs < 0)
  refuse(`--latency-ms takes a number of milliseconds, e.g. 25; got ${values["latency-ms"]}`);

const options: BenchOptions = { sizes, connectors, latencyMs, progress: (line) => process.stderr.write(`${line}\n`) };
const started = new Date();
const run: BenchRun = {
  date: started.toISOString(),
  node: process.version,
  cores: availableParallelism(),
  cpu: cpus()[0]?.model ?? "unknown",
  loadBefore: loadavg().map((load) => Number(load.toFixed(2))),
  loadAfter: [],
  options: { sizes, connectors, latencyMs, sections: sectionNames },
  sections: [],
};

for (const section of SECTIONS.filter((candidate) => sectionNames.includes(candidate.name))) {
  const result: SectionResult = await section.run(options);
  run.sections.push(result);
  process.stdout.write(`${renderMarkdown({ ...run, sections: [result] }, { header: false })}\n`);
}
run.loadAfter = loadavg().map((load) => Number(load.toFixed(2)));

mkdirSync(values.out, { recursive: true });
const stem = join(values.out, started.toISOString().replace(/:/g, "-").replace(/\..*$/, ""));
writeFileSync(`${stem}.json`, `${JSON.stringify(run, null, 2)}\n`);
writeFileSync(`${stem}.md`, renderMarkdown(run, { header: true }));
process.stderr.write(`wrote ${stem}.json and ${stem}.md\n`);

/**
 * @module
 * `idsync simulate <name|all>`: serves the fake APIs on 127.0.0.1 and prints one JSON line per
 * simulator — `{"name","baseUrl","settings"}`, where `settings` maps each connector flag to the
 * value that syncs that tenant — then serves until interrupted. `idsync simulate c1` serves a fake
 * ConductorOne instead, for service mode (`simulate-c1.ts`); `all` stays the four products.
 */
import { ConfigError, EXIT_CODES } from "../../core/index.ts";
import {
  FAULT_KINDS,
  SIMULATORS,
  findSimulator,
  parseReferenceDate,
  serve,
  type SimulatorOptions,
} from "../../simulators/index.ts";
import { defineCommand, type FlagValues } from "../command.ts";
import { cannotListen, portFlag } from "../flags.ts";
import type { CliIo } from "../io.ts";
import { C1_SECTION, simulateC1 } from "./simulate-c1.ts";

const SIMULATOR_NAMES = SIMULATORS.map((s) => s.name).join("|");

/** The flags of the product simulators; `C1_SECTION` has those of the fake ConductorOne. */
const PRODUCT_FLAGS = {
  port: {
    type: "string",
    value: "N",
    description: 'port to listen on; with "all", the next simulators take N+1…; 0 or left out: a free port for each',
  },
  seed: { type: "string", value: "N", description: "tenant seed; the same seed gives the same tenant (default 1)" },
  users: { type: "string", value: "N", description: "people in each tenant" },
  groups: { type: "string", value: "N", description: "groups or teams in each tenant" },
  "latency-ms": { type: "string", value: "N", description: "delay added to every response" },
  generation: {
    type: "string",
    value: "N",
    description: "the tenant after N rounds of joiners, leavers and role changes (default 0)",
  },
  "reference-date": {
    type: "string",
    value: "YYYY-MM-DD",
    description:
      "the day the tenants' sign-ins, key use and creation dates are counted back from; fix it for the same bytes on any day (default: today, UTC)",
  },
  fault: {
    type: "string",
    value: "SPEC",
    multiple: true,
    description: `inject a fault (repeatable): KIND[:NUMBER][*TIMES|%EVERY][@PATH], e.g. rate-limit*5, server-error:503*2@/api/v1/users or slow:1500%3; KIND is one of ${FAULT_KINDS.join(", ")} (empty-list answers a list as an empty last page: [] or an envelope with none)`,
  },
  "no-rate-limit": { type: "boolean", description: "do not enforce the product's documented rate limit" },
} as const;

export const simulateCommand = defineCommand({
  name: "idsync simulate",
  summary: "serve the simulated APIs on 127.0.0.1",
  usage: [`<${SIMULATOR_NAMES}|all> [flags]`, "c1 [--port N] [--task TYPE]… [--out DIR] [--next-poll-ms N]"],
  // The simulator, as the usage lines say.
  arguments: [],
  flags: PRODUCT_FLAGS,
  sections: [C1_SECTION],
  run: ({ values, positionals, given }, io) => simulate(values, positionals, given, io),
});

/** A flag typed for the other kind of simulator, if any: `--seed` means nothing to the fake ConductorOne. */
function misplacedFlag(target: string, given: ReadonlySet<string>): string | undefined {
  const own = Object.keys(target === "c1" ? C1_SECTION.flags : PRODUCT_FLAGS);
  const other = Object.keys(target === "c1" ? PRODUCT_FLAGS : C1_SECTION.flags);
  return other.find((flag) => given.has(flag) && !own.includes(flag));
}

function integerFlag(values: Record<string, unknown>, name: string): number | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0)
    throw new ConfigError(`--${name} must be a whole number, got "${String(raw)}"`);
  return value;
}

function referenceDateFlag(values: Record<string, unknown>): Date | undefined {
  const raw = values["reference-date"];
  if (raw === undefined) return undefined;
  try {
    return parseReferenceDate(String(raw));
  } catch {
    throw new ConfigError(`--reference-date must be a day as YYYY-MM-DD, got "${String(raw)}"`);
  }
}

async function simulate(
  values: FlagValues<typeof PRODUCT_FLAGS & Omit<(typeof C1_SECTION)["flags"], "port">>,
  positionals: readonly string[],
  given: ReadonlySet<string>,
  io: CliIo,
): Promise<number> {
  const target = positionals[0];
  if (!target || positionals.length > 1)
    throw new ConfigError("name one simulator, or all", {
      hint: `Usage: idsync simulate <${SIMULATOR_NAMES}|all> [flags]`,
    });
  const misplaced = misplacedFlag(target, given);
  if (misplaced) {
    throw new ConfigError(
      `--${misplaced} does not apply to ${target === "c1" ? "the fake ConductorOne" : "the product simulators"}`,
      {
        hint: "run `idsync simulate --help` for which flags go with which",
      },
    );
  }
  if (target === "c1")
    return simulateC1(
      { port: values.port, task: values.task, out: values.out, "next-poll-ms": values["next-poll-ms"] },
      io,
    );
  const definitions = target === "all" ? SIMULATORS : [findSimulator(target)].filter((d) => d !== undefined);
  if (definitions.length === 0) {
    throw new ConfigError(`no simulator named "${target}"`, {
      hint: `choose one of ${SIMULATORS.map((s) => s.name).join(", ")}, all, or c1`,
    });
  }
  // The simulators read an unset option as their default (`options.seed ?? 1`), undefined included.
  const options: SimulatorOptions = {
    seed: integerFlag(values, "seed"),
    users: integerFlag(values, "users"),
    groups: integerFlag(values, "groups"),
    latencyMs: integerFlag(values, "latency-ms"),
    generation: integerFlag(values, "generation"),
    referenceDate: referenceDateFlag(values),
    faults: values.fault,
    rateLimit: !values["no-rate-limit"],
  };
  const firstPort = portFlag(values.port, 0);
  if (firstPort + definitions.length - 1 > 65_535) {
    throw new ConfigError(
      `--port ${firstPort} leaves no room for ${definitions.length} simulators, which take ${firstPort} to ${firstPort + definitions.length - 1}`,
      {
        setting: "port",
        hint: `choose a port up to ${65_536 - definitions.length}, or 0 for a free port each`,
      },
    );
  }
  const servers = [];
  try {
    for (const [index, definition] of definitions.entries()) {
      const simulator = definition.create(options);
      // Port 0 asks the system for a free port, for each simulator on its own; only a chosen port counts up.
      const port = firstPort === 0 ? 0 : firstPort + index;
      const served = await serve(simulator.handler, { port }).catch((error: unknown) => {
        throw cannotListen(port, error);
      });
      servers.push(served);
      const settings = simulator.settings(served.origin);
      io.stdout.write(
        `${JSON.stringify({ name: simulator.name, baseUrl: settings["base-url"] ?? served.origin, settings })}\n`,
      );
    }
    await new Promise<void>((resolve) => {
      if (io.signal?.aborted) resolve();
      io.signal?.addEventListener("abort", () => resolve(), { once: true });
    });
  } finally {
    await Promise.all(servers.map((server) => server.close()));
  }
  return EXIT_CODES.ok;
}

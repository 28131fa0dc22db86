/**
 * @module
 * `idsync simulate <name|all>`: serves the fake APIs on 127.0.0.1 and prints one JSON line per
 * simulator — `{"name","baseUrl","settings"}`, where `settings` maps each connector flag to the
 * value that syncs that tenant — then serves until interrupted. `idsync simulate c1` serves a fake
 * ConductorOne instead, for service mode (`simulate-c1.ts`); `all` stays the four products.
 */
import { ConfigError, EXIT_CODES } from "../../core/index.ts";
import { FAULT_KINDS, SIMULATORS, findSimulator, parseReferenceDate, serve, type SimulatorOptions } from "../../simulators/index.ts";
import { cannotListen, parseFlags, portFlag } from "../flags.ts";
import type { CliIo } from "../io.ts";
import { simulateC1, simulateC1Usage } from "./simulate-c1.ts";
import { printHelp } from "../help.ts";

export const simulateUsage = `Usage: idsync simulate <${SIMULATORS.map((s) => s.name).join("|")}|all> [flags]
       idsync simulate c1 [--port N] [--task TYPE]… [--out DIR] [--next-poll-ms N]

  --port N          port to listen on; with "all", the next simulators take N+1…; 0 or left out:
                    a free port for each
  --seed N          tenant seed; the same seed gives the same tenant (default 1)
  --users N         people in each tenant
  --groups N        groups or teams in each tenant
  --latency-ms N    delay added to every response
  --generation N    the tenant after N rounds of joiners, leavers and role changes (default 0)
  --reference-date YYYY-MM-DD
                    the day the tenants' sign-ins, key use and creation dates are counted back from;
                    fix it for the same bytes on any day (default: today, UTC)
  --fault SPEC      inject a fault (repeatable): KIND[:NUMBER][*TIMES|%EVERY][@PATH], e.g. rate-limit*5, server-error:503*2@/api/v1/users or slow:1500%3; KIND is one of ${FAULT_KINDS.join(", ")} (empty-list answers a list as an empty last page: [] or an envelope with none)
  --no-rate-limit   do not enforce the product's documented rate limit

${simulateC1Usage.split("\n").slice(2).join("\n")}`;

/** Flags that only the product simulators take, and those only the fake ConductorOne takes. */
const PRODUCT_FLAGS = ["seed", "users", "groups", "latency-ms", "generation", "reference-date", "fault", "no-rate-limit"] as const;
const C1_FLAGS = ["task", "out", "next-poll-ms"] as const;

function integerFlag(values: Record<string, unknown>, name: string): number | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new ConfigError(`--${name} must be a whole number, got "${String(raw)}"`);
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

export async function simulateCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseFlags(
    argv,
    {
      port: { type: "string" },
      seed: { type: "string" },
      users: { type: "string" },
      groups: { type: "string" },
      "latency-ms": { type: "string" },
      generation: { type: "string" },
      "reference-date": { type: "string" },
      fault: { type: "string", multiple: true },
      "no-rate-limit": { type: "boolean" },
      task: { type: "string", multiple: true },
      out: { type: "string" },
      "next-poll-ms": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    "idsync simulate",
  );
  if (values.help) {
    printHelp(io.stdout, simulateUsage);
    return EXIT_CODES.ok;
  }
  const target = positionals[0];
  if (!target || positionals.length > 1) throw new ConfigError("name one simulator, or all", { hint: simulateUsage.split("\n")[0] });
  const misplaced = (target === "c1" ? PRODUCT_FLAGS : C1_FLAGS).find((flag) => values[flag] !== undefined);
  if (misplaced) {
    throw new ConfigError(`--${misplaced} does not apply to ${target === "c1" ? "the fake ConductorOne" : "the product simulators"}`, {
      hint: "run `idsync simulate --help` for which flags go with which",
    });
  }
  if (target === "c1") return simulateC1({ port: values.port, task: values.task, out: values.out, "next-poll-ms": values["next-poll-ms"] }, io);
  const definitions = target === "all" ? SIMULATORS : [findSimulator(target)].filter((d) => d !== undefined);
  if (definitions.length === 0) {
    throw new ConfigError(`no simulator named "${target}"`, { hint: `choose one of ${SIMULATORS.map((s) => s.name).join(", ")}, all, or c1` });
  }
  const referenceDate = referenceDateFlag(values);
  const options: SimulatorOptions = {
    ...(integerFlag(values, "seed") !== undefined ? { seed: integerFlag(values, "seed")! } : {}),
    ...(integerFlag(values, "users") !== undefined ? { users: integerFlag(values, "users")! } : {}),
    ...(integerFlag(values, "groups") !== undefined ? { groups: integerFlag(values, "groups")! } : {}),
    ...(integerFlag(values, "latency-ms") !== undefined ? { latencyMs: integerFlag(values, "latency-ms")! } : {}),
    ...(integerFlag(values, "generation") !== undefined ? { generation: integerFlag(values, "generation")! } : {}),
    ...(referenceDate ? { referenceDate } : {}),
    ...(values.fault ? { faults: values.fault } : {}),
    ...(values["no-rate-limit"] ? { rateLimit: false } : {}),
  };
  const firstPort = portFlag(values.port, 0);
  if (firstPort + definitions.length - 1 > 65_535) {
    throw new ConfigError(`--port ${firstPort} leaves no room for ${definitions.length} simulators, which take ${firstPort} to ${firstPort + definitions.length - 1}`, {
      setting: "port",
      hint: `choose a port up to ${65_536 - definitions.length}, or 0 for a free port each`,
    });
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
      io.stdout.write(`${JSON.stringify({ name: simulator.name, baseUrl: settings["base-url"] ?? served.origin, settings })}\n`);
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

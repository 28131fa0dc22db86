/**
 * @module
 * `idsync simulate c1`: a fake ConductorOne on 127.0.0.1 to point a connector's service mode at.
 * It prints one JSON line — the API host, the client id and secret it issued, the CA file to trust
 * and the environment that points a connector here — then serves the queued tasks until
 * interrupted, with one line per call on stderr (never a token).
 */
import { mkdir } from "node:fs/promises";
import path from "node:path";

import { checkFolderToWrite, ConfigError, EXIT_CODES } from "../../core/index.ts";
import { startFakeC1, TASK_TYPES, type TaskSpec } from "../../simulators/c1/index.ts";
import type { FlagSection } from "../command.ts";
import { cannotListen, portFlag } from "../flags.ts";
import type { CliIo } from "../io.ts";

/** The flags of `idsync simulate c1`, a section of `idsync simulate --help`. */
export const C1_SECTION = {
  text: '  A fake ConductorOne for service mode: the token endpoint and BatonService on one TLS port, a fresh test CA and client credentials. Point a connector at it with the "env" it prints.',
  flags: {
    port: { type: "string", value: "N", description: "port to listen on (default: any free port)" },
    task: {
      type: "string",
      value: "TYPE",
      multiple: true,
      description:
        'a task to hand out, in order (repeatable; default one sync_full): any Task type of baton.proto (sync_full, grant, revoke, hello, none, …) or "unknown"',
    },
    out: { type: "string", value: "DIR", description: "save each uploaded c1z as DIR/<task id>.c1z" },
    "next-poll-ms": {
      type: "string",
      value: "N",
      description: "the next_poll ConductorOne asks for between GetTask calls (default 1000)",
    },
  },
} as const satisfies FlagSection;

export interface SimulateC1Flags {
  port?: string | undefined;
  task?: string[] | undefined;
  out?: string | undefined;
  "next-poll-ms"?: string | undefined;
}

function taskSpec(type: string): TaskSpec {
  if (type === "unknown") return { type: "unknown" };
  if ((TASK_TYPES as readonly string[]).includes(type)) return { type } as TaskSpec;
  throw new ConfigError(`--task ${type} is not a task type`, {
    setting: "task",
    hint: `use one of ${TASK_TYPES.join(", ")}, or unknown`,
  });
}

function nextPollMs(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw))
    throw new ConfigError(`--next-poll-ms must be a whole number of milliseconds, got "${raw}"`, {
      setting: "next-poll-ms",
    });
  return Number(raw);
}

async function outFolder(raw: string | undefined): Promise<string | undefined> {
  if (raw === undefined) return undefined;
  const folder = path.resolve(raw);
  checkFolderToWrite(raw, { setting: "out" });
  try {
    await mkdir(folder, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw new ConfigError(
      `--out ${raw}: cannot create the folder (${(error as NodeJS.ErrnoException).code ?? "error"})`,
      { setting: "out", hint: "name a folder this user can write" },
    );
  }
  return folder;
}

export async function simulateC1(flags: SimulateC1Flags, io: CliIo): Promise<number> {
  const specs = (flags.task ?? ["sync_full"]).map(taskSpec);
  const pollMs = nextPollMs(flags["next-poll-ms"]);
  const port = portFlag(flags.port, 0);
  const uploadsDir = await outFolder(flags.out);
  const fake = await startFakeC1({
    port,
    ...(uploadsDir ? { uploadsDir } : {}),
    log: (line) => io.stderr.write(`c1: ${line}\n`),
  }).catch((error: unknown) => {
    throw cannotListen(port, error);
  });
  try {
    if (pollMs !== undefined) fake.script.nextPollMs = pollMs;
    for (const spec of specs) fake.queueTask(spec);
    const env = fake.env();
    io.stdout.write(
      `${JSON.stringify({ name: "c1", apiHost: fake.apiHost, clientId: fake.clientId, clientSecret: fake.clientSecret, caFile: fake.caFile, env })}\n`,
    );
    await new Promise<void>((resolve) => {
      if (io.signal?.aborted) resolve();
      io.signal?.addEventListener("abort", () => resolve(), { once: true });
    });
  } finally {
    await fake.close();
  }
  return EXIT_CODES.ok;
}

/**
 * @module
 * `idsync explore -f FILE…`: a web page for clicking through who has what — the review
 * findings, people and everything they hold with the paths, roles and groups with their
 * holders, what changed since the previous sync — served on 127.0.0.1 until Ctrl-C or
 * SIGTERM. The files stay open while it serves and are closed when it stops.
 */
import { readCampaign, reviewerName } from "../../campaign/index.ts";
import { ConfigError, EXIT_CODES, type C1zReader } from "../../core/index.ts";
import { checkAppNames, isLoopbackHost, startExplorer, type ExplorerInput } from "../../explorer/index.ts";
import { chooseSync } from "../../review/index.ts";
import { defineCommand, type FlagValues } from "../command.ts";
import { portFlag } from "../flags.ts";
import type { CliIo } from "../io.ts";
import { printError } from "../report.ts";
import { appInputs, DECODE_FLAG, DEFAULT_FILE, openC1z, readOptions } from "./_reading.ts";

const COMMAND = "idsync explore";
const DEFAULT_HOST = "127.0.0.1";
const FLAGS = {
  file: {
    type: "string",
    short: "f",
    value: "PATH",
    multiple: true,
    description: "a c1z file to explore (repeat for several apps)",
    default: DEFAULT_FILE,
  },
  app: {
    type: "string",
    value: "NAME",
    multiple: true,
    description: "the app of each -f, in the same order (default: from the file name)",
  },
  host: {
    type: "string",
    value: "ADDRESS",
    description:
      "the interface to listen on; an address other than the default lets every machine that can reach this one ask, token in hand",
    default: DEFAULT_HOST,
  },
  port: { type: "string", value: "N", description: "the port to listen on (default 0: any free port)" },
  campaign: {
    type: "string",
    value: "FILE",
    description:
      "a campaign (idsync campaign start) to decide on from the page: its items with keep, revoke and follow up; decisions are written to FILE",
  },
  reviewer: {
    type: "string",
    value: "NAME",
    description: "who decides from the page (default: $IDSYNC_REVIEWER, else this OS user)",
  },
  ...DECODE_FLAG,
} as const;

export const exploreCommand = defineCommand({
  name: COMMAND,
  summary: "a read-only web page on 127.0.0.1 to click through who has what",
  usage: ["[-f FILE…] [--app NAME…] [--host ADDRESS] [--port N] [--campaign FILE]"],
  description:
    "Serve a read-only web page over c1z files: each app's review findings, people and what they hold (with the paths), roles and groups with their holders, and what changed since the previous sync. It prints the page's address, whose token every request needs, and serves until interrupted (Ctrl-C).",
  flags: FLAGS,
  run: ({ values }, io) => explore(values, io),
});

/** Resolves once `signal` aborts; never, without one. */
function stopped(signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    signal?.addEventListener("abort", () => resolve(), { once: true });
  });
}

async function explore(values: FlagValues<typeof FLAGS>, io: CliIo): Promise<number> {
  const inputs = appInputs(values.file, values.app, undefined);
  checkAppNames(inputs);
  const host = values.host;
  if (host.trim() === "") throw new ConfigError("--host must name an address, e.g. 127.0.0.1");
  const port = portFlag(values.port, 0);
  const read = readOptions(values, io);
  if (values.reviewer !== undefined && values.campaign === undefined)
    throw new ConfigError("--reviewer goes with --campaign", { setting: "reviewer" });
  // Read once now, so a missing or damaged campaign stops the command before it serves.
  if (values.campaign !== undefined) readCampaign(values.campaign);
  const campaign =
    values.campaign === undefined
      ? undefined
      : { file: values.campaign, reviewer: reviewerName(values.reviewer, io.env) };

  const readers: C1zReader[] = [];
  try {
    const opened: ExplorerInput[] = [];
    for (const { file, app } of inputs) {
      const reader = await openC1z(file, read);
      readers.push(reader);
      const chosen = chooseSync(reader);
      if (chosen.note) io.stderr.write(`${chosen.note}\n`);
      opened.push({ app, file, reader, sync: chosen.run, ...(chosen.note ? { note: chosen.note } : {}), ...read });
    }
    const explorer = await startExplorer(opened, {
      host,
      port,
      onError: (error) => printError(io.stderr, error),
      ...(campaign ? { campaign } : {}),
    });
    try {
      if (!isLoopbackHost(host)) {
        io.stderr.write(
          `warning: listening on ${host}, not on loopback: whoever can reach port ${explorer.port} of this machine ` +
            "and has the token can read who has access to what in these files\n",
        );
      }
      io.stdout.write(`${COMMAND}: ${explorer.url}\n`);
      await stopped(io.signal);
    } finally {
      await explorer.close();
    }
  } finally {
    for (const reader of readers) reader.close();
  }
  return EXIT_CODES.ok;
}

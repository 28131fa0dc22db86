/**
 * @module
 * `idsync explore -f FILE…`: a web page for clicking through who has what — the review
 * findings, people and everything they hold with the paths, roles and groups with their
 * holders, what changed since the previous sync — served on 127.0.0.1 until Ctrl-C or
 * SIGTERM. The files stay open while it serves and are closed when it stops.
 */
import { ConfigError, EXIT_CODES, type C1zReader } from "../../core/index.ts";
import { checkAppNames, isLoopbackHost, startExplorer, type ExplorerInput } from "../../explorer/index.ts";
import { readCampaign, reviewerName } from "../../campaign/index.ts";
import { chooseSync } from "../../review/index.ts";
import { parseFlags, portFlag } from "../flags.ts";
import type { CliIo } from "../io.ts";
import { printError } from "../report.ts";
import { appInputs, DECODE_FLAG, DECODE_FLAG_HELP, noPositionals, openC1z, readOptions } from "./_reading.ts";
import { printHelp } from "../help.ts";

const COMMAND = "idsync explore";
const DEFAULT_HOST = "127.0.0.1";
const USAGE = `Usage: ${COMMAND} [-f FILE…] [--app NAME…] [--host ADDRESS] [--port N] [--campaign FILE]

Serve a read-only web page over c1z files: each app's review findings, people and what they
hold (with the paths), roles and groups with their holders, and what changed since the
previous sync. It prints the page's address, whose token every request needs, and serves
until interrupted (Ctrl-C).

  -f, --file PATH     a c1z file to explore (repeat for several apps; default sync.c1z)
      --app NAME      the app of each -f, in the same order (default: from the file name)
      --campaign FILE a campaign (idsync campaign start) to decide on from the page: its items
                      with keep, revoke and follow up; decisions are written to FILE
      --reviewer NAME who decides from the page (default: $IDSYNC_REVIEWER, else this OS user)
      --host ADDRESS  the interface to listen on (default ${DEFAULT_HOST}); any other address lets
                      every machine that can reach this one ask, token in hand
      --port N        the port to listen on (default 0: any free port)
${DECODE_FLAG_HELP}
  -h, --help          show this help
`;

/** Resolves once `signal` aborts; never, without one. */
function stopped(signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    signal?.addEventListener("abort", () => resolve(), { once: true });
  });
}

export async function exploreCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseFlags(
    argv,
    {
      file: { type: "string", short: "f", multiple: true },
      app: { type: "string", multiple: true },
      host: { type: "string" },
      port: { type: "string" },
      campaign: { type: "string" },
      reviewer: { type: "string" },
      ...DECODE_FLAG,
      help: { type: "boolean", short: "h" },
    },
    COMMAND,
  );
  if (values.help) {
    printHelp(io.stdout, USAGE);
    return EXIT_CODES.ok;
  }
  noPositionals(positionals, COMMAND);
  const inputs = appInputs(values.file, values.app, undefined);
  checkAppNames(inputs);
  const host = values.host ?? DEFAULT_HOST;
  if (host.trim() === "") throw new ConfigError("--host must name an address, e.g. 127.0.0.1");
  const port = portFlag(values.port, 0);
  const read = readOptions(values, io);
  if (values.reviewer !== undefined && values.campaign === undefined) throw new ConfigError("--reviewer goes with --campaign", { setting: "reviewer" });
  // Read once now, so a missing or damaged campaign stops the command before it serves.
  if (values.campaign !== undefined) readCampaign(values.campaign);
  const campaign = values.campaign === undefined ? undefined : { file: values.campaign, reviewer: reviewerName(values.reviewer, io.env) };

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
    const explorer = await startExplorer(opened, { host, port, onError: (error) => printError(io.stderr, error), ...(campaign ? { campaign } : {}) });
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

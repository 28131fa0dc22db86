/**
 * @module
 * `idsync campaign start|decide|status|close|verify`: an access review as a workflow over c1z
 * files. Thin: flags in, src/campaign does the work, words out (`campaign-output.ts`).
 */
import { ConfigError, EXIT_CODES, countOf } from "../../core/index.ts";
import {
  DECISIONS,
  SCOPES,
  WHYS,
  closeCampaign,
  decide,
  isDecision,
  readCampaign,
  reviewerName,
  saveCampaign,
  startCampaign,
  updateCampaign,
  verifyCampaign,
  writeEvidence,
  type Scope,
  type Why,
} from "../../campaign/index.ts";
import { parseFlags } from "../flags.ts";
import { printHelp } from "../help.ts";
import type { CliIo } from "../io.ts";
import { writeJson } from "../output/json.ts";
import { CAMPAIGN_USAGE, SUBCOMMAND_USAGE, type Subcommand } from "./campaign-help.ts";
import { writeStatus, writeVerification } from "./campaign-output.ts";
import { appInputs, DECODE_FLAG, noPositionals, outputFormat, readOptions, terminalWidth, toStdout } from "./_reading.ts";

const COMMAND = "idsync campaign";

/** Without --scope: every finding of one app, and offboarding gaps when there are several. */
const DEFAULT_SCOPES: readonly Scope[] = ["admins", "dormant", "pending", "disabled-with-access", "service-accounts"];

function listFlag<T extends string>(value: string | undefined, known: readonly T[], flag: string): T[] | undefined {
  if (value === undefined) return undefined;
  const names = value.split(",").map((name) => name.trim()).filter(Boolean);
  const unknown = names.filter((name) => !(known as readonly string[]).includes(name));
  if (names.length === 0 || unknown.length > 0) {
    throw new ConfigError(`${flag} does not know ${unknown.length > 0 ? `"${unknown.join(", ")}"` : "an empty list"}`, { hint: `name one or more of ${known.join(", ")}` });
  }
  return [...new Set(names)] as T[];
}

function dueFlag(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const date = new Date(`${value}T00:00:00Z`);
  if (!/^\d{4}-\d\d-\d\d$/.test(value) || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) {
    throw new ConfigError(`--due must be a date as YYYY-MM-DD, got "${value}"`, { setting: "due" });
  }
  return value;
}

function staleDaysFlag(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const days = Number(value);
  if (!Number.isInteger(days) || days < 1) throw new ConfigError(`--stale-days must be a whole number of days above 0, got "${value}"`);
  return days;
}

/** The campaign path: the subcommand's one positional argument. */
function campaignPath(positionals: readonly string[], sub: Subcommand, extra = 0): string {
  const [file] = positionals;
  if (file === undefined) throw new ConfigError("name the campaign file", { hint: `${COMMAND} ${SUBCOMMAND_USAGE[sub].split("\n")[0]!.replace(/^Usage: idsync campaign /, "")}` });
  if (positionals.length > 1 + extra) noPositionals(positionals.slice(1 + extra), `${COMMAND} ${sub}`);
  return file;
}

function parse<const O extends Parameters<typeof parseFlags>[1]>(sub: Subcommand, argv: readonly string[], io: CliIo, options: O) {
  const parsed = parseFlags(argv, { ...options, help: { type: "boolean", short: "h" } }, `${COMMAND} ${sub}`);
  if ((parsed.values as { help?: boolean }).help) {
    printHelp(io.stdout, SUBCOMMAND_USAGE[sub]);
    return undefined;
  }
  return parsed;
}

async function start(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = parse("start", argv, io, {
    file: { type: "string", short: "f", multiple: true },
    app: { type: "string", multiple: true },
    scope: { type: "string" },
    roster: { type: "string" },
    due: { type: "string" },
    "stale-days": { type: "string" },
    out: { type: "string" },
    reviewer: { type: "string" },
    ...DECODE_FLAG,
  });
  if (!parsed) return EXIT_CODES.ok;
  const { values, positionals } = parsed;
  noPositionals(positionals, `${COMMAND} start`);
  if (!values.file?.length) throw new ConfigError("name the c1z files to review with -f, once per file", { setting: "file" });
  if (values.out === undefined) throw new ConfigError("name the campaign file to write with --out", { setting: "out", hint: "e.g. --out q3-review.campaign.json" });
  const inputs = appInputs(values.file, values.app, undefined);
  const scopes = listFlag(values.scope, SCOPES, "--scope") ?? [...DEFAULT_SCOPES, ...(inputs.length > 1 ? (["offboarding-gaps"] as const) : [])];
  const campaign = await startCampaign(values.out, {
    inputs,
    scopes,
    ...(values.roster !== undefined ? { roster: values.roster } : {}),
    ...(values.due !== undefined ? { due: dueFlag(values.due)! } : {}),
    ...(values["stale-days"] !== undefined ? { staleDays: staleDaysFlag(values["stale-days"])! } : {}),
    reviewer: reviewerName(values.reviewer, io.env),
    now: new Date(),
    read: readOptions(values, io),
  });
  const byWhy = new Map<string, number>();
  for (const item of campaign.items) byWhy.set(item.why, (byWhy.get(item.why) ?? 0) + 1);
  const counts = [...byWhy].map(([why, count]) => `${count.toLocaleString("en-US")} ${why}`).join(", ");
  io.stdout.write(`campaign ${campaign.id} started in ${values.out}: ${countOf(campaign.items.length, "item")}${counts ? ` (${counts})` : ""} from ${countOf(campaign.syncs.length, "sync")}\n`);
  return EXIT_CODES.ok;
}

async function decideCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = parse("decide", argv, io, {
    item: { type: "string", multiple: true },
    app: { type: "string" },
    why: { type: "string" },
    entitlement: { type: "string" },
    account: { type: "string" },
    "all-undecided": { type: "boolean" },
    note: { type: "string" },
    reviewer: { type: "string" },
  });
  if (!parsed) return EXIT_CODES.ok;
  const { values, positionals } = parsed;
  const file = campaignPath(positionals, "decide", 1);
  const decision = positionals[1];
  if (decision === undefined || !isDecision(decision)) {
    throw new ConfigError(decision === undefined ? "say the decision: keep, revoke or follow-up" : `the decision must be keep, revoke or follow-up, got "${decision}"`, {
      hint: `${COMMAND} decide ${file} ${DECISIONS.join("|")} --item ID`,
    });
  }
  const note = values.note ?? "";
  if (/[\r\n]/.test(note)) throw new ConfigError("--note must be one line", { setting: "note" });
  const reviewer = reviewerName(values.reviewer, io.env);
  const why = listFlag<Why>(values.why, WHYS, "--why");
  let outcome = { selected: 0, changed: 0 };
  updateCampaign(file, (campaign) => {
    const decided = decide(
      campaign,
      file,
      {
        ...(values.item ? { items: values.item } : {}),
        ...(values.app !== undefined ? { app: values.app } : {}),
        ...(why ? { why } : {}),
        ...(values.entitlement !== undefined ? { entitlement: values.entitlement } : {}),
        ...(values.account !== undefined ? { account: values.account } : {}),
        ...(values["all-undecided"] ? { undecided: true } : {}),
      },
      { decision, reviewer, note, at: new Date() },
    );
    outcome = decided;
    return decided.campaign;
  });
  const same = outcome.selected - outcome.changed;
  io.stdout.write(`${decision}: ${countOf(outcome.changed, "item")} decided by ${reviewer}${same > 0 ? ` (${countOf(same, "item")} already said so)` : ""}\n`);
  return EXIT_CODES.ok;
}

async function status(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = parse("status", argv, io, { items: { type: "boolean" }, undecided: { type: "boolean" }, output: { type: "string", short: "o" } });
  if (!parsed) return EXIT_CODES.ok;
  const { values, positionals } = parsed;
  const file = campaignPath(positionals, "status");
  const format = outputFormat(values.output);
  const campaign = readCampaign(file);
  await toStdout(io, (sink) => writeStatus(sink, campaign, file, { format, items: values.items === true || values.undecided === true, undecidedOnly: values.undecided === true, width: terminalWidth(io), now: new Date() }));
  return EXIT_CODES.ok;
}

async function close(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = parse("close", argv, io, { undecided: { type: "string" }, reviewer: { type: "string" }, "evidence-dir": { type: "string" } });
  if (!parsed) return EXIT_CODES.ok;
  const { values, positionals } = parsed;
  const file = campaignPath(positionals, "close");
  const undecided = values.undecided;
  if (undecided !== undefined && undecided !== "keep" && undecided !== "revoke") {
    throw new ConfigError(`--undecided must be keep or revoke, got "${undecided}"`, { setting: "undecided" });
  }
  const by = reviewerName(values.reviewer, io.env);
  const now = new Date();
  const closed = closeCampaign(readCampaign(file), file, { by, at: now, ...(undecided ? { undecided } : {}) });
  // The evidence first: a campaign is only frozen once its evidence is on disk.
  const paths = writeEvidence(closed, file, now, values["evidence-dir"]);
  saveCampaign(file, closed);
  io.stdout.write(`campaign ${closed.id} closed by ${by}; evidence:\n  ${paths.html}\n  ${paths.csv}\n  ${paths.json}\n`);
  return EXIT_CODES.ok;
}

async function verify(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = parse("verify", argv, io, {
    file: { type: "string", short: "f", multiple: true },
    app: { type: "string", multiple: true },
    "fail-on": { type: "string" },
    output: { type: "string", short: "o" },
    ...DECODE_FLAG,
  });
  if (!parsed) return EXIT_CODES.ok;
  const { values, positionals } = parsed;
  const file = campaignPath(positionals, "verify");
  const format = outputFormat(values.output);
  if (values["fail-on"] !== undefined && values["fail-on"] !== "outstanding") {
    throw new ConfigError(`--fail-on must be outstanding, got "${values["fail-on"]}"`, { setting: "fail-on" });
  }
  if (!values.file?.length) throw new ConfigError("name the newer c1z files with -f, once per app", { setting: "file" });
  const campaign = readCampaign(file);
  const verification = await verifyCampaign(campaign, {
    inputs: appInputs(values.file, values.app, undefined),
    read: readOptions(values, io),
  });
  await toStdout(io, (sink) => (format === "json" ? writeJson(sink, verification) : writeVerification(sink, verification, terminalWidth(io))));
  const { outstanding, unchecked } = verification.counts;
  if (values["fail-on"] === undefined || outstanding + unchecked === 0) return EXIT_CODES.ok;
  io.stderr.write(`verify found revocations not shown done: ${outstanding} outstanding, ${unchecked} unchecked\n`);
  return EXIT_CODES.reviewFindings;
}

const SUBCOMMANDS: Record<Subcommand, (argv: readonly string[], io: CliIo) => Promise<number>> = { start, decide: decideCommand, status, close, verify };

export async function campaignCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === "--help" || name === "-h" || name === "help") {
    printHelp(io.stdout, CAMPAIGN_USAGE);
    return EXIT_CODES.ok;
  }
  const run = name !== undefined && Object.hasOwn(SUBCOMMANDS, name) ? SUBCOMMANDS[name as Subcommand] : undefined;
  if (!run) {
    throw new ConfigError(name === undefined ? "name what to do with the campaign" : `${COMMAND} has no subcommand "${name}"`, { hint: `choose one of ${Object.keys(SUBCOMMANDS).join(", ")}` });
  }
  return run(rest, io);
}

/**
 * @module
 * `idsync campaign start|decide|status|close|verify`: an access review as a workflow over c1z
 * files. Thin: each subcommand is one declaration (flags and help), src/campaign does the work,
 * words out (`campaign-output.ts`).
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
  withCampaignLock,
  writeEvidence,
  type Scope,
  type Why,
} from "../../campaign/index.ts";
import { STALE_LOGIN_DAYS } from "../../review/index.ts";
import { defineCommand, type Command, type FlagSpec } from "../command.ts";
import type { CliIo } from "../io.ts";
import { writeJson } from "../output/json.ts";
import { writeStatus, writeVerification } from "./campaign-output.ts";
import {
  appInputs,
  DECODE_FLAG,
  readOptions,
  READ_FLAGS,
  terminalWidth,
  toStdout,
  type OutputFormat,
} from "./_reading.ts";

const COMMAND = "idsync campaign";

/** Without --scope: every finding of one app, and offboarding gaps when there are several. */
const DEFAULT_SCOPES: readonly Scope[] = ["admins", "dormant", "pending", "disabled-with-access", "service-accounts"];

const REVIEWER_FLAG = {
  type: "string",
  value: "NAME",
  description: "who is deciding (default: $IDSYNC_REVIEWER, else this OS user's name)",
} as const satisfies FlagSpec;

const CAMPAIGN_ARGUMENT = { name: "CAMPAIGN", description: "the campaign file (from `idsync campaign start`)" };

function dueFlag(value: string): string {
  const date = new Date(`${value}T00:00:00Z`);
  if (!/^\d{4}-\d\d-\d\d$/.test(value) || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) {
    throw new ConfigError(`--due must be a date as YYYY-MM-DD, got "${value}"`, { setting: "due" });
  }
  return value;
}

function staleDaysFlag(value: string): number {
  const days = Number(value);
  if (!Number.isInteger(days) || days < 1)
    throw new ConfigError(`--stale-days must be a whole number of days above 0, got "${value}"`);
  return days;
}

/** A list flag's names, each once, in the order first given (the parser checked them). */
function unique<T extends string>(names: readonly string[] | undefined): T[] | undefined {
  return names === undefined ? undefined : ([...new Set(names)] as T[]);
}

/**
 * The campaign path: the subcommand's first argument. Beyond it the subcommand takes `extra`
 * more (decide's decision); the parser leaves arguments to the command once it declares some.
 */
function campaignPath(
  command: { name: string; declaration: { usage: readonly string[] } },
  positionals: readonly string[],
  extra = 0,
): string {
  const [file] = positionals;
  if (file === undefined)
    throw new ConfigError("name the campaign file", { hint: `${command.name} ${command.declaration.usage[0]}` });
  const stray = positionals.slice(1 + extra);
  if (stray.length > 0)
    throw new ConfigError(`unexpected argument "${stray.join(" ")}"`, {
      hint: `run \`${command.name} --help\` for the flags`,
    });
  return file;
}

export const campaignStartCommand = defineCommand({
  name: `${COMMAND} start`,
  summary: "build a campaign file from c1z files: the items in scope, the syncs and their SHA-256",
  usage: ["-f FILE… [--app NAME…] [--scope LIST] [--roster people.csv] [--due YYYY-MM-DD] --out CAMPAIGN"],
  description: [
    "Builds a campaign from each file's latest finished full sync: one item per finding in scope, with why it is in scope and what was seen, and the syncs it came from (ids and file SHA-256).",
    "The files are only read; --out must not exist yet (written 0600, atomically).",
  ].join("\n"),
  flags: {
    file: {
      type: "string",
      short: "f",
      value: "PATH",
      multiple: true,
      description: "a c1z file to review (repeat for several apps)",
      notes: ["required"],
    },
    app: {
      type: "string",
      value: "NAME",
      multiple: true,
      description: "the app of each -f, in the same order (default: from the file name)",
    },
    scope: {
      type: "string",
      value: "LIST",
      list: true,
      choices: SCOPES,
      description: "what to review (default: all but all-grants; offboarding-gaps only with several files)",
    },
    roster: {
      type: "string",
      value: "PATH",
      description:
        "CSV with a header naming email, name, status and optionally manager: enabled accounts whose email is no active person become items (orphan, leaver); items get the person's manager as reviewer",
    },
    due: {
      type: "string",
      value: "YYYY-MM-DD",
      description: "when the review is due (status says when it is overdue)",
    },
    "stale-days": {
      type: "string",
      value: "N",
      description: "dormant: no sign-in for more than N days before the sync",
      default: String(STALE_LOGIN_DAYS),
    },
    out: { type: "string", value: "PATH", description: "the campaign file to write", notes: ["required"] },
    reviewer: REVIEWER_FLAG,
    ...DECODE_FLAG,
  },
  async run({ values }, io) {
    if (!values.file?.length)
      throw new ConfigError("name the c1z files to review with -f, once per file", { setting: "file" });
    if (values.out === undefined)
      throw new ConfigError("name the campaign file to write with --out", {
        setting: "out",
        hint: "e.g. --out q3-review.campaign.json",
      });
    const inputs = appInputs(values.file, values.app, undefined);
    const scopes = unique<Scope>(values.scope) ?? [
      ...DEFAULT_SCOPES,
      ...(inputs.length > 1 ? (["offboarding-gaps"] as const) : []),
    ];
    const campaign = await startCampaign(values.out, {
      inputs,
      scopes,
      ...(values.roster !== undefined ? { roster: values.roster } : {}),
      ...(values.due !== undefined ? { due: dueFlag(values.due) } : {}),
      staleDays: staleDaysFlag(values["stale-days"]),
      reviewer: reviewerName(values.reviewer, io.env),
      now: new Date(),
      read: readOptions(values, io),
    });
    const byWhy = new Map<string, number>();
    for (const item of campaign.items) byWhy.set(item.why, (byWhy.get(item.why) ?? 0) + 1);
    const counts = [...byWhy].map(([why, count]) => `${count.toLocaleString("en-US")} ${why}`).join(", ");
    io.stdout.write(
      `campaign ${campaign.id} started in ${values.out}: ${countOf(campaign.items.length, "item")}${counts ? ` (${counts})` : ""} from ${countOf(campaign.syncs.length, "sync")}\n`,
    );
    return EXIT_CODES.ok;
  },
});

export const campaignDecideCommand = defineCommand({
  name: `${COMMAND} decide`,
  summary: "keep, revoke or follow up on items, one or in bulk by filter; earlier decisions are kept",
  usage: [`CAMPAIGN ${DECISIONS.join("|")} SELECTION… [--note TEXT] [--reviewer NAME]`],
  description:
    "Decides on every item the selection names; each criterion given must hold. Changing a decision keeps the earlier one in the item's history. A closed campaign refuses.",
  arguments: [CAMPAIGN_ARGUMENT, { name: DECISIONS.join("|"), description: "the decision on every item selected" }],
  flags: {
    item: {
      type: "string",
      value: "ID",
      multiple: true,
      description: "an item (repeat for several; ids from `status --items`)",
    },
    app: { type: "string", value: "NAME", description: "items of this app" },
    why: {
      type: "string",
      value: "LIST",
      list: true,
      choices: WHYS,
      description: "items in the campaign for these reasons",
    },
    entitlement: { type: "string", value: "ID", description: "items on this entitlement, e.g. role:r-admin:assigned" },
    account: {
      type: "string",
      value: "ACCOUNT",
      description: "items of this account: TYPE:ID, its id, email or login",
    },
    "all-undecided": { type: "boolean", description: "only items nobody has decided on yet (alone: all of them)" },
    note: { type: "string", value: "TEXT", description: "why, on one line (kept with the decision)" },
    reviewer: REVIEWER_FLAG,
  },
  async run({ values, positionals }, io) {
    const file = campaignPath(campaignDecideCommand, positionals, 1);
    const decision = positionals[1];
    if (decision === undefined || !isDecision(decision)) {
      throw new ConfigError(
        decision === undefined
          ? "say the decision: keep, revoke or follow-up"
          : `the decision must be keep, revoke or follow-up, got "${decision}"`,
        {
          hint: `${COMMAND} decide ${file} ${DECISIONS.join("|")} --item ID`,
        },
      );
    }
    const note = values.note ?? "";
    if (/[\r\n]/.test(note)) throw new ConfigError("--note must be one line", { setting: "note" });
    const reviewer = reviewerName(values.reviewer, io.env);
    const why = unique<Why>(values.why);
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
    io.stdout.write(
      `${decision}: ${countOf(outcome.changed, "item")} decided by ${reviewer}${same > 0 ? ` (${countOf(same, "item")} already said so)` : ""}\n`,
    );
    return EXIT_CODES.ok;
  },
});

export const campaignStatusCommand = defineCommand({
  name: `${COMMAND} status`,
  summary: "progress, per app, finding and reviewer; --items lists the items",
  usage: ["CAMPAIGN [--items | --undecided] [-o console|json]"],
  description:
    "Shows the campaign's syncs and its progress: items decided, keep, revoke and follow up, per app, per reason and per reviewer the roster suggests, and whether it is overdue.",
  arguments: [CAMPAIGN_ARGUMENT],
  flags: {
    items: { type: "boolean", description: "list every item with its current decision" },
    undecided: { type: "boolean", description: "list only the items nobody has decided on yet" },
    output: READ_FLAGS.output,
  },
  async run({ values, positionals }, io) {
    const file = campaignPath(campaignStatusCommand, positionals);
    const format = values.output as OutputFormat;
    const campaign = readCampaign(file);
    const items = values.items === true || values.undecided === true;
    await toStdout(io, (sink) =>
      writeStatus(sink, campaign, file, {
        format,
        items,
        undecidedOnly: values.undecided === true,
        width: terminalWidth(io),
        now: new Date(),
      }),
    );
    return EXIT_CODES.ok;
  },
});

export const campaignCloseCommand = defineCommand({
  name: `${COMMAND} close`,
  summary: "freeze the campaign and write its evidence: HTML, CSV and JSON",
  usage: ["CAMPAIGN [--undecided keep|revoke] [--evidence-dir DIR]"],
  description: [
    "Freezes the campaign (no more decisions) and writes its evidence beside it, or in DIR: NAME.evidence.html (one self-contained page that prints well), NAME.evidence.csv (one row per item) and NAME.evidence.json, each naming the syncs, the files' SHA-256, and who decided what and when.",
    "Refuses while items are undecided, unless --undecided says what to decide for them.",
  ].join("\n"),
  arguments: [CAMPAIGN_ARGUMENT],
  flags: {
    undecided: {
      type: "string",
      value: "DECISION",
      choices: ["keep", "revoke"],
      description: "the decision for every item still undecided (recorded as such)",
    },
    "evidence-dir": {
      type: "string",
      value: "DIR",
      description: "where the evidence goes (default: the campaign's folder)",
    },
    reviewer: REVIEWER_FLAG,
  },
  async run({ values, positionals }, io) {
    const file = campaignPath(campaignCloseCommand, positionals);
    const undecided = values.undecided as "keep" | "revoke" | undefined;
    const by = reviewerName(values.reviewer, io.env);
    const now = new Date();
    // Under the campaign's lock: a decision made meanwhile from the explorer is in the evidence, not lost.
    const { closed, paths } = withCampaignLock(file, () => {
      const closed = closeCampaign(readCampaign(file), file, { by, at: now, ...(undecided ? { undecided } : {}) });
      // The evidence first: a campaign is only frozen once its evidence is on disk.
      const paths = writeEvidence(closed, file, now, values["evidence-dir"]);
      saveCampaign(file, closed);
      return { closed, paths };
    });
    io.stdout.write(
      `campaign ${closed.id} closed by ${by}; evidence:\n  ${paths.html}\n  ${paths.csv}\n  ${paths.json}\n`,
    );
    return EXIT_CODES.ok;
  },
});

export const campaignVerifyCommand = defineCommand({
  name: `${COMMAND} verify`,
  summary: "for each revoke, whether the access is gone in a newer sync",
  usage: ["CAMPAIGN -f NEWER.c1z… [--app NAME…] [--fail-on outstanding [--accept-disabled]] [-o console|json]"],
  description:
    'For each item decided "revoke", reads a newer sync of its app: done when the account no longer holds the entitlement (or, for an item on the account, is gone, or is disabled or deleted and holds nothing), else outstanding. An account disabled or deleted that still holds it (or anything, for an item on the account) is listed apart: account disabled, grant still present. Revocations of an app no file was given for are unchecked.',
  arguments: [CAMPAIGN_ARGUMENT],
  flags: {
    file: {
      type: "string",
      short: "f",
      value: "PATH",
      multiple: true,
      description: "a newer c1z of an app of the campaign (repeat for several apps)",
      notes: ["required"],
    },
    app: {
      type: "string",
      value: "NAME",
      multiple: true,
      description: "the app of each -f, in the same order (default: from the file name)",
    },
    "fail-on": {
      type: "string",
      value: "WHAT",
      choices: ["outstanding"],
      description:
        "exit 8 when a revocation is outstanding, unchecked, or on an account disabled with the grant still present (for cron)",
    },
    "accept-disabled": {
      type: "boolean",
      description: "with --fail-on: an account disabled with the grant still present does not fail",
    },
    output: READ_FLAGS.output,
    ...DECODE_FLAG,
  },
  async run({ values, positionals }, io) {
    const file = campaignPath(campaignVerifyCommand, positionals);
    if (!values.file?.length)
      throw new ConfigError("name the newer c1z files with -f, once per app", { setting: "file" });
    if (values["accept-disabled"] && values["fail-on"] === undefined) {
      throw new ConfigError("--accept-disabled goes with --fail-on outstanding", {
        setting: "accept-disabled",
        hint: "it only changes what fails the run",
      });
    }
    const campaign = readCampaign(file);
    const verification = await verifyCampaign(campaign, {
      inputs: appInputs(values.file, values.app, undefined),
      read: readOptions(values, io),
    });
    await toStdout(io, (sink) =>
      values.output === "json"
        ? writeJson(sink, verification)
        : writeVerification(sink, verification, terminalWidth(io)),
    );
    const { outstanding, unchecked } = verification.counts;
    const disabled = values["accept-disabled"] ? 0 : verification.counts["disabled-with-grant"];
    if (values["fail-on"] === undefined || outstanding + unchecked + disabled === 0) return EXIT_CODES.ok;
    const kept = values["accept-disabled"] ? "" : `, ${disabled} account disabled with the grant still present`;
    io.stderr.write(
      `verify found revocations not shown done: ${outstanding} outstanding${kept}, ${unchecked} unchecked\n`,
    );
    return EXIT_CODES.reviewFindings;
  },
});

/** The subcommands, in the order a campaign goes through them. */
export const CAMPAIGN_SUBCOMMANDS: readonly Command<unknown>[] = [
  campaignStartCommand,
  campaignDecideCommand,
  campaignStatusCommand,
  campaignCloseCommand,
  campaignVerifyCommand,
];

const SUBCOMMAND_NAMES = CAMPAIGN_SUBCOMMANDS.map((command) => command.name.slice(`${COMMAND} `.length));

/** `idsync campaign` itself: its help. Each subcommand parses its own flags. */
const campaignHelp = defineCommand({
  name: COMMAND,
  summary: "an access review as a workflow: start, decide, status, close into evidence, verify",
  usage: [`<${SUBCOMMAND_NAMES.join("|")}> … [--help]`],
  description:
    "An access review as a workflow: put findings up for review, decide on each item (keep, revoke or follow up), close it into evidence, then check in a newer sync that revoked access is gone.",
  arguments: CAMPAIGN_SUBCOMMANDS.map((command, index) => ({
    name: SUBCOMMAND_NAMES[index]!,
    description: command.summary,
  })),
  flags: {},
  footer: `Run \`${COMMAND} <subcommand> --help\` for its flags.`,
  // Reached only by `--help`: campaignCommand below hands everything else to the subcommand.
  run: async () => EXIT_CODES.ok,
});

/** `idsync campaign <subcommand> …`, carrying its subcommands so their help can be checked too. */
export const campaignCommand: Command<unknown> & { readonly subcommands: readonly Command<unknown>[] } = {
  ...campaignHelp,
  subcommands: CAMPAIGN_SUBCOMMANDS,
  async run(argv, io: CliIo) {
    const [name, ...rest] = argv;
    if (name === "--help" || name === "-h" || name === "help") return campaignHelp.run(["--help"], io);
    const index = name === undefined ? -1 : SUBCOMMAND_NAMES.indexOf(name);
    if (index < 0) {
      throw new ConfigError(
        name === undefined ? "name what to do with the campaign" : `${COMMAND} has no subcommand "${name}"`,
        {
          hint: `choose one of ${SUBCOMMAND_NAMES.join(", ")}`,
        },
      );
    }
    return CAMPAIGN_SUBCOMMANDS[index]!.run(rest, io);
  },
};

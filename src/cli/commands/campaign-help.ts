/**
 * @module
 * The help texts of `idsync campaign` and each of its subcommands.
 */
import { DECODE_FLAG_HELP } from "./_reading.ts";

export type Subcommand = "start" | "decide" | "status" | "close" | "verify";

const REVIEWER_HELP = "      --reviewer NAME     who is deciding (default: $IDSYNC_REVIEWER, else this OS user's name)";

export const CAMPAIGN_USAGE = `Usage: idsync campaign <start|decide|status|close|verify> … [--help]

An access review as a workflow: put findings up for review, decide on each item (keep, revoke
or follow up), close it into evidence, then check in a newer sync that revoked access is gone.

  start    build a campaign file from c1z files: the items in scope, the syncs and their SHA-256
  decide   keep, revoke or follow up on items, one or in bulk by filter; earlier decisions are kept
  status   progress, per app, finding and reviewer; --items lists the items
  close    freeze the campaign and write its evidence: HTML, CSV and JSON
  verify   for each revoke, whether the access is gone in a newer sync

Run \`idsync campaign <subcommand> --help\` for its flags.
`;

export const SUBCOMMAND_USAGE: Record<Subcommand, string> = {
  start: `Usage: idsync campaign start -f FILE… [--app NAME…] [--scope LIST] [--roster people.csv] [--due YYYY-MM-DD] --out CAMPAIGN

Builds a campaign from each file's latest finished full sync: one item per finding in scope,
with why it is in scope and what was seen, and the syncs it came from (ids and file SHA-256).
The files are only read; --out must not exist yet (written 0600, atomically).

  -f, --file PATH         a c1z file to review (repeat for several apps)
      --app NAME          the app of each -f, in the same order (default: from the file name)
      --scope LIST        what to review, comma-separated: admins, dormant, pending,
                          disabled-with-access, offboarding-gaps, service-accounts, all-grants
                          (default: all but all-grants; offboarding-gaps only with several files)
      --roster PATH       CSV with a header naming email, name, status and optionally manager:
                          enabled accounts whose email is no active person become items (orphan,
                          leaver); items get the person's manager as reviewer
      --due YYYY-MM-DD    when the review is due (status says when it is overdue)
      --stale-days N      dormant: no sign-in for more than N days before the sync (default 90)
      --out PATH          the campaign file to write
${REVIEWER_HELP}
${DECODE_FLAG_HELP}
  -h, --help              show this help
`,
  decide: `Usage: idsync campaign decide CAMPAIGN keep|revoke|follow-up SELECTION… [--note TEXT] [--reviewer NAME]

Decides on every item the selection names; each criterion given must hold. Changing a decision
keeps the earlier one in the item's history. A closed campaign refuses.

      --item ID           an item (repeat for several; ids from \`status --items\`)
      --app NAME          items of this app
      --why LIST          items in the campaign for these reasons: admins, dormant, pending,
                          disabled-with-access, offboarding-gaps, service-accounts, all-grants,
                          orphan, leaver
      --entitlement ID    items on this entitlement, e.g. role:r-admin:assigned
      --account ACCOUNT   items of this account: TYPE:ID, its id, email or login
      --all-undecided     only items nobody has decided on yet (alone: all of them)
      --note TEXT         why, on one line (kept with the decision)
${REVIEWER_HELP}
  -h, --help              show this help
`,
  status: `Usage: idsync campaign status CAMPAIGN [--items | --undecided] [-o console|json]

Shows the campaign's syncs and its progress: items decided, keep, revoke and follow up, per app,
per reason and per reviewer the roster suggests, and whether it is overdue.

      --items             list every item with its current decision
      --undecided         list only the items nobody has decided on yet
  -o, --output FORMAT     console (default) or json
  -h, --help              show this help
`,
  close: `Usage: idsync campaign close CAMPAIGN [--undecided keep|revoke] [--evidence-dir DIR]

Freezes the campaign (no more decisions) and writes its evidence beside it, or in DIR:
NAME.evidence.html (one self-contained page that prints well), NAME.evidence.csv (one row per
item) and NAME.evidence.json, each naming the syncs, the files' SHA-256, and who decided what
and when. Refuses while items are undecided, unless --undecided says what to decide for them.

      --undecided DECISION  keep or revoke every item still undecided (recorded as such)
      --evidence-dir DIR    where the evidence goes (default: the campaign's folder)
${REVIEWER_HELP}
  -h, --help                show this help
`,
  verify: `Usage: idsync campaign verify CAMPAIGN -f NEWER.c1z… [--app NAME…] [--fail-on outstanding] [-o console|json]

For each item decided "revoke", reads a newer sync of its app: done when the account no longer
holds the entitlement (or, for an item on the account, is gone, disabled or deleted), else
outstanding. Revocations of an app no file was given for are unchecked.

  -f, --file PATH         a newer c1z of an app of the campaign (repeat for several apps)
      --app NAME          the app of each -f, in the same order (default: from the file name)
      --fail-on outstanding  exit 8 when a revocation is outstanding or unchecked (for cron)
  -o, --output FORMAT     console (default) or json
${DECODE_FLAG_HELP}
  -h, --help              show this help
`,
};

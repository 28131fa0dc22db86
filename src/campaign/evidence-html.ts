/**
 * @module
 * The evidence as one HTML page an auditor can open anywhere, years later: everything inline
 * (its style in a `<style>` element), no script, no image, no link or reference to anything
 * outside the file, and a print style (A4/Letter, table headers repeated on each page, rows
 * never split). Every value from the files or the reviewers is escaped: names in a tenant are
 * anyone's to choose.
 */
import { entryText } from "./decisions.ts";
import type { Evidence, EvidenceItem } from "./evidence.ts";

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(value: string | number | null | undefined): string {
  return String(value ?? "").replace(/[&<>"']/g, (char) => ESCAPES[char]!);
}

const STYLE = `
  :root { color-scheme: light; font-family: system-ui, -apple-system, "Segoe UI", sans-serif; color: #1b1f24; }
  body { margin: 2rem auto; max-width: 78rem; padding: 0 1rem; line-height: 1.4; }
  h1 { font-size: 1.5rem; margin-bottom: .25rem; }
  h2 { font-size: 1.15rem; margin-top: 2rem; border-bottom: 1px solid #d0d7de; padding-bottom: .25rem; }
  table { border-collapse: collapse; width: 100%; font-size: .85rem; }
  th, td { border: 1px solid #d0d7de; padding: .3rem .45rem; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
  th { background: #f3f4f6; }
  code { font-family: ui-monospace, "SFMono-Regular", Menlo, monospace; font-size: .8rem; }
  .muted { color: #57606a; }
  .keep { color: #116329; font-weight: 600; }
  .revoke { color: #a40e26; font-weight: 600; }
  .follow-up { color: #7d4e00; font-weight: 600; }
  .undecided { color: #57606a; font-style: italic; }
  ol.history { margin: .25rem 0 0; padding-left: 1.1rem; color: #57606a; }
  dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }
  dl.facts dt { font-weight: 600; }
  dl.facts dd { margin: 0; }
  @media print {
    @page { size: auto; margin: 14mm; }
    body { margin: 0; max-width: none; font-size: 9pt; }
    table { font-size: 8pt; }
    thead { display: table-header-group; }
    tr, dl.facts { break-inside: avoid; }
    h2 { break-after: avoid; }
    th { background: none; }
  }
`;

function table(headers: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const head = headers.map((header) => `<th scope="col">${escapeHtml(header)}</th>`).join("");
  const body = rows.map((cells) => `<tr>${cells.map((html) => `<td>${html}</td>`).join("")}</tr>`).join("\n");
  return `<table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

function decisionCell(item: EvidenceItem): string {
  const decision = item.decision;
  if (!decision) return `<span class="undecided">undecided</span>`;
  const earlier = item.history.slice(0, -1);
  const history =
    earlier.length > 0
      ? `<ol class="history">${earlier.map((entry) => `<li>${escapeHtml(entryText(entry))}</li>`).join("")}</ol>`
      : "";
  const note = decision.note ? `<br>${escapeHtml(decision.note)}` : "";
  return `<span class="${escapeHtml(decision.decision)}">${escapeHtml(decision.decision)}</span> by ${escapeHtml(decision.reviewer)}<br><span class="muted">${escapeHtml(decision.at)}</span>${note}${history}`;
}

function accountCell(item: EvidenceItem): string {
  const { account } = item;
  const contact = account.email ?? account.login;
  return `${escapeHtml(account.name || account.key)}${contact ? `<br>${escapeHtml(contact)}` : ""}<br><code>${escapeHtml(account.key)}</code><br><span class="muted">${escapeHtml(account.accountType)}, ${escapeHtml(account.status)}</span>`;
}

function accessCell(item: EvidenceItem): string {
  if (!item.entitlement) return `<span class="muted">the account</span>`;
  const { name, resourceName, id } = item.entitlement;
  return `${escapeHtml(name)}${resourceName ? ` on ${escapeHtml(resourceName)}` : ""}<br><code>${escapeHtml(id)}</code>`;
}

export function evidenceHtml(evidence: Evidence): string {
  const { campaign, progress } = evidence;
  const closed = campaign.closed;
  const facts = [
    ["Campaign", `<code>${escapeHtml(campaign.id)}</code>`],
    ["Started", `${escapeHtml(campaign.createdAt)} by ${escapeHtml(campaign.createdBy)}`],
    ["Due", escapeHtml(campaign.due ?? "no due date")],
    [
      "Closed",
      closed
        ? `${escapeHtml(closed.at)} by ${escapeHtml(closed.by)}${closed.undecided ? ` (undecided items: ${escapeHtml(closed.undecided)})` : ""}`
        : "not closed",
    ],
    ["Scopes", escapeHtml(campaign.scopes.join(", "))],
    ["Dormant after", `${escapeHtml(campaign.staleDays)} days without a sign-in`],
    [
      "Decisions",
      `${progress.decided} of ${progress.items} items: ${progress.keep} keep, ${progress.revoke} revoke, ${progress.followUp} follow up`,
    ],
  ];
  const syncs = table(
    ["App", "File", "Sync", "Sync ended", "File SHA-256"],
    evidence.syncs.map((sync) => [
      escapeHtml(sync.app),
      escapeHtml(sync.file),
      `<code>${escapeHtml(sync.syncId)}</code>`,
      escapeHtml(sync.syncEndedAt),
      `<code>${escapeHtml(sync.sha256)}</code>`,
    ]),
  );
  const roster = evidence.roster
    ? `<p>Roster: ${escapeHtml(evidence.roster.file)}, ${escapeHtml(evidence.roster.people)} people, SHA-256 <code>${escapeHtml(evidence.roster.sha256)}</code></p>`
    : "";
  const items = table(
    ["Item", "App", "Account", "Access", "Why", "Evidence", "Decision"],
    evidence.items.map((item) => [
      `<code>${escapeHtml(item.id)}</code>`,
      escapeHtml(item.app),
      accountCell(item),
      accessCell(item),
      escapeHtml(item.why),
      escapeHtml(item.evidence),
      decisionCell(item),
    ]),
  );
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Access review evidence · campaign ${escapeHtml(campaign.id)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>Access review evidence</h1>
<p class="muted">Written by idsync when the campaign was closed. The files below are named by their SHA-256: hash a kept copy to show it is the one reviewed.</p>
<dl class="facts">${facts.map(([term, html]) => `<dt>${term}</dt><dd>${html}</dd>`).join("")}</dl>
<h2>Syncs reviewed</h2>
${syncs}
${roster}
<h2>Items and decisions</h2>
${items}
</body>
</html>
`;
}

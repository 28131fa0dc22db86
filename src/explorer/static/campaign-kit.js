/* global document, location, fetch, URL, CustomEvent */
/**
 * idsync explore: the pieces of deciding on a campaign's items, one way wherever the page shows
 * them (the Campaign tab, a person's page, a Review row): the DOM helper, the API call, the
 * progress line, an item's cells and its keep / revoke / follow up buttons with a note. Every
 * value from the API goes into the page as text, never as HTML.
 */
import { el } from "./render.js";

/** Sent on `document` after a decision, so every place showing the campaign draws it afresh. */
export const DECIDED_EVENT = "idsync:campaign-decided";

export const DECISIONS = [
  ["keep", "Keep"],
  ["revoke", "Revoke"],
  ["follow-up", "Follow up"],
];

/** The explorer's DOM helper: every value goes in as text, and links stay on the page. */
export { el };

/** The items' table: its headings, and rows made by the caller, in a box that scrolls sideways. */
export function itemsTable(headings, rows) {
  return el(
    "div",
    { class: "campaign-scroll" },
    el(
      "table",
      { class: "campaign-items" },
      el(
        "thead",
        {},
        el(
          "tr",
          {},
          headings.map((text) => el("th", { scope: "col" }, text)),
        ),
      ),
      el("tbody", {}, rows),
    ),
  );
}

/** One API call, with the explorer's session cookie; a write goes as same-origin JSON. */
export async function api(path, params = {}, body = undefined) {
  const url = new URL(path, location.origin);
  // A list is a repeated parameter (account=…&account=…).
  for (const [key, value] of Object.entries(params))
    for (const one of [value].flat()) if (one !== undefined && one !== "") url.searchParams.append(key, String(one));
  const init = { cache: "no-store", credentials: "same-origin" };
  if (body !== undefined)
    Object.assign(init, {
      method: "POST",
      body: JSON.stringify(body),
      headers: { "content-type": "application/json" },
    });
  const response = await fetch(url, init);
  const answer = await response.json().catch(() => ({}));
  if (!response.ok)
    throw Object.assign(new Error(answer.error ?? `the server answered ${response.status}`), {
      status: response.status,
    });
  return answer;
}

export function progressText(progress) {
  return `${progress.decided} of ${progress.items} decided · ${progress.keep} keep · ${progress.revoke} revoke · ${progress.followUp} follow up`;
}

export function accountCell(item) {
  const contact = item.account.email ?? item.account.login;
  return el(
    "td",
    {},
    item.account.name || item.account.key,
    contact ? el("div", { class: "campaign-muted" }, contact) : null,
  );
}

export function accessText(item) {
  if (!item.entitlement) return "the account";
  const { name, resourceName } = item.entitlement;
  return resourceName && !name.includes(resourceName) ? `${name} on ${resourceName}` : name;
}

export function decisionCell(item) {
  const decision = item.decision;
  if (!decision) return el("td", { class: "campaign-undecided" }, "undecided");
  const earlier = item.history.length - 1;
  return el(
    "td",
    {},
    el("strong", { class: `campaign-${decision.decision}` }, decision.decision),
    ` by ${decision.reviewer}`,
    decision.note ? el("div", {}, decision.note) : null,
    earlier > 0
      ? el("div", { class: "campaign-muted" }, `changed ${earlier} time${earlier === 1 ? "" : "s"} before`)
      : null,
  );
}

/**
 * Decides as `body` says, then tells the page (DECIDED_EVENT, with the line to show as its
 * detail), so the place decided from and the Campaign tab both draw the outcome.
 */
export async function decideOn(body) {
  let message;
  try {
    const answer = await api("/api/campaign/decide", {}, body);
    message = `${answer.decision}: ${answer.changed} item${answer.changed === 1 ? "" : "s"} decided by ${answer.reviewer}`;
  } catch (error) {
    message = error.message;
  }
  document.dispatchEvent(new CustomEvent(DECIDED_EVENT, { detail: { message } }));
}

export function actions(item, closed, send) {
  if (closed) return el("td", { class: "campaign-muted" }, "closed");
  const note = el("input", {
    type: "text",
    "aria-label": `Note on ${item.id}`,
    placeholder: "note",
    maxlength: "2000",
  });
  return el(
    "td",
    { class: "campaign-actions" },
    note,
    DECISIONS.map(([decision, label]) =>
      el(
        "button",
        {
          type: "button",
          "data-decision": decision,
          on: { click: () => void send({ decision, note: note.value, items: [item.id] }) },
        },
        label,
      ),
    ),
  );
}

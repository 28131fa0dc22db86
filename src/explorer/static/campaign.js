/* global document */
/**
 * idsync explore: deciding on a campaign's items, when the explorer serves one
 * (`idsync explore --campaign C`). Its pieces (the DOM helper, the API call, the decision buttons)
 * are campaign-kit.js's, shared with the items shown on a person's page and in Review. The
 * progress on the layout's Campaign tab (a button of its own when the layout has none), and a
 * panel (`#campaign`, made when the layout has none)
 * that lists the items with keep / revoke / follow up and a note, a filter, and the progress.
 * Every value from the API goes into the page as text, never as HTML.
 */

import {
  DECIDED_EVENT,
  DECISIONS,
  accessText,
  accountCell,
  actions,
  api,
  decideOn,
  decisionCell,
  el,
  itemsTable,
  progressText,
} from "./campaign-kit.js";

const PAGE_SIZE = 25;
const view = { filter: { why: "", app: "", undecided: "1" }, offset: 0, panel: null, button: null, message: "" };

function select(name, label, options) {
  return el(
    "label",
    {},
    `${label} `,
    el(
      "select",
      { name, on: { change: (event) => ((view.filter[name] = event.target.value), (view.offset = 0), void draw()) } },
      options.map(([value, text]) => el("option", { value, selected: view.filter[name] === value }, text)),
    ),
  );
}

function filters(document_) {
  const whys = Object.keys(document_.progress.byWhy);
  const apps = Object.keys(document_.progress.byApp);
  return el(
    "div",
    { class: "campaign-filters" },
    select("undecided", "Show", [
      ["1", "undecided"],
      ["", "all"],
    ]),
    select("app", "App", [["", "every app"], ...apps.map((app) => [app, app])]),
    select("why", "Why", [["", "every reason"], ...whys.map((why) => [why, why])]),
  );
}

function bulk(document_) {
  if (document_.closed || document_.total === 0) return null;
  const filter = {
    ...(view.filter.app ? { app: view.filter.app } : {}),
    ...(view.filter.why ? { why: view.filter.why } : {}),
    undecided: true,
  };
  const note = el("input", {
    type: "text",
    "aria-label": "Note for every undecided item shown",
    placeholder: "note",
    maxlength: "2000",
  });
  return el(
    "div",
    { class: "campaign-bulk" },
    "Every undecided item of this filter: ",
    note,
    DECISIONS.map(([decision, label]) =>
      el(
        "button",
        { type: "button", on: { click: () => void decideOn({ decision, note: note.value, filter }) } },
        label,
      ),
    ),
  );
}

function pager(document_) {
  const last = Math.min(document_.offset + document_.count, document_.total);
  const move = (offset) => () => ((view.offset = offset), void draw());
  return el(
    "p",
    { class: "campaign-pager" },
    el(
      "button",
      {
        type: "button",
        disabled: document_.offset === 0,
        on: { click: move(Math.max(0, document_.offset - PAGE_SIZE)) },
      },
      "Previous",
    ),
    ` ${document_.total === 0 ? 0 : document_.offset + 1}–${last} of ${document_.total} `,
    el(
      "button",
      { type: "button", disabled: last >= document_.total, on: { click: move(document_.offset + PAGE_SIZE) } },
      "Next",
    ),
  );
}

async function draw() {
  let document_;
  try {
    document_ = await api("/api/campaign", { ...view.filter, offset: view.offset, limit: PAGE_SIZE });
  } catch (error) {
    view.panel.replaceChildren(el("p", { class: "campaign-error", role: "alert" }, error.message));
    return;
  }
  view.button.textContent = `Campaign: ${document_.progress.decided}/${document_.progress.items}`;
  const state = document_.closed
    ? `closed ${document_.closed.at} by ${document_.closed.by}`
    : document_.due
      ? `due ${document_.due}${document_.progress.overdue ? " — overdue" : ""}`
      : "open";
  const rows = document_.items.map((item) =>
    el(
      "tr",
      { "data-item": item.id },
      el("td", {}, el("code", {}, item.id)),
      el("td", {}, item.app),
      accountCell(item),
      el("td", {}, accessText(item)),
      el("td", {}, item.why),
      el("td", {}, item.evidence),
      decisionCell(item),
      actions(item, document_.closed, decideOn),
    ),
  );
  const parts = [
    el("h2", {}, "Campaign ", el("span", { class: "campaign-muted" }, `${document_.file} · ${state}`)),
    el(
      "p",
      { class: "campaign-progress", role: "status" },
      progressText(document_.progress),
      ` · you decide as ${document_.reviewer}`,
    ),
    view.message ? el("p", { class: "campaign-message", role: "status" }, view.message) : null,
    filters(document_),
    bulk(document_),
    itemsTable(["Item", "App", "Account", "Access", "Why", "Evidence", "Decision", ""], rows),
    pager(document_),
  ];
  view.panel.replaceChildren(...parts.filter(Boolean));
}

async function mount() {
  try {
    if ((await api("/api/apps")).campaign !== true) return; // no campaign served: the page is as it was
  } catch {
    return; // no session yet: the layout says what to open
  }
  view.panel =
    document.getElementById("campaign") ??
    el("section", { id: "campaign", class: "campaign", "aria-label": "Campaign" });
  if (!view.panel.isConnected) (document.querySelector("main") ?? document.body).before(view.panel);
  // The layout's own Campaign tab shows and hides the panel; it also carries the progress.
  const tab = document.querySelector('[data-tab="campaign"]');
  if (tab) {
    view.button = tab;
  } else {
    view.panel.hidden = true;
    view.button = el(
      "button",
      { type: "button", class: "campaign-toggle", "aria-controls": "campaign", "aria-expanded": "false" },
      "Campaign",
    );
    view.button.addEventListener("click", () => {
      view.panel.hidden = !view.panel.hidden;
      view.button.setAttribute("aria-expanded", String(!view.panel.hidden));
      if (!view.panel.hidden) void draw();
    });
    (document.querySelector("header") ?? document.body).append(view.button);
  }
  await draw();
  // A decision made elsewhere on the page (a person, a Review row) shows here too.
  document.addEventListener(DECIDED_EVENT, (event) => ((view.message = event.detail.message), void draw()));
}

void mount();

/* global document */
/**
 * idsync explore: a campaign's items for some accounts, where the page shows those accounts (a
 * person's page, a Review row), with the Campaign tab's keep / revoke / follow up and note and
 * the campaign's progress. Deciding draws this box again in place: the view around it, its
 * page and its selection stay as they were.
 */
import {
  DECIDED_EVENT,
  accessText,
  actions,
  api,
  decideOn,
  decisionCell,
  el,
  itemsTable,
  progressText,
} from "./campaign-kit.js";

/** An account as `GET /api/campaign?account=` names it. */
export const campaignAccount = (app, account) => `${app}/${account.type}:${account.id}`;

/** A box that lists the items of `accounts` ("APP/TYPE:ID"), or says there are none. */
export function campaignItems(accounts, { label = "Campaign items" } = {}) {
  const box = el("section", { class: "campaign-here", "aria-label": label });
  let message = "";
  const draw = async () => {
    let document_;
    try {
      document_ = await api("/api/campaign", { account: accounts, limit: 200 });
    } catch (error) {
      box.replaceChildren(el("p", { class: "campaign-error", role: "alert" }, error.message));
      return;
    }
    const rows = document_.items.map((item) =>
      el(
        "tr",
        { "data-item": item.id },
        el("td", { "data-label": "App" }, item.app),
        el("td", { "data-label": "Access" }, accessText(item)),
        el("td", { "data-label": "Why" }, item.why),
        decisionCell(item),
        actions(item, document_.closed, decideOn),
      ),
    );
    box.replaceChildren(
      ...[
        el("h3", {}, "Campaign"),
        el("p", { class: "campaign-progress", role: "status" }, progressText(document_.progress)),
        message ? el("p", { class: "campaign-message", role: "status" }, message) : null,
        rows.length === 0
          ? el("p", { class: "campaign-muted" }, "No item of the campaign is about this account.")
          : itemsTable(["App", "Access", "Why", "Decision", ""], rows),
      ].filter(Boolean),
    );
  };
  // Every box draws again after any decision (the progress is the whole campaign's), saying
  // what happened in the one decided from (its button has the focus); a box no longer on the
  // page stops listening.
  const redraw = (event) => {
    if (!box.isConnected && box.dataset.drawn) return document.removeEventListener(DECIDED_EVENT, redraw);
    message = box.contains(document.activeElement) ? event.detail.message : "";
    void draw();
  };
  document.addEventListener(DECIDED_EVENT, redraw);
  void draw().then(() => (box.dataset.drawn = "1"));
  return box;
}

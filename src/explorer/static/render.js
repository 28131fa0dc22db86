/* global document, URLSearchParams */
/**
 * idsync explore: the page's rendering helpers, with no state and no side effect, so node's
 * tests can import them. Everything from the API enters the page through `el`, as text nodes:
 * never as HTML, because resource names come from the SaaS tenants and anyone there can
 * choose them.
 */

/** The views the fragment's `tab` may name; the first is the default. */
export const TABS = ["review", "people", "offboarding", "roles", "changes", "campaign"];

/**
 * What the fragment holds: the app and view, the chosen person (`p`), resource (`r`), type,
 * finding or section (`f`), kind of change (`k`), entitlement (`e`), the two syncs compared
 * (`old`, `new`), the main table's search (`q`), first row (`o`) and sort (`s`), and a second
 * table's (`hq`, `ho`, `hs`: the holders of a role).
 */
const STATE_KEYS = ["app", "tab", "p", "r", "type", "f", "k", "e", "old", "new", "q", "o", "s", "hq", "ho", "hs"];

/**
 * An element with properties and children. Strings and numbers become text nodes; `href` must
 * be a fragment (`#…`) or this server's API (`/api/…`, a CSV download), so no data can become
 * a link elsewhere; `on` maps events to handlers.
 */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "on") for (const [event, handler] of Object.entries(value)) node.addEventListener(event, handler);
    else if (key === "href") {
      if (!String(value).startsWith("#") && !String(value).startsWith("/api/"))
        throw new Error(`links stay on the page: ${value}`);
      node.setAttribute("href", value);
    } else if (key === "value") node.value = value;
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  append(node, children);
  return node;
}

export function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    node.append(typeof child === "object" ? child : document.createTextNode(String(child)));
  }
}

/** The state the fragment holds (see STATE_KEYS), each a string or undefined. */
export function readState(hash) {
  const params = new URLSearchParams(String(hash).replace(/^#/, ""));
  const state = {};
  for (const key of STATE_KEYS) {
    const value = params.get(key);
    if (value) state[key] = value;
  }
  if (!TABS.includes(state.tab)) state.tab = "review";
  return state;
}

/** The fragment for `state` (unset keys left out). */
export function stateHref(state) {
  const params = new URLSearchParams();
  for (const key of STATE_KEYS) if (state[key]) params.set(key, state[key]);
  return `#${params}`;
}

export const plural = (n, one, many = `${one}s`) => `${Number(n).toLocaleString("en-US")} ${n === 1 ? one : many}`;
export const day = (iso) => (iso ? String(iso).slice(0, 10) : "");
/** A date for a table cell: a `<time>`, which the style sheet keeps on one line. */
export const dayCell = (iso) => (iso ? el("time", { datetime: String(iso) }, day(iso)) : "");
export const minute = (iso) => (iso ? `${String(iso).slice(0, 16).replace("T", " ")} UTC` : "");

/** "disabled (pending invite)"; details that only repeat the status are left out, as the CLI does. */
export function statusText(resource) {
  const status = resource?.status;
  if (!status) return "";
  const details = resource.statusDetails?.trim();
  return details && details.toLowerCase() !== status ? `${status} (${details})` : status;
}

/** "direct", "via group:eng:member", "direct; via group:a:member → group:b:member". */
export function howText(direct, via) {
  const parts = direct ? ["direct"] : [];
  for (const path of via) parts.push(`via ${path.join(" → ")}`);
  return parts.join("; ");
}

/** The address a reviewer recognises: the email, else the login (API keys have no email). */
export const contact = (resource) => resource?.user?.email ?? resource?.user?.login ?? "";

/** What a resource is called on the page: its name, else its id. */
export const nameOf = (ref) => ref?.displayName || ref?.id || "";

/**
 * What changed in a row of the Changes tab, in words, one line each: the API's `inWords`
 * ("became Workspace Admin (role)", "accountStatus: ACTIVE → INACTIVE"), as `idsync diff` says
 * it. The ids stay in their own column.
 */
export const changeLines = (item) => (item.inWords ?? []).map((line) => el("div", {}, line));

/** "1–50 of 1,000". */
export function rangeText(offset, count, total) {
  if (total === 0) return "none";
  return `${(offset + 1).toLocaleString("en-US")}–${(offset + count).toLocaleString("en-US")} of ${total.toLocaleString("en-US")}`;
}

/**
 * A table: `columns` are `[heading, cell]` pairs, `cell(row)` giving a string or a node;
 * `rowClass(row)` may mark rows (an admin change). Each cell carries its heading, which a
 * phone's narrow layout shows beside the value. An empty list is one line saying so.
 */
export function table(columns, rows, empty = "None.", rowClass = undefined) {
  if (rows.length === 0) return el("p", { class: "muted" }, empty);
  return el(
    "table",
    {},
    el(
      "thead",
      {},
      el(
        "tr",
        {},
        columns.map(([heading]) => el("th", { scope: "col" }, heading)),
      ),
    ),
    el(
      "tbody",
      {},
      rows.map((row) =>
        el(
          "tr",
          { class: rowClass?.(row) },
          columns.map(([heading, cell]) => el("td", { "data-label": heading }, cell(row))),
        ),
      ),
    ),
  );
}

/**
 * The key the People view knows a person by, as `/api/people` gives it: their email when the
 * account has one (so one person is one entry across apps), else the account itself.
 */
export function personKey(app, account) {
  const email = account?.user?.email ?? account?.email;
  return email ? `email:${String(email).toLowerCase()}` : `account:${app}/${account.type}:${account.id}`;
}

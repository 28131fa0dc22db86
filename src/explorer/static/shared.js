/* global location, history, fetch, URL */
/**
 * idsync explore: what every view shares: the API, where the page is (its state, kept in the
 * URL fragment so reload, Back and a copied link all land on the same view, search and page),
 * and links within the page.
 *
 * The API is authorised by the session cookie the printed URL set (HttpOnly: this script never
 * sees the token); `fetch` sends it because the page and the API share an origin.
 */
import { el, nameOf, personKey, readState, stateHref } from "./render.js";

export class ApiFailure extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/** The API's URL for `path` with `params` (empty ones left out): for `fetch`, and for CSV links. */
export function apiUrl(path, params = {}) {
  const url = new URL(path, location.origin);
  for (const [key, value] of Object.entries(params))
    if (value !== undefined && value !== null && value !== "") url.searchParams.set(key, String(value));
  return `${url.pathname}${url.search}`;
}

export async function api(path, params = {}) {
  const response = await fetch(apiUrl(path, params), { cache: "no-store", credentials: "same-origin" });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new ApiFailure(response.status, body.error ?? `the server answered ${response.status}`);
  return body;
}

export const page = { apps: [], types: new Map(), state: readState(""), rendering: 0, campaign: false };

/** Goes to another view or item: a new history entry, and the view renders again. */
export const go = (changes) => {
  location.hash = stateHref({ ...page.state, ...changes });
};

/**
 * Records a change the view has already drawn (a search typed, a page turned, a sort chosen)
 * in the address, without a new history entry or a render: a copied link then opens here.
 */
export function remember(changes) {
  page.state = { ...page.state, ...changes };
  history.replaceState(null, "", `${location.pathname}${stateHref(page.state)}`);
}

/** A link within the page; the one to what is shown now is marked as current. */
export function link(text, changes) {
  const target = { app: page.state.app, ...changes };
  // The list's search, page and sort stay as they are when an item of it is chosen.
  if (changes.tab === page.state.tab && (changes.p || changes.r))
    Object.assign(target, {
      q: page.state.q,
      o: page.state.o,
      s: page.state.s,
      f: page.state.f,
      k: page.state.k,
      e: page.state.e,
    });
  const current =
    changes.tab === page.state.tab &&
    ((changes.p && changes.p === page.state.p) || (changes.r && changes.r === page.state.r));
  return el("a", { href: stateHref({ ...target, ...changes }), "aria-current": current ? "true" : undefined }, text);
}

/** A person's page, across every app, from one of their accounts in `app`. */
export const personLink = (app, account, text = nameOf(account)) =>
  link(text, { tab: "people", p: personKey(app, account) });
export const resourceLink = (app, resource) =>
  link(nameOf(resource), { app, tab: "roles", type: resource.type, r: `${resource.type}:${resource.id}` });
export const errorBox = (message) => el("p", { class: "error", role: "alert" }, message);
export const heading = (level, text, extra) =>
  el(`h${level}`, { tabindex: "-1" }, text, extra ? el("span", { class: "muted" }, ` ${extra}`) : null);

export async function typesOf(app) {
  if (!page.types.has(app)) page.types.set(app, (await api("/api/resource-types", { app })).resourceTypes);
  return page.types.get(app);
}

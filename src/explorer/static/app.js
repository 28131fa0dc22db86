/* global document, location, history, sessionStorage, fetch, window, URL, URLSearchParams, setTimeout, clearTimeout */
/**
 * idsync explore: the page. Plain DOM, no framework; `render.js` builds every element, and
 * puts every value from the API in as text.
 *
 * Where you are lives in the URL fragment (#app=…&tab=…&p=…), so Back, reload and copied links
 * work. The token arrives once in `?token=`, moves to this tab's sessionStorage, leaves the
 * address bar, and goes with every API call as `Authorization: Bearer …`.
 */
import { append, changeLines, contact, day, dayCell, el, howText, minute, nameOf, plural, rangeText, readState, stateHref, statusText, table } from "./render.js";

const TOKEN_KEY = "idsync-explore-token";
const PAGE_SIZE = 50;
/** Rows shown per list of the Changes tab; the full diff is `idsync diff -o json`. */
const DIFF_ROWS = 500;

// ── The API ─────────────────────────────────────────────────────────────────────────────────

class ApiFailure extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

async function api(path, params = {}) {
  const url = new URL(path, location.origin);
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== "") url.searchParams.set(key, String(value));
  const token = sessionStorage.getItem(TOKEN_KEY);
  const response = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {}, cache: "no-store" });
  const body = await response.json().catch(() => ({}));
  if (response.status === 401) sessionStorage.removeItem(TOKEN_KEY);
  if (!response.ok) throw new ApiFailure(response.status, body.error ?? `the server answered ${response.status}`);
  return body;
}

// ── Page state ──────────────────────────────────────────────────────────────────────────────

const page = { apps: [], types: new Map(), state: readState(""), search: { people: "", roles: "" }, rendering: 0 };

const $ = (id) => document.getElementById(id);
const go = (changes) => {
  location.hash = stateHref({ ...page.state, ...changes });
};
/** A link within the page; the one to what is shown now is marked as current. */
function link(text, changes) {
  const href = stateHref({ app: page.state.app, ...changes });
  const current = changes.tab === page.state.tab && ((changes.p && changes.p === page.state.p) || (changes.r && changes.r === page.state.r));
  return el("a", { href, "aria-current": current ? "true" : undefined }, text);
}
const personLink = (resource) => link(nameOf(resource), { tab: "people", p: `${resource.type}:${resource.id}` });
const resourceLink = (resource) => link(nameOf(resource), { tab: "roles", type: resource.type, r: `${resource.type}:${resource.id}` });
const errorBox = (message) => el("p", { class: "error", role: "alert" }, message);
const heading = (level, text, extra) => el(`h${level}`, { tabindex: "-1" }, text, extra ? el("span", { class: "muted" }, ` ${extra}`) : null);

function currentApp() {
  return page.apps.find((app) => app.app === page.state.app) ?? page.apps[0];
}

async function typesOf(app) {
  if (!page.types.has(app)) page.types.set(app, (await api("/api/resource-types", { app })).resourceTypes);
  return page.types.get(app);
}

/** Whether a render started as generation `mine` is still the latest (an older one must not paint). */
const stale = (mine) => mine !== page.rendering;

// ── Review ──────────────────────────────────────────────────────────────────────────────────

const holds = (user) => [...new Set(user.access.map((entry) => nameOf(entry.resource)))].join(", ");
const NAME = ["Name", personLink];
const CONTACT = ["Email / login", contact];
const KIND = ["Kind", (user) => user.user?.accountType ?? ""];
const STATUS = ["Status", statusText];

function findings(title, rows, columns) {
  return [heading(2, title, `(${rows.length.toLocaleString("en-US")})`), table(columns, rows)];
}

/** "clockify (disabled)", "env0 (admin)": one app's account of a person, linked to it there. */
function presenceLink(presence) {
  const details = presence.status === "enabled" ? (presence.admin ? "admin" : "") : presence.user?.pendingInvite ? "pending invite" : presence.status;
  const href = stateHref({ app: presence.app, tab: "people", p: `${presence.type}:${presence.id}` });
  return el("a", { href }, details ? `${presence.app} (${details})` : presence.app);
}

/** With several apps: people disabled in one and enabled in another (by email). */
async function offboardingGaps() {
  if (page.apps.length < 2) return [];
  const { offboardingGaps: gaps } = await api("/api/offboarding");
  const links = (presences) => presences.flatMap((presence, index) => (index === 0 ? [presenceLink(presence)] : [", ", presenceLink(presence)]));
  return findings("Offboarding gaps across the apps: disabled in one, enabled in another", gaps, [
    ["Email", (gap) => gap.email],
    ["Name", (gap) => nameOf(gap.apps.find((presence) => presence.displayName) ?? gap.apps[0])],
    ["Still enabled in", (gap) => links(gap.apps.filter((presence) => presence.status === "enabled"))],
    ["Not enabled in", (gap) => links(gap.apps.filter((presence) => presence.status !== "enabled"))],
  ]);
}

async function reviewView(app) {
  const [doc, gaps] = await Promise.all([api("/api/review", { app }), offboardingGaps()]);
  const review = doc.apps[0];
  const counts = review.counts;
  const dormant =
    review.loginsRecorded.length === 0
      ? [heading(2, "Dormant"), el("p", { class: "muted" }, "Not known: this sync records no last logins.")]
      : findings(`Dormant: no login in the ${doc.staleDays} days before the sync`, review.dormant, [
          NAME,
          CONTACT,
          KIND,
          ["Last login", (user) => (user.reason === "never-logged-in" ? "never" : dayCell(user.user?.lastLogin))],
          ["Idle days", (user) => user.daysIdle.toLocaleString("en-US")],
          ["Holds", holds],
        ]);
  const changes = review.adminChanges;
  const adminChanges = changes
    ? [
        ...findings(`Admins added since the sync of ${minute(changes.previousSync.endedAt)}`, changes.added, [NAME, CONTACT, STATUS, ["Admin roles", (user) => user.adminRoles.join(", ")]]),
        ...findings(`Admins removed since the sync of ${minute(changes.previousSync.endedAt)}`, changes.removed, [
          ["Name", (user) => (user.stillPresent ? personLink(user) : nameOf(user))],
          CONTACT,
          ["Now", (user) => (user.stillPresent ? "still a user, no admin role" : "no longer a user")],
        ]),
      ]
    : [heading(2, "Admin changes"), el("p", { class: "muted" }, "No earlier full sync in this file to compare with.")];
  return [
    el(
      "p",
      { class: "summary" },
      `${plural(review.users, "user")}: ${plural(counts.admins, "admin")}, ${plural(counts.pendingInvites, "pending invite")}, ` +
        `${counts.dormant ?? "unknown"} dormant, ${counts.inactiveWithAccess} disabled with access.`,
    ),
    findings("Admins", review.admins, [NAME, CONTACT, KIND, STATUS, ["Last login", (user) => dayCell(user.user?.lastLogin)], ["Admin roles", (user) => user.adminRoles.join(", ")]]),
    findings("Pending invites", review.pendingInvites, [NAME, CONTACT, ["Would hold", holds]]),
    dormant,
    findings("Disabled but still holding access", review.inactiveWithAccess, [NAME, CONTACT, STATUS, ["Holds", holds]]),
    adminChanges,
    gaps,
  ];
}

// ── People, and Roles & groups: a searchable list beside the selected item ──────────────────

/**
 * The search box, the list and its pager. Typing or paging refreshes the list alone, so the
 * box keeps its focus; choosing an item changes the fragment, which renders the detail.
 */
function browser({ app, tab, type, label, columns }) {
  const list = el("div", { class: "list", "aria-live": "polite" });
  let offset = 0;
  let generation = 0;
  const refresh = async () => {
    const mine = ++generation;
    list.setAttribute("aria-busy", "true");
    try {
      const result = await api("/api/resources", { app, type, q: page.search[tab], offset, limit: PAGE_SIZE });
      if (mine !== generation) return;
      const pager = el(
        "p",
        { class: "pager" },
        el("button", { type: "button", disabled: offset === 0, on: { click: () => ((offset -= PAGE_SIZE), refresh()) } }, "Previous"),
        el("span", {}, rangeText(offset, result.count, result.total)),
        el("button", { type: "button", disabled: offset + result.count >= result.total, on: { click: () => ((offset += PAGE_SIZE), refresh()) } }, "Next"),
      );
      list.replaceChildren(table(columns, result.resources, "Nothing matches."), pager);
    } catch (error) {
      if (mine === generation) list.replaceChildren(errorBox(error.message));
    } finally {
      if (mine === generation) list.removeAttribute("aria-busy");
    }
  };
  let timer;
  const input = el("input", {
    type: "search",
    value: page.search[tab],
    placeholder: "Name, email, login or id",
    "aria-label": label,
    on: {
      input: () => {
        clearTimeout(timer);
        timer = setTimeout(() => {
          page.search[tab] = input.value.trim();
          offset = 0;
          refresh();
        }, 250);
      },
    },
  });
  void refresh();
  return [el("div", { class: "search" }, input), list];
}

/** A type picker, shown when there is more than one type to pick from. */
function typePicker(types, chosen, label) {
  if (types.length < 2) return null;
  const select = el(
    "select",
    { "aria-label": label, on: { change: () => go({ type: select.value, r: undefined, p: undefined }) } },
    types.map((type) => el("option", { value: type.id, ...(type.id === chosen ? { selected: true } : {}) }, `${type.displayName} (${type.resources.toLocaleString("en-US")})`)),
  );
  return el("p", {}, select);
}

async function peopleView(app) {
  const types = (await typesOf(app)).filter((type) => type.traits.includes("user"));
  if (types.length === 0) return el("p", { class: "muted" }, "This sync has no user type.");
  const type = types.find((candidate) => candidate.id === page.state.type) ?? types[0];
  const columns = [
    ["Person", (user) => [personLink(user), el("span", { class: "sub" }, contact(user))]],
    STATUS,
    ["Last login", (user) => dayCell(user.user?.lastLogin)],
  ];
  const side = [typePicker(types, type.id, "User type"), browser({ app, tab: "people", type: type.id, label: "Search people", columns })];
  const detail = page.state.p ? await personDetail(app, page.state.p) : el("p", { class: "muted" }, "Choose a person to see everything they hold, and how.");
  return el("div", { class: "split" }, el("div", {}, side), el("section", { class: "detail" }, detail));
}

async function personDetail(app, principal) {
  let report;
  try {
    report = await api("/api/access", { app, principal });
  } catch (error) {
    if (error.status === 404) return errorBox(error.message);
    throw error;
  }
  const who = report.principal;
  const facts = [
    `${who.type}:${who.id}`,
    contact(who),
    statusText(who),
    who.user?.accountType,
    who.user?.lastLogin ? `last login ${day(who.user.lastLogin)}` : who.user ? "no login recorded" : "",
  ].filter(Boolean);
  const direct = report.access.filter((entry) => entry.direct).length;
  return [
    heading(2, nameOf(who)),
    el("p", { class: "facts" }, facts.join(" · ")),
    el("p", {}, `${plural(report.count, "entitlement")}: ${direct} direct, ${report.count - direct} inherited.`),
    table(
      [
        ["Entitlement", (entry) => [entry.displayName, el("br"), el("code", {}, entry.entitlementId)]],
        ["On", (entry) => resourceLink(entry.resource)],
        ["How", (entry) => howText(entry.direct, entry.via)],
      ],
      report.access,
      "Holds nothing.",
    ),
  ];
}

async function rolesView(app) {
  const all = await typesOf(app);
  const types = all.filter((type) => !type.traits.includes("user"));
  if (types.length === 0) return el("p", { class: "muted" }, "This sync has only users.");
  const preferred = types.find((type) => type.traits.includes("role") || type.traits.includes("group")) ?? types[0];
  const type = types.find((candidate) => candidate.id === page.state.type) ?? preferred;
  const columns = [
    ["Name", resourceLink],
    ["Id", (resource) => el("code", {}, resource.id)],
  ];
  const side = [typePicker(types, type.id, "Resource type"), browser({ app, tab: "roles", type: type.id, label: `Search ${type.displayName}`, columns })];
  const detail = page.state.r ? await resourceDetail(app, page.state.r, all) : el("p", { class: "muted" }, "Choose one to see who holds it, and how.");
  return el("div", { class: "split" }, el("div", {}, side), el("section", { class: "detail" }, detail));
}

async function resourceDetail(app, key, types) {
  const split = key.indexOf(":");
  const [type, id] = [key.slice(0, split), key.slice(split + 1)];
  const found = await api("/api/entitlements", { app, type, resource: id, limit: 200 });
  const first = found.entitlements[0];
  const title = first ? nameOf(first.resource) : id;
  const isUserType = new Set(types.filter((candidate) => candidate.traits.includes("user")).map((candidate) => candidate.id));
  const holder = (grant) => (isUserType.has(grant.principal.type) ? personLink(grant.principal) : resourceLink(grant.principal));
  const sections = found.entitlements.map((entitlement) => {
    const holders = el("div", {});
    let offset = 0;
    const more = async () => {
      const result = await api("/api/grants", { app, entitlement: entitlement.id, offset, limit: 200 });
      offset += result.count;
      const rows = table(
        [
          ["Holder", holder],
          ["Type", (grant) => grant.principal.type],
          ["How", (grant) => howText(grant.direct, grant.via.map((source) => [source]))],
        ],
        result.grants,
        "Nobody holds it.",
      );
      const button =
        offset < result.total
          ? el("button", { type: "button", on: { click: (event) => (event.target.remove(), more().catch((error) => holders.append(errorBox(error.message)))) } }, `Show more (${(result.total - offset).toLocaleString("en-US")} left)`)
          : null;
      const counted = result.total > 0 && result.offset === 0 ? el("p", { class: "muted" }, plural(result.total, "holder")) : null;
      append(holders, [counted, rows, button]);
    };
    return { entitlement, holders, more };
  });
  await Promise.all(sections.map((section) => section.more()));
  return [
    heading(2, title, `${type}:${id}`),
    found.total === 0 ? el("p", { class: "muted" }, "Nothing can be granted on it.") : null,
    sections.map(({ entitlement, holders }) => [
      el("h3", {}, entitlement.displayName ?? entitlement.slug, " ", el("code", {}, entitlement.id)),
      holders,
    ]),
  ];
}

// ── Changes ─────────────────────────────────────────────────────────────────────────────────

function diffRows(title, rows, columns) {
  if (rows.length === 0) return null;
  const shown = rows.slice(0, DIFF_ROWS);
  const more = rows.length > shown.length ? el("p", { class: "muted" }, `and ${plural(rows.length - shown.length, "more")}: \`idsync diff -o json\` lists every one.`) : null;
  return [el("h3", {}, title, el("span", { class: "muted" }, ` (${rows.length.toLocaleString("en-US")})`)), table(columns, shown), more];
}

async function changesView(app) {
  let diff;
  try {
    diff = await api("/api/diff", { app });
  } catch (error) {
    if (error.status === 404) return el("p", { class: "muted" }, error.message);
    throw error;
  }
  const sections = ["users", "resources", "resourceTypes", "entitlements", "grants"];
  const titles = { users: "Users", resources: "Other resources", resourceTypes: "Resource types", entitlements: "Entitlements", grants: "Grants" };
  const resourceColumns = (withLink) => [
    ["Name", (resource) => (withLink ? personLink(resource) : nameOf(resource))],
    ["Id", (resource) => el("code", {}, `${resource.type}:${resource.id}`)],
    ["Details", (resource) => [contact(resource), statusText(resource)].filter(Boolean).join(", ")],
  ];
  const idColumns = [["Id", (item) => el("code", {}, item.id)], ["Name", (item) => item.displayName ?? ""]];
  const grantColumns = [
    ["Holder", (grant) => nameOf(grant.principal)],
    ["Change", (grant) => grant.inWords],
    ["Entitlement", (grant) => el("code", {}, grant.entitlementId)],
    ["How", (grant) => howText(grant.direct, grant.via.map((source) => [source]))],
  ];
  const changedColumns = (withLink) => [
    ["Name", (item) => (withLink ? personLink(item) : item.displayName ?? "")],
    ["Id", (item) => el("code", {}, item.type ? `${item.type}:${item.id}` : item.id)],
    ["Changes", changeLines],
  ];
  const lists = sections.map((key) => {
    const part = diff[key];
    const added = key === "grants" ? grantColumns : key === "users" || key === "resources" ? resourceColumns(key === "users") : idColumns;
    const removed = key === "grants" ? grantColumns : key === "users" || key === "resources" ? resourceColumns(false) : idColumns;
    const content = [diffRows("Added", part.added, added), diffRows("Removed", part.removed, removed), diffRows("Changed", part.changed, changedColumns(key === "users"))];
    return content.some(Boolean) ? [heading(2, titles[key]), content] : null;
  });
  return [
    el("p", { class: "summary" }, diff.summary.text),
    el("p", { class: "muted" }, `From the sync of ${minute(diff.old.sync.endedAt)} to the sync of ${minute(diff.new.sync.endedAt)}.`),
    table(
      [["", (key) => titles[key]], ["Added", (key) => String(diff.summary[key].added)], ["Removed", (key) => String(diff.summary[key].removed)], ["Changed", (key) => String(diff.summary[key].changed)]],
      sections,
    ),
    lists,
  ];
}

// ── Rendering ───────────────────────────────────────────────────────────────────────────────

const VIEWS = { review: reviewView, people: peopleView, roles: rolesView, changes: changesView };

function renderHeader(app) {
  const picker = $("app");
  if (picker.options.length !== page.apps.length) {
    picker.replaceChildren(...page.apps.map((candidate) => el("option", { value: candidate.app }, `${candidate.app} (${candidate.file})`)));
  }
  picker.value = app.app;
  const sync = app.sync;
  const users = app.stats.users;
  $("sync").replaceChildren(
    el(
      "span",
      {},
      `Sync ${sync.id}, ${sync.type}, ${sync.endedAt ? `finished ${minute(sync.endedAt)}` : `unfinished, started ${minute(sync.startedAt)}`}. `,
      `${plural(users.total, "user")} (${users.pendingInvites.toLocaleString("en-US")} pending invites, ${users.disabled.toLocaleString("en-US")} disabled), `,
      `${plural(app.stats.resources, "resource")}, ${plural(app.stats.grants, "grant")}.`,
      app.note ? el("span", { class: "note" }, ` ${app.note}`) : null,
    ),
  );
  for (const tab of document.querySelectorAll("nav.tabs a")) {
    tab.setAttribute("href", stateHref({ app: app.app, tab: tab.dataset.tab }));
    if (tab.dataset.tab === page.state.tab) tab.setAttribute("aria-current", "page");
    else tab.removeAttribute("aria-current");
  }
}

async function render() {
  const mine = ++page.rendering;
  const previous = page.state;
  page.state = readState(location.hash);
  const view = $("view");
  try {
    if (page.apps.length === 0) page.apps = (await api("/api/apps")).apps;
    const app = currentApp();
    if (!app) return view.replaceChildren(errorBox("No apps to show."));
    if (previous.app !== app.app) page.search = { people: "", roles: "" };
    page.state.app = app.app;
    renderHeader(app);
    view.setAttribute("aria-busy", "true");
    const content = await VIEWS[page.state.tab](app.app);
    if (stale(mine)) return;
    view.replaceChildren(...[content].flat(Infinity).filter(Boolean));
    // After choosing someone, the keyboard continues at what was chosen.
    const chosen = page.state.p !== previous.p || page.state.r !== previous.r;
    if (chosen && (page.state.p || page.state.r)) view.querySelector(".detail h2")?.focus();
  } catch (error) {
    if (stale(mine)) return;
    const message =
      error.status === 401
        ? "This page needs the address idsync explore printed, with its token. A restarted explorer prints a new one."
        : error.message;
    view.replaceChildren(errorBox(message));
  } finally {
    if (!stale(mine)) view.removeAttribute("aria-busy");
  }
}

function start() {
  const params = new URLSearchParams(location.search);
  const token = params.get("token");
  if (token) {
    sessionStorage.setItem(TOKEN_KEY, token);
    history.replaceState(null, "", location.pathname + location.hash);
  }
  $("app").addEventListener("change", (event) => go({ app: event.target.value, p: undefined, r: undefined, type: undefined }));
  window.addEventListener("hashchange", () => void render());
  void render();
}

start();

/**
 * idsync explore: Changes between two syncs of the file (the latest two by default; both can
 * be chosen). Each list (users added, grants removed…) is a table the server pages, said in
 * words with names ("became Workspace Admin (role)"), never raw ids or profile JSON; changes
 * that give or take an admin role are highlighted and can be sorted first.
 */
import { changeLines, contact, el, minute, nameOf, statusText } from "./render.js";
import { api, go, heading, link, page, personLink } from "./shared.js";
import { pagedTable } from "./table.js";

const SECTIONS = {
  users: "Users",
  resources: "Other resources",
  grants: "Grants",
  entitlements: "Entitlements",
  resourceTypes: "Resource types",
};
const KINDS = { added: "added", removed: "removed", changed: "changed" };

/** A grant's change is one sentence; a changed resource's, a line per field. */
const lines = (row) => (Array.isArray(row.inWords) ? changeLines(row) : el("div", {}, row.inWords ?? ""));
const adminMark = (row) => (row.admin ? el("span", { class: "flag" }, "admin") : "");

function columnsFor(app, section, kind) {
  const ADMIN = ["Admin", adminMark, "admin"];
  if (section === "grants") {
    return [
      [
        "Holder",
        (grant) =>
          grant.principal.type === "user" && kind === "added"
            ? personLink(app, grant.principal)
            : nameOf(grant.principal),
        "name",
      ],
      ["Change", lines, "change"],
      ADMIN,
    ];
  }
  if (kind === "changed")
    return [["Name", (item) => item.displayName ?? item.id, "name"], ["What changed", lines, "change"], ADMIN];
  if (section === "users") {
    return [
      ["Name", (user) => (kind === "added" ? personLink(app, user) : nameOf(user)), "name"],
      ["Email / login", contact, "details"],
      ["Status", statusText],
    ];
  }
  return [
    ["Name", (item) => item.displayName ?? nameOf(item.resource) ?? item.id, "name"],
    ["Type", (item) => item.type ?? item.slug ?? ""],
  ];
}

/** A picker of the file's finished full syncs, for one side of the comparison. */
function syncPicker(label, syncs, chosen, key) {
  const select = el(
    "select",
    { "aria-label": label, on: { change: () => go({ [key]: select.value, o: undefined, q: undefined }) } },
    syncs.map((sync) =>
      el(
        "option",
        { value: sync.id, ...(sync.id === chosen ? { selected: true } : {}) },
        `${minute(sync.endedAt)} (${sync.id})`,
      ),
    ),
  );
  return el("label", { class: "picker" }, label, " ", select);
}

export async function changesView(app) {
  const { syncs } = await api("/api/syncs", { app });
  let probe;
  const pair = { old: page.state.old, new: page.state.new };
  try {
    probe = await api("/api/changes", { app, ...pair, section: "users", kind: "added", limit: 1 });
  } catch (error) {
    if (error.status === 404) return el("p", { class: "muted" }, error.message);
    throw error;
  }
  const { summary } = probe;
  const count = (section, kind) => summary[section][kind];
  const wanted = page.state.f in SECTIONS && page.state.k in KINDS ? [page.state.f, page.state.k] : undefined;
  const firstNonEmpty = Object.keys(SECTIONS)
    .flatMap((section) => Object.keys(KINDS).map((kind) => [section, kind]))
    .find(([section, kind]) => count(section, kind) > 0);
  const [section, kind] = wanted ?? firstNonEmpty ?? ["users", "added"];
  Object.assign(page.state, { f: section, k: kind });
  const choices = Object.entries(SECTIONS).map(([key, title]) =>
    el(
      "li",
      {},
      el("span", { class: "section" }, title),
      " ",
      Object.keys(KINDS).map((change) => {
        const n = count(key, change);
        const text = `${n.toLocaleString("en-US")} ${change}`;
        const current = key === section && change === kind;
        return n === 0
          ? el("span", { class: "muted choice" }, text)
          : el(
              "span",
              { class: `choice${current ? " current" : ""}` },
              link(text, { tab: "changes", ...pair, f: key, k: change }),
            );
      }),
    ),
  );
  return [
    el("p", { class: "summary" }, summary.text),
    el(
      "p",
      { class: "syncs" },
      syncPicker("From", syncs, probe.old.sync.id, "old"),
      " ",
      syncPicker("to", syncs, probe.new.sync.id, "new"),
    ),
    el("ul", { class: "changes-menu" }, choices),
    heading(2, `${SECTIONS[section]} ${KINDS[kind]}`, `(${count(section, kind).toLocaleString("en-US")})`),
    count(section, kind) === 0
      ? el("p", { class: "muted" }, "None.")
      : pagedTable({
          path: "/api/changes",
          params: { app, ...pair, section, kind },
          columns: columnsFor(app, section, kind),
          label: "Filter changes",
          rowClass: (row) => (row.admin ? "admin-change" : undefined),
        }),
  ];
}

/**
 * idsync explore: Roles & groups (and any other resource type): a list the server pages,
 * sorts (by name or number of holders) and filters, beside the chosen resource, whose holders
 * are such a table too, with each holder's status, email and last sign-in.
 */
import { dayCell, el, howText, nameOf, statusText } from "./render.js";
import { api, go, heading, link, page, personLink, resourceLink, typesOf } from "./shared.js";
import { pagedTable } from "./table.js";

/** A type picker, shown when there is more than one type to pick from. */
function typePicker(types, chosen, label) {
  if (types.length < 2) return null;
  const select = el(
    "select",
    {
      "aria-label": label,
      on: {
        change: () => go({ type: select.value, r: undefined, e: undefined, q: undefined, o: undefined, s: undefined }),
      },
    },
    types.map((type) =>
      el(
        "option",
        { value: type.id, ...(type.id === chosen ? { selected: true } : {}) },
        `${type.displayName} (${type.resources.toLocaleString("en-US")})`,
      ),
    ),
  );
  return el("p", {}, select);
}

export async function rolesView(app) {
  const all = await typesOf(app);
  const types = all.filter((type) => !type.traits.includes("user"));
  if (types.length === 0) return el("p", { class: "muted" }, "This sync has only users.");
  const preferred = types.find((type) => type.traits.includes("role") || type.traits.includes("group")) ?? types[0];
  const type = types.find((candidate) => candidate.id === page.state.type) ?? preferred;
  const columns = [
    ["Name", (resource) => resourceLink(app, resource), "name"],
    ["Holders", (resource) => resource.holders.toLocaleString("en-US"), "holders"],
    ["Id", (resource) => el("code", {}, resource.id), "id"],
  ];
  const list = pagedTable({
    path: "/api/roles",
    params: { app, type: type.id },
    columns,
    label: `Search ${type.displayName}`,
    empty: "Nothing matches.",
  });
  const detail = page.state.r
    ? await resourceDetail(app, page.state.r, all)
    : el("p", { class: "muted" }, "Choose one to see who holds it, and how.");
  return el(
    "div",
    { class: "split" },
    el("div", { class: "side" }, typePicker(types, type.id, "Resource type"), list),
    el("section", { class: "detail", "aria-label": "Resource" }, detail),
  );
}

async function resourceDetail(app, key, types) {
  const split = key.indexOf(":");
  const [type, id] = [key.slice(0, split), key.slice(split + 1)];
  const found = await api("/api/entitlements", { app, type, resource: id, limit: 200 });
  const first = found.entitlements[0];
  page.resourceName = first ? nameOf(first.resource) : id;
  const isUserType = new Set(
    types.filter((candidate) => candidate.traits.includes("user")).map((candidate) => candidate.id),
  );
  if (found.total === 0)
    return [heading(2, page.resourceName, key), el("p", { class: "muted" }, "Nothing can be granted on it.")];
  const chosen = found.entitlements.find((entitlement) => entitlement.id === page.state.e) ?? first;
  const picker =
    found.entitlements.length < 2
      ? el("p", {}, chosen.displayName ?? chosen.slug, " ", el("code", {}, chosen.id))
      : el(
          "p",
          {},
          el(
            "select",
            {
              "aria-label": "Entitlement",
              on: { change: (event) => go({ e: event.target.value, hq: undefined, ho: undefined, hs: undefined }) },
            },
            found.entitlements.map((entitlement) =>
              el(
                "option",
                { value: entitlement.id, ...(entitlement.id === chosen.id ? { selected: true } : {}) },
                `${entitlement.displayName ?? entitlement.slug} (${entitlement.id})`,
              ),
            ),
          ),
        );
  const holder = (grant) =>
    isUserType.has(grant.principal.type)
      ? personLink(app, { ...grant.principal, email: grant.email })
      : link(nameOf(grant.principal), {
          tab: "roles",
          type: grant.principal.type,
          r: `${grant.principal.type}:${grant.principal.id}`,
        });
  const columns = [
    ["Holder", holder, "name"],
    ["Email", (grant) => grant.email ?? "", "email"],
    ["Status", (grant) => statusText(grant), "status"],
    ["Last sign-in", (grant) => dayCell(grant.lastLogin), "lastLogin"],
    [
      "How",
      (grant) =>
        howText(
          grant.direct,
          grant.via.map((source) => [source]),
        ),
      "how",
    ],
  ];
  return [
    heading(2, page.resourceName, key),
    picker,
    pagedTable({
      path: "/api/holders",
      params: { app, entitlement: chosen.id },
      columns,
      prefix: "h",
      label: "Filter holders",
      empty: "Nobody holds it.",
    }),
  ];
}

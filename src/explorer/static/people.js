/**
 * idsync explore: People across apps. One search over every file served; a person's page
 * lists their account in each app (status, admin or not, last sign-in) with everything it
 * holds and the path to it. Offboarding gaps (disabled in one app, enabled in another) are a
 * view of their own.
 */
import { day, dayCell, el, howText, nameOf, plural, statusText } from "./render.js";
import { api, errorBox, heading, link, page, resourceLink } from "./shared.js";
import { pagedTable, scrollBox } from "./table.js";
import { campaignAccount, campaignItems } from "./campaign-items.js";

/** "env0 (enabled, admin)": one account of a person, in a list cell. */
const accountText = (account) => `${account.app} (${account.status}${account.admin ? ", admin" : ""})`;

export async function peopleView() {
  const columns = [
    [
      "Person",
      (person) => [
        link(person.name, { tab: "people", p: person.key }),
        el("span", { class: "sub" }, person.email ?? ""),
      ],
      "name",
    ],
    [
      "Apps",
      (person) =>
        person.accounts.map((account) =>
          el("span", { class: `app-chip${account.admin ? " admin" : ""}` }, accountText(account)),
        ),
      "apps",
    ],
    [
      "Last sign-in",
      (person) =>
        dayCell(
          person.accounts
            .map((account) => account.lastLogin)
            .filter(Boolean)
            .sort()
            .at(-1),
        ),
      "lastLogin",
    ],
  ];
  const list = pagedTable({
    path: "/api/people",
    params: {},
    columns,
    label: "Search people in every app",
    empty: "Nobody matches.",
  });
  list.querySelector("input").setAttribute("placeholder", "Name, email, login or id, in every app");
  const detail = page.state.p
    ? await personDetail(page.state.p)
    : el("p", { class: "muted" }, "Choose a person to see their account in every app, what each holds, and how.");
  return el(
    "div",
    { class: "split" },
    el("div", { class: "side" }, list),
    el("section", { class: "detail", "aria-label": "Person" }, detail),
  );
}

async function personDetail(key) {
  let person;
  try {
    person = await api("/api/person", { key });
  } catch (error) {
    if (error.status === 404) return errorBox(error.message);
    throw error;
  }
  page.personName = person.name;
  return [
    heading(2, person.name),
    el("p", { class: "facts" }, [person.email ?? "no email", plural(person.count, "account")].join(" · ")),
    page.campaign
      ? campaignItems(
          person.accounts.map((account) => campaignAccount(account.app, account)),
          { label: `${person.name}'s campaign items` },
        )
      : null,
    person.accounts.map((account) => {
      const facts = [
        `${account.type}:${account.id}`,
        account.login,
        statusText(account.principal),
        account.accountType,
        account.admin ? "admin" : "",
        account.lastLogin ? `last sign-in ${day(account.lastLogin)}` : "no sign-in recorded",
      ].filter(Boolean);
      const direct = account.access.filter((entry) => entry.direct).length;
      return el(
        "section",
        { class: `account${account.admin ? " admin" : ""}`, "aria-label": `${account.app} account` },
        el("h3", {}, account.app, el("span", { class: "muted" }, ` ${nameOf(account.principal)}`)),
        el("p", { class: "facts" }, facts.join(" · ")),
        el("p", {}, `${plural(account.count, "entitlement")}: ${direct} direct, ${account.count - direct} inherited.`),
        account.access.length === 0
          ? el("p", { class: "muted" }, "Holds nothing.")
          : scrollBox(
              el(
                "table",
                {},
                el(
                  "thead",
                  {},
                  el(
                    "tr",
                    {},
                    ["Entitlement", "On", "How"].map((title) => el("th", { scope: "col" }, title)),
                  ),
                ),
                el(
                  "tbody",
                  {},
                  account.access.map((entry) =>
                    el(
                      "tr",
                      {},
                      el("td", { "data-label": "Entitlement" }, entry.displayName ?? entry.slug),
                      el("td", { "data-label": "On" }, resourceLink(account.app, entry.resource)),
                      el("td", { "data-label": "How" }, howText(entry.direct, entry.via)),
                    ),
                  ),
                ),
              ),
            ),
      );
    }),
  ];
}

export function offboardingView() {
  const presences = (gap, enabled) =>
    gap.apps
      .filter((presence) => (presence.status === "enabled") === enabled)
      .map((presence) =>
        el(
          "span",
          { class: "app-chip" },
          `${presence.app} (${presence.user?.pendingInvite ? "pending invite" : presence.status}${presence.admin ? ", admin" : ""})`,
        ),
      );
  const columns = [
    [
      "Person",
      (gap) => [
        link(nameOf(gap.apps.find((presence) => presence.displayName) ?? gap.apps[0]), { tab: "people", p: gap.key }),
        el("span", { class: "sub" }, gap.email),
      ],
      "name",
    ],
    ["Still enabled in", (gap) => presences(gap, true), "enabledIn"],
    ["Not enabled in", (gap) => presences(gap, false), "notEnabledIn"],
  ];
  return [
    heading(2, "Offboarding gaps", "people (by email) disabled or gone in one app and still enabled in another"),
    pagedTable({
      path: "/api/offboarding-gaps",
      params: {},
      columns,
      label: "Filter offboarding gaps",
      empty: "No gaps: everyone disabled somewhere is disabled everywhere.",
    }),
  ];
}

/**
 * idsync explore: the Review view, triage first. Cards count each finding per app (and the
 * people flagged for a risky combination); choosing one shows that finding as a table the
 * server pages and sorts. The flags and counts are the server's (src/explorer/triage.ts), read
 * from the same review `idsync review` prints.
 */
import { contact, dayCell, el, nameOf, plural, statusText } from "./render.js";
import { api, errorBox, heading, link, page, personLink } from "./shared.js";
import { pagedTable } from "./table.js";
import { campaignAccount, campaignItems } from "./campaign-items.js";

const FINDINGS = {
  risky: "Flagged",
  admins: "Admins",
  pendingInvites: "Pending invites",
  dormant: "Dormant",
  inactiveWithAccess: "Disabled with access",
  adminsAdded: "Admins added",
  adminsRemoved: "Admins removed",
};

const holds = (user) => [...new Set((user.access ?? []).map((entry) => nameOf(entry.resource)))].join(", ");
const flagList = (user) => (user.flags ?? []).map((flag) => el("span", { class: "flag" }, flag));

/**
 * The accounts whose campaign items are open under their row. A table draws its rows again on
 * every filter, sort or page answer, which may come in after "Decide" was pressed (the filter
 * waits for typing to pause): an open box stays open in the new row.
 */
const decidingOn = new Set();

/**
 * With a campaign served, a row's "Decide" opens that account's campaign items under it, with
 * the Campaign tab's buttons; the table, its page and its sort stay as they are.
 */
function decideCell(app, user) {
  const account = campaignAccount(app, user);
  const cell = el("div", { class: "campaign-decide" });
  const items = () => campaignItems([account], { label: `${nameOf(user)}'s campaign items` });
  const open = el(
    "button",
    {
      type: "button",
      "aria-expanded": String(decidingOn.has(account)),
      on: {
        click: () => {
          const shown = cell.querySelector(".campaign-here");
          if (shown) shown.remove();
          else cell.append(items());
          if (shown) decidingOn.delete(account);
          else decidingOn.add(account);
          open.setAttribute("aria-expanded", String(!shown));
        },
      },
    },
    "Decide",
  );
  cell.append(open);
  if (decidingOn.has(account)) cell.append(items());
  return cell;
}

function columnsFor(app, finding) {
  const columns = findingColumns(app, finding);
  return page.campaign
    ? [...columns, ["Campaign", (user) => (user.type && user.id ? decideCell(app, user) : "")]]
    : columns;
}

function findingColumns(app, finding) {
  const NAME = ["Name", (user) => personLink(app, user), "name"];
  const CONTACT = ["Email / login", contact, "contact"];
  const KIND = ["Kind", (user) => user.user?.accountType ?? "", "kind"];
  const STATUS = ["Status", statusText, "status"];
  const LAST = [
    "Last sign-in",
    (user) => (user.reason === "never-logged-in" ? "never" : dayCell(user.user?.lastLogin)),
    "lastLogin",
  ];
  const ROLES = ["Admin roles", (user) => (user.adminRoles ?? []).join(", "), "adminRoles"];
  const HOLDS = ["Holds", holds, "holds"];
  const FLAGS = ["Flags", flagList, "flags"];
  switch (finding) {
    case "risky":
      return [NAME, CONTACT, FLAGS, STATUS, LAST, ROLES];
    case "admins":
      return [NAME, CONTACT, KIND, STATUS, LAST, ROLES, FLAGS];
    case "pendingInvites":
      return [NAME, CONTACT, ["Would hold", holds, "holds"], FLAGS];
    case "dormant":
      return [
        NAME,
        CONTACT,
        KIND,
        LAST,
        ["Idle days", (user) => (user.daysIdle ?? 0).toLocaleString("en-US"), "daysIdle"],
        HOLDS,
        FLAGS,
      ];
    case "inactiveWithAccess":
      return [NAME, CONTACT, STATUS, HOLDS, FLAGS];
    case "adminsAdded":
      return [NAME, CONTACT, STATUS, ROLES];
    default:
      return [
        ["Name", (user) => (user.stillPresent ? personLink(app, user) : nameOf(user)), "name"],
        CONTACT,
        ["Now", (user) => (user.stillPresent ? "still a user, no admin role" : "no longer a user")],
      ];
  }
}

/** One app's cards: a count per finding, each a link to its table; unknown counts say so. */
function cards(card) {
  const chosen = card.app === page.state.app;
  const items = Object.entries(FINDINGS).map(([finding, title]) => {
    const count = card.counts[finding];
    const value = count === null ? "–" : count.toLocaleString("en-US");
    const risky = finding === "risky" && count > 0;
    const current = chosen && finding === page.state.f;
    return el(
      "li",
      { class: `card${risky ? " risky" : ""}${current ? " current" : ""}` },
      count === null
        ? el("span", { title: "not known for this sync" }, el("strong", {}, value), " ", title)
        : link([el("strong", {}, value), " ", title], { app: card.app, tab: "review", f: finding }),
    );
  });
  const flagged = Object.entries(card.flags).filter(([, count]) => count > 0);
  return el(
    "section",
    { class: "triage", "aria-label": `${card.app} findings` },
    el("h2", {}, card.app, el("span", { class: "muted" }, ` ${plural(card.users, "user")}`)),
    el("ul", { class: "cards" }, items),
    flagged.length
      ? el(
          "p",
          { class: "flags" },
          flagged.map(([flag, count]) => el("span", { class: "flag" }, `${count.toLocaleString("en-US")} ${flag}`)),
        )
      : null,
  );
}

export async function reviewView(app) {
  const triage = await api("/api/triage");
  const card = triage.apps.find((candidate) => candidate.app === app) ?? triage.apps[0];
  const fallback = card.counts.risky > 0 ? "risky" : "admins";
  const finding = page.state.f in FINDINGS && card.counts[page.state.f] !== null ? page.state.f : fallback;
  page.state.f = finding;
  const staleNote =
    finding === "dormant"
      ? el("p", { class: "muted" }, `No sign-in in the ${card.staleDays} days before the sync, or never.`)
      : null;
  return [
    el("div", { class: "triage-all" }, triage.apps.map(cards)),
    heading(
      2,
      `${app}: ${FINDINGS[finding]}`,
      card.counts[finding] === null ? "" : `(${card.counts[finding].toLocaleString("en-US")})`,
    ),
    staleNote,
    card.counts[finding] === null
      ? errorBox("Not known for this sync.")
      : pagedTable({
          path: "/api/findings",
          params: { app, finding },
          columns: columnsFor(app, finding),
          label: `Filter ${FINDINGS[finding].toLowerCase()}`,
          empty: "None.",
        }),
  ];
}

export const reviewTitle = () => `Review: ${FINDINGS[page.state.f] ?? "triage"}`;

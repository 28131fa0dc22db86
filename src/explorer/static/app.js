/* global document, location, window */
/**
 * idsync explore: the page. Plain DOM, no framework; `render.js` builds every element, and
 * puts every value from the API in as text. Each view is a module of its own (`review.js`,
 * `people.js`, `roles.js`, `changes.js`); `shared.js` holds the API and the page's state.
 *
 * Where you are lives in the URL fragment (#app=…&tab=…&q=…&o=…), so Back, reload and copied
 * links work. The token never reaches this script: the printed URL left it in an HttpOnly
 * cookie and redirected here.
 */
import { el, minute, plural, readState, stateHref } from "./render.js";
import { api, errorBox, page } from "./shared.js";
import { changesView } from "./changes.js";
import { offboardingView, peopleView } from "./people.js";
import { reviewTitle, reviewView } from "./review.js";
import { rolesView } from "./roles.js";

const $ = (id) => document.getElementById(id);

/**
 * The campaign view belongs to campaign.js, which fills `<section id="campaign">` when the
 * explorer serves a campaign (`/api/apps` says `"campaign": true`); this page only shows its tab.
 */
const campaignView = () => {
  const section = $("campaign");
  section.hidden = false;
  return null;
};

const VIEWS = {
  review: { title: reviewTitle, draw: reviewView },
  people: {
    title: () => (page.state.p && page.personName ? `${page.personName}: people` : "People"),
    draw: peopleView,
  },
  offboarding: { title: () => "Offboarding gaps", draw: offboardingView },
  roles: {
    title: () => (page.state.r && page.resourceName ? `${page.resourceName}: roles & groups` : "Roles & groups"),
    draw: rolesView,
  },
  changes: { title: () => "Changes", draw: changesView },
  campaign: { title: () => "Campaign", draw: campaignView },
};

const currentApp = () => page.apps.find((app) => app.app === page.state.app) ?? page.apps[0];

function renderHeader(app) {
  const picker = $("app");
  if (picker.options.length !== page.apps.length) {
    picker.replaceChildren(
      ...page.apps.map((candidate) => el("option", { value: candidate.app }, `${candidate.app} (${candidate.file})`)),
    );
  }
  picker.value = app.app;
  const { sync, stats } = app;
  const users = stats.users;
  $("sync").replaceChildren(
    el(
      "span",
      {},
      `Sync ${sync.id}, ${sync.type}, ${sync.endedAt ? `finished ${minute(sync.endedAt)}` : `unfinished, started ${minute(sync.startedAt)}`}. `,
      `${plural(users.total, "user")} (${users.pendingInvites.toLocaleString("en-US")} pending invites, ${users.disabled.toLocaleString("en-US")} disabled), `,
      `${plural(stats.resources, "resource")}, ${plural(stats.grants, "grant")}.`,
      app.note ? el("span", { class: "note" }, ` ${app.note}`) : null,
    ),
  );
  for (const tab of document.querySelectorAll("nav.tabs a")) {
    tab.setAttribute("href", stateHref({ app: app.app, tab: tab.dataset.tab }));
    if (tab.dataset.tab === page.state.tab) tab.setAttribute("aria-current", "page");
    else tab.removeAttribute("aria-current");
  }
}

/** Which tabs this run has: offboarding gaps need two apps; the campaign needs a campaign. */
function showTabs(campaign) {
  document.querySelector('[data-tab="offboarding"]').hidden = page.apps.length < 2;
  document.querySelector('[data-tab="campaign"]').hidden = !campaign;
}

async function render() {
  const mine = ++page.rendering;
  const previous = page.state;
  page.state = readState(location.hash);
  const view = $("view");
  try {
    if (page.apps.length === 0) {
      const served = await api("/api/apps");
      page.apps = served.apps;
      page.campaign = served.campaign === true;
      showTabs(page.campaign);
    }
    const app = currentApp();
    if (!app) return view.replaceChildren(errorBox("No apps to show."));
    page.state.app = app.app;
    renderHeader(app);
    view.setAttribute("aria-busy", "true");
    if (page.state.tab !== "campaign") $("campaign").hidden = true;
    const content = await VIEWS[page.state.tab].draw(app.app);
    if (mine !== page.rendering) return;
    view.replaceChildren(...[content].flat(Infinity).filter(Boolean));
    document.title = `${VIEWS[page.state.tab].title()} · ${app.app} · idsync explore`;
    // After choosing someone, the detail comes into view (on a phone it sits below the list)
    // and the keyboard continues there.
    const chosen = page.state.p !== previous.p || page.state.r !== previous.r;
    if (chosen && (page.state.p || page.state.r)) {
      const title = view.querySelector(".detail h2");
      title?.focus({ preventScroll: true });
      title?.scrollIntoView({ block: "start" });
    }
  } catch (error) {
    if (mine !== page.rendering) return;
    // A 401 says whether the session is missing or left over from an earlier run on this port.
    const stale = error.status === 401 && /earlier run/.test(error.message);
    const message =
      error.status !== 401
        ? error.message
        : stale
          ? "This page's session is from an earlier run of idsync explore on this port, which has ended. Open the address it printed this time, with its token."
          : "This page needs the address idsync explore printed, with its token. A restarted explorer prints a new one.";
    view.replaceChildren(errorBox(message));
  } finally {
    if (mine === page.rendering) view.removeAttribute("aria-busy");
  }
}

function start() {
  $("app").addEventListener("change", (event) => {
    location.hash = stateHref({
      app: event.target.value,
      tab: page.state.tab === "people" || page.state.tab === "offboarding" ? "review" : page.state.tab,
    });
  });
  window.addEventListener("hashchange", () => void render());
  void render();
}

start();

/**
 * @module
 * People across apps: one directory of every user account in every file served, joined into
 * people by email (case-insensitive, as the offboarding gaps are), so one search finds a person
 * everywhere and their page lists their account in each app, with what it holds and how.
 * Offboarding gaps (disabled in one app, still enabled in another) are a table of their own.
 *
 * The directory is read once per run, yielding as it reads: the files cannot change while the
 * explorer has them open. It holds a few short strings per account, never profiles or grants.
 */
import { isIdsyncError, resourceKey, yieldToEventLoop, type Resource } from "../core/index.ts";
import { PeopleAcrossApps, adminUsers, statusLabel, userFacts } from "../review/index.ts";
import type { ExplorerApp } from "./apps.ts";
import { ApiError, text, type Route } from "./_params.ts";
import { accessJson, gapJson } from "../review/index.ts";
import { answerTable, tableQuery, type Column } from "./tables.ts";

/** Accounts read between two yields: a few milliseconds of work. */
const ROWS_PER_SLICE = 500;

export interface Account {
  app: string;
  type: string;
  id: string;
  name: string;
  email: string | null;
  login: string | null;
  status: string;
  accountType: string;
  lastLogin: string | null;
  admin: boolean;
}

export interface Person {
  /** `email:ADDRESS` for people with an email; `account:APP/TYPE:ID` for an account without one. */
  key: string;
  name: string;
  email: string | null;
  accounts: Account[];
}

function accountOf(app: ExplorerApp, resource: Resource, admins: ReadonlySet<string>): Account {
  const facts = userFacts(resource)!;
  return {
    app: app.name,
    type: resource.id.resourceType,
    id: resource.id.resource,
    name: resource.displayName || resource.id.resource,
    email: facts.email,
    login: facts.login,
    status: statusLabel(facts),
    accountType: facts.accountType,
    lastLogin: facts.lastLogin?.toISOString() ?? null,
    admin: admins.has(resourceKey(resource.id)),
  };
}

/** Every account of every app, joined into people by email, in the order first met. */
export async function buildDirectory(apps: ReadonlyMap<string, ExplorerApp>): Promise<Person[]> {
  const byKey = new Map<string, Person>();
  let read = 0;
  for (const app of apps.values()) {
    const admins = adminUsers(app.reader, app.sync.id);
    for (const type of app.reader.resourceTypes(app.sync.id)) {
      if (!type.traits.includes("user")) continue;
      for (const resource of app.reader.resources(app.sync.id, { resourceType: type.id })) {
        if (!resource.user) continue;
        const account = accountOf(app, resource, admins);
        const key = account.email
          ? `email:${account.email.toLowerCase()}`
          : `account:${app.name}/${account.type}:${account.id}`;
        const person = byKey.get(key);
        if (person) person.accounts.push(account);
        else byKey.set(key, { key, name: account.name, email: account.email, accounts: [account] });
        if (++read % ROWS_PER_SLICE === 0) await yieldToEventLoop();
      }
    }
  }
  return [...byKey.values()];
}

const directories = new WeakMap<ReadonlyMap<string, ExplorerApp>, Promise<Person[]>>();

/** The directory of these apps, built on first use and shared; a failed build is tried again next time. */
export function directoryOf(apps: ReadonlyMap<string, ExplorerApp>): Promise<Person[]> {
  let directory = directories.get(apps);
  if (!directory) {
    directory = buildDirectory(apps);
    const built = directory;
    built.catch(() => {
      if (directories.get(apps) === built) directories.delete(apps);
    });
    directories.set(apps, directory);
  }
  return directory;
}

const latest = (person: Person): string =>
  person.accounts.reduce(
    (max, account) => (account.lastLogin && account.lastLogin > max ? account.lastLogin : max),
    "",
  );

const PEOPLE_COLUMNS: Array<Column<Person>> = [
  { key: "name", title: "Name", value: (person) => person.name },
  { key: "email", title: "Email", value: (person) => person.email ?? "" },
  {
    key: "apps",
    title: "Apps",
    value: (person) =>
      person.accounts
        .map((account) => `${account.app} (${account.status}${account.admin ? ", admin" : ""})`)
        .join("; "),
  },
  { key: "lastLogin", title: "Last sign-in", value: latest },
  {
    key: "logins",
    title: "Logins and ids",
    value: (person) =>
      person.accounts
        .map((account) => [account.login, `${account.type}:${account.id}`].filter(Boolean).join(" "))
        .join("; "),
  },
];

/** `GET /api/people`: everyone across the apps, a page at a time; `q` searches names, emails, logins and ids in every app. */
const people: Route = async (context) => {
  const directory = await directoryOf(context.apps);
  return answerTable(directory, PEOPLE_COLUMNS, tableQuery(context.params), (person) => person, {
    name: "people",
    extra: { apps: [...context.apps.keys()] },
  });
};

/** `GET /api/person?key=`: one person's account in every app, with everything each holds and how. */
const person: Route = async (context) => {
  const key = text(context.params, "key");
  if (key === undefined)
    throw new ApiError(
      400,
      "name the person with ?key= (email:ADDRESS or account:APP/TYPE:ID, as /api/people gives it)",
    );
  const found = (await directoryOf(context.apps)).find((candidate) => candidate.key === key);
  if (!found) throw new ApiError(404, `nobody is ${key} in the files served`);
  const accounts = found.accounts.map((account) => {
    const app = context.apps.get(account.app)!;
    try {
      const report = accessJson(app.file, app.access.accessOf({ resourceType: account.type, resource: account.id }));
      return {
        ...account,
        file: app.file,
        syncId: app.sync.id,
        principal: report.principal,
        access: report.access,
        count: report.count,
      };
    } catch (error) {
      if (isIdsyncError(error) && error.kind === "invalid-config") throw new ApiError(404, error.message);
      throw error;
    }
  });
  return { key: found.key, name: found.name, email: found.email, accounts, count: accounts.length };
};

/** Offboarding gaps, built once per set of apps (the files cannot change while served). */
const gapsBuilt = new WeakMap<ReadonlyMap<string, ExplorerApp>, Array<ReturnType<typeof gapJson>>>();

type Gap = ReturnType<typeof gapJson>;
const presences = (gap: Gap, enabled: boolean): string =>
  gap.apps
    .filter((presence) => (presence.status === "enabled") === enabled)
    .map(
      (presence) =>
        `${presence.app} (${presence.user?.pendingInvite ? "pending invite" : presence.status}${presence.admin ? ", admin" : ""})`,
    )
    .join("; ");
const GAP_COLUMNS: Array<Column<Gap>> = [
  { key: "email", title: "Email", value: (gap) => gap.email },
  { key: "name", title: "Name", value: (gap) => gap.apps.find((presence) => presence.displayName)?.displayName ?? "" },
  { key: "enabledIn", title: "Still enabled in", value: (gap) => presences(gap, true) },
  { key: "notEnabledIn", title: "Not enabled in", value: (gap) => presences(gap, false) },
];

/** `GET /api/offboarding-gaps`: `idsync review -f FILE…`'s offboarding gaps as a table; empty with one app. */
const offboardingGaps: Route = (context) => {
  const { apps } = context;
  if (!gapsBuilt.has(apps)) {
    const across = new PeopleAcrossApps();
    if (apps.size > 1) for (const app of apps.values()) across.add(app.reader, app.sync, app.name);
    gapsBuilt.set(apps, apps.size > 1 ? across.gaps().map(gapJson) : []);
  }
  return answerTable(
    gapsBuilt.get(apps)!,
    GAP_COLUMNS,
    tableQuery(context.params),
    (gap) => ({ ...gap, key: `email:${gap.email}` }),
    { name: "offboarding-gaps" },
  );
};

export const PEOPLE_ROUTES: Readonly<Record<string, Route>> = {
  "/api/people": people,
  "/api/person": person,
  "/api/offboarding-gaps": offboardingGaps,
};

/**
 * @module
 * The seeded Runlayer instance: Super Admins (one holds the admin key), a Security Admin who is
 * also a Developer, Helpdesk users, IT and Analytics Admins, Developers (one holds the developer
 * key), inactive users, users who never signed in or did long ago, Server Admins on a few MCP
 * servers, and an organization key. Same seed, size and reference date, same instance, always.
 */

import {
  createRandom,
  dealer,
  hashSeed,
  referenceDateOf,
  rosterSlice,
  touch,
  type Person,
  type Random,
} from "../_kit/index.ts";
import { createRoles } from "./roles.ts";
import {
  newOrgKey,
  newPersonalKey,
  newServers,
  newUser,
  orgAssignment,
  PRODUCT,
  serverAssignment,
  sortAssignments,
  type SignIn,
} from "./seed.ts";
import type { RoleKey, RunlayerAssignment, RunlayerServer, RunlayerTenant, RunlayerUser } from "./tenant-types.ts";

/** @default users of the instance */
export const DEFAULT_USERS = 60;
/** Below this the fixtures no longer fit; smaller sizes are raised. */
export const MIN_USERS = 17;

export interface RunlayerTenantOptions {
  users?: number;
  /**
   * What every date is a number of days before (`SimulatorOptions.referenceDate`).
   * @default the start of the current UTC day
   */
  referenceDate?: Date;
}

/** Everyone, sorted into the roles and states the instance must show. */
interface Cast {
  superAdmins: Person[];
  securityDeveloper: Person;
  securityAdmins: Person[];
  helpdesk: Person[];
  developerKeyHolder: Person;
  itAdmins: Person[];
  analyticsAdmins: Person[];
  developers: Person[];
  serverAdmin: Person;
  inactive: Person[];
  neverSignedIn: Person[];
  /** Active, last signed in more than 90 days ago. */
  stale: Person[];
  /** Plain Users, active and signed in. */
  regular: Person[];
}

function castPeople(rng: Random, people: readonly Person[]): Cast {
  const { share, take, one, rest } = dealer(rng, people);
  const cast: Omit<Cast, "regular"> = {
    superAdmins: take(share(0.03, 2)),
    securityDeveloper: one(),
    securityAdmins: take(share(0.02, 0)),
    helpdesk: take(share(0.04, 2)),
    developerKeyHolder: one(),
    itAdmins: take(share(0.03, 1)),
    analyticsAdmins: take(share(0.02, 1)),
    developers: take(share(0.25, 1)),
    serverAdmin: one(),
    inactive: take(share(0.07, 1)),
    neverSignedIn: take(share(0.08, 1)),
    stale: take(share(0.05, 1)),
  };
  return { ...cast, regular: rest() };
}

/** Server Admins: the fixture on the first two servers, two developers on the first and third. */
function serverAdmins(
  fixtureId: string,
  developers: readonly RunlayerUser[],
  servers: readonly RunlayerServer[],
): RunlayerAssignment[] {
  const [first, second, third] = servers;
  if (!first || !second || !third) throw new Error("the instance needs at least three MCP servers");
  const out = [serverAssignment(fixtureId, first.id), serverAssignment(fixtureId, second.id)];
  const [a, b] = developers;
  if (a) out.push(serverAssignment(a.id, first.id));
  if (b) out.push(serverAssignment(b.id, third.id));
  return out;
}

/** Seeds generation 0 of the instance. */
export function createRunlayerTenant(seed: number, options: RunlayerTenantOptions = {}): RunlayerTenant {
  const userCount = Math.max(MIN_USERS, Math.floor(options.users ?? DEFAULT_USERS));
  const referenceDate = referenceDateOf(options);
  const rng = createRandom(hashSeed(seed, PRODUCT, "tenant"));
  const people = rosterSlice(seed, PRODUCT, userCount);
  const cast = castPeople(rng.fork("cast"), people);
  const userRng = rng.fork("users");
  const byPerson = new Map<Person, RunlayerUser>();
  const inactive = new Set(cast.inactive);
  // Deactivated users stopped signing in long ago, as did the stale ones; everyone else did lately.
  const signIns = new Map<Person, SignIn>([
    ...cast.neverSignedIn.map((p): [Person, SignIn] => [p, "never"]),
    ...[...cast.stale, ...cast.inactive].map((p): [Person, SignIn] => [p, "stale"]),
  ]);
  for (const person of people) {
    byPerson.set(
      person,
      newUser(userRng, person, referenceDate, {
        active: !inactive.has(person),
        signIn: signIns.get(person) ?? "recent",
      }),
    );
  }
  const users = [...byPerson.values()].sort((a, b) =>
    a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : 0,
  );
  const user = (person: Person): RunlayerUser => byPerson.get(person) as RunlayerUser;

  const roles = createRoles(rng.fork("roles"));
  const servers = newServers(rng.fork("servers"));
  const assignments: RunlayerAssignment[] = [];
  const give = (persons: readonly Person[], ...keys: RoleKey[]): void => {
    for (const person of persons) for (const key of keys) assignments.push(orgAssignment(user(person).id, key));
  };
  give(cast.superAdmins, "super_admin");
  give([cast.securityDeveloper], "security_admin", "developer");
  give(cast.securityAdmins, "security_admin");
  give(cast.helpdesk, "helpdesk");
  give([cast.developerKeyHolder, ...cast.developers], "developer");
  give(cast.itAdmins, "it_admin");
  give(cast.analyticsAdmins, "analytics_admin", "user");
  give([cast.serverAdmin, ...cast.inactive, ...cast.neverSignedIn, ...cast.stale, ...cast.regular], "user");
  assignments.push(...serverAdmins(user(cast.serverAdmin).id, cast.developers.map(user), servers));
  sortAssignments(
    assignments,
    roles.map((role) => role.key),
    users,
  );

  const keys = rng.fork("keys");
  const adminKey = newPersonalKey(keys);
  const developerKey = newPersonalKey(keys);
  const orgKey = newOrgKey(keys);
  const first = (persons: readonly Person[]): string => user(persons[0] as Person).id;
  const superAdminId = first(cast.superAdmins);
  const developerId = user(cast.developerKeyHolder).id;

  return {
    seed,
    referenceDate,
    generation: 0,
    adminKey,
    developerKey,
    orgKey,
    apiKeys: {
      [adminKey]: { kind: "personal", userId: superAdminId },
      [developerKey]: { kind: "personal", userId: developerId },
      [orgKey]: { kind: "organization", roles: ["deploy"] },
    },
    users,
    roles,
    servers,
    assignments,
    fixtures: {
      superAdminId,
      otherSuperAdminId: user(cast.superAdmins[1] as Person).id,
      securityDeveloperId: user(cast.securityDeveloper).id,
      helpdeskId: first(cast.helpdesk),
      developerId,
      inactiveId: first(cast.inactive),
      neverSignedInId: first(cast.neverSignedIn),
      staleLoginId: first(cast.stale),
      serverAdminId: user(cast.serverAdmin).id,
    },
    rosterDrawn: userCount,
    mutations: [],
  };
}

/** Lookups every request needs, built once per tenant state. */
export interface TenantIndex {
  /** The role keys each user holds, in catalogue order, each once (what `roles` shows on a user). */
  roles: Map<string, RoleKey[]>;
  /** The organization-wide role keys each user holds, for permission checks. */
  organizationRoles: Map<string, Set<RoleKey>>;
  usersById: Map<string, RunlayerUser>;
  /** Each user's assignments, in listing order. */
  assignmentsByUser: Map<string, RunlayerAssignment[]>;
  /** The assignments of each role, in listing order. */
  assignmentsByRole: Map<RoleKey, RunlayerAssignment[]>;
}

const indexes = new WeakMap<RunlayerTenant, { stamp: string; index: TenantIndex }>();

/**
 * The tenant's lookups, reused until the tenant changes: scanning 20,000 users and their
 * assignments on every request made each one cost ~100 ms. Every change to the tenant goes
 * through `mutate()`, which logs a mutation, so the stamp sees it.
 */
export function tenantIndex(tenant: RunlayerTenant): TenantIndex {
  const stamp = `${tenant.mutations.length}:${tenant.assignments.length}:${tenant.users.length}`;
  const cached = indexes.get(tenant);
  if (cached?.stamp === stamp) return cached.index;
  const organizationRoles = new Map<string, Set<RoleKey>>();
  for (const assignment of tenant.assignments) {
    if (assignment.scope_type !== "organization") continue;
    let keys = organizationRoles.get(assignment.user_id);
    if (!keys) organizationRoles.set(assignment.user_id, (keys = new Set()));
    keys.add(assignment.role);
  }
  const assignmentsByUser = new Map<string, RunlayerAssignment[]>();
  const assignmentsByRole = new Map<RoleKey, RunlayerAssignment[]>();
  for (const assignment of tenant.assignments) {
    let mine = assignmentsByUser.get(assignment.user_id);
    if (!mine) assignmentsByUser.set(assignment.user_id, (mine = []));
    mine.push(assignment);
    let ofRole = assignmentsByRole.get(assignment.role);
    if (!ofRole) assignmentsByRole.set(assignment.role, (ofRole = []));
    ofRole.push(assignment);
  }
  const index: TenantIndex = {
    roles: buildRoleIndex(tenant),
    organizationRoles,
    usersById: new Map(tenant.users.map((user) => [user.id, user])),
    assignmentsByUser,
    assignmentsByRole,
  };
  touch(tenant, 3 * tenant.assignments.length + tenant.users.length);
  indexes.set(tenant, { stamp, index });
  return index;
}

/** The role keys each user holds, in catalogue order, each once (what `roles` shows on a user). */
export function roleIndex(tenant: RunlayerTenant): Map<string, RoleKey[]> {
  return tenantIndex(tenant).roles;
}

function buildRoleIndex(tenant: RunlayerTenant): Map<string, RoleKey[]> {
  const held = new Map<string, Set<RoleKey>>();
  for (const assignment of tenant.assignments) {
    let keys = held.get(assignment.user_id);
    if (!keys) held.set(assignment.user_id, (keys = new Set()));
    keys.add(assignment.role);
  }
  const order = tenant.roles.map((role) => role.key);
  return new Map([...held].map(([userId, keys]) => [userId, order.filter((key) => keys.has(key))]));
}

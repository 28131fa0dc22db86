/**
 * @module
 * Seeds the main organization: admins, members with custom roles, pending invites, people who never
 * signed in or did long ago, a member holding a role id `/roles` does not return, organization API
 * keys (unused, stale, custom-role, in a team), teams (one empty, one with API keys), and
 * projects with their role assignments (see `seed-projects.ts`).
 */

import { DEPARTMENT_NAMES, dealer, type Person, type Random } from "../_kit/index.ts";
import { isoDaysAgo, newApiKey, newPerson, type ApiKeySpec, type SignIn } from "./seed-accounts.ts";
import { seedProjects } from "./seed-projects.ts";
import type {
  Env0ApiKey,
  Env0Fixtures,
  Env0Membership,
  Env0Organization,
  Env0Person,
  Env0Role,
  Env0Team,
} from "./tenant-types.ts";

/** Custom roles of the main organization; permission names as the Terraform provider's tests use them. */
const CUSTOM_ROLES: readonly Omit<Env0Role, "id" | "organizationId">[] = [
  {
    name: "Platform Engineer",
    permissions: [
      "VIEW_ORGANIZATION",
      "CREATE_PROJECT",
      "VIEW_PROJECT",
      "EDIT_PROJECT_SETTINGS",
      "CREATE_AND_EDIT_TEMPLATES",
      "RUN_PLAN",
      "RUN_APPLY",
      "ABORT_DEPLOYMENT",
    ],
    isDefaultRole: false,
  },
  {
    name: "Auditor",
    permissions: ["VIEW_ORGANIZATION", "VIEW_PROJECT", "VIEW_DASHBOARD", "VIEW_AUDIT_LOGS"],
    isDefaultRole: false,
  },
  { name: "Developer", permissions: ["VIEW_PROJECT", "RUN_PLAN", "READ_STATE"], isDefaultRole: true },
];
const EXTRA_TEAM_NAMES = [
  "Platform",
  "SRE",
  "Release Engineering",
  "Data Platform",
  "Frontend Guild",
  "Backend Guild",
  "On-call",
  "Contractors",
  "Interns",
  "Alumni",
];

interface Cast {
  admin: Person;
  admins: Person[];
  member: Person;
  platform: Person[];
  auditors: Person[];
  developers: Person[];
  orphan: Person;
  invited: Person[];
  neverSignedIn: Person[];
  stale: Person[];
  /** Active, role User, recent sign-in; the first is the two-team fixture. */
  regular: Person[];
}

function castPeople(rng: Random, people: readonly Person[]): Cast {
  const { share, take, one, rest } = dealer(rng, people);
  const cast: Omit<Cast, "regular"> = {
    admin: one(),
    admins: take(share(0.05, 2) - 1),
    member: one(),
    platform: take(share(0.08, 1)),
    auditors: take(share(0.04, 1)),
    developers: take(people.length >= 30 ? share(0.03, 1) : 0),
    orphan: one(),
    invited: take(share(0.08, 2)),
    neverSignedIn: take(share(0.03, 1)),
    stale: take(share(0.1, 2)),
  };
  return { ...cast, regular: rest() };
}

function teamNames(rng: Random, count: number): string[] {
  const names = [...rng.shuffle(DEPARTMENT_NAMES), ...EXTRA_TEAM_NAMES];
  return Array.from({ length: count }, (_, index) => names[index] ?? `Team ${index + 1}`);
}

function buildTeams(
  rng: Random,
  organizationId: string,
  people: readonly Person[],
  userIdOf: (person: Person) => string,
  cast: Cast,
  keys: readonly Env0ApiKey[],
  count: number,
): Env0Team[] {
  const teams: Env0Team[] = teamNames(rng, count).map((name) => ({
    id: rng.uuid(),
    name,
    description: `${name} team`,
    organizationId,
    memberIds: [],
  }));
  // The last team stays empty: a team without members is legal and must sync as such.
  const populated = teams.slice(0, -1);
  // A set per team beside its list: a team of a large department holds thousands of people.
  const joined = new Map(teams.map((team) => [team, new Set<string>()]));
  const join = (team: Env0Team, id: string): void => {
    const members = joined.get(team) as Set<string>;
    if (members.has(id)) return;
    members.add(id);
    team.memberIds.push(id);
  };
  for (const person of people) {
    const own = populated.find((team) => team.name === person.department);
    if (own && rng.chance(0.8)) join(own, userIdOf(person));
    if (rng.chance(0.15)) join(rng.pick(populated), userIdOf(person));
  }
  const regularIds = cast.regular.map(userIdOf);
  for (const team of populated) if (team.memberIds.length === 0) join(team, rng.pick(regularIds));
  const [first, second] = populated;
  if (!first || !second) throw new Error("the main organization needs at least two populated teams");
  for (const team of [first, second]) join(team, regularIds[0] as string);
  // "can also be an id of a 'User' API key" (the Terraform provider's env0_user_team_assignment).
  for (const key of keys) join(first, key.id);
  return teams;
}

export interface MainOrganizationSeed {
  organization: Env0Organization;
  people: Env0Person[];
  fixtures: Env0Fixtures;
  /** The credential half of the sync key (an organization key with role Admin). */
  syncKey: Env0ApiKey;
  /** Active, role User members who are no fixture, in roster order: safe to borrow or mutate. */
  plainMemberIds: string[];
}

/** `reference`: the tenant's reference date, which every date is a number of days before. */
export function seedMainOrganization(
  rng: Random,
  people: readonly Person[],
  teamCount: number,
  reference: Date,
  projectCount: number,
): MainOrganizationSeed {
  const cast = castPeople(rng.fork("cast"), people);
  const ids = rng.fork("ids");
  const organizationId = ids.uuid();
  const roles: Env0Role[] = CUSTOM_ROLES.map((role) => ({
    ...role,
    permissions: [...role.permissions],
    id: ids.uuid(),
    organizationId,
  }));
  const [platformRole, auditorRole, developerRole] = roles as [Env0Role, Env0Role, Env0Role];
  const orphanRoleId = ids.uuid();

  const invited = new Set(cast.invited);
  const signIns = new Map<Person, SignIn>([
    ...cast.neverSignedIn.map((p): [Person, SignIn] => [p, "never"]),
    ...cast.stale.map((p): [Person, SignIn] => [p, "stale"]),
  ]);
  const roleOf = new Map<Person, string>();
  for (const person of [cast.admin, ...cast.admins]) roleOf.set(person, "Admin");
  for (const person of cast.platform) roleOf.set(person, platformRole.id);
  for (const person of cast.auditors) roleOf.set(person, auditorRole.id);
  for (const person of cast.developers) roleOf.set(person, developerRole.id);
  roleOf.set(cast.orphan, orphanRoleId);
  // The second invitee was invited straight into a custom role, as in the sheet's example.
  if (cast.invited[1]) roleOf.set(cast.invited[1], platformRole.id);

  const byPerson = new Map<Person, Env0Person>();
  for (const person of people) {
    byPerson.set(
      person,
      newPerson(ids, person, reference, { invited: invited.has(person), signIn: signIns.get(person) ?? "recent" }),
    );
  }
  const userIdOf = (person: Person): string => (byPerson.get(person) as Env0Person).userId;
  const members: Env0Membership[] = people.map((person) => ({
    userId: userIdOf(person),
    role: roleOf.get(person) ?? "User",
    status: invited.has(person) ? "Invited" : "Active",
  }));

  const adminId = userIdOf(cast.admin);
  const otherAdmin = cast.admins[0] ? userIdOf(cast.admins[0]) : adminId;
  const key = (spec: Omit<ApiKeySpec, "organizationId">): Env0ApiKey =>
    newApiKey(ids, reference, { ...spec, organizationId });
  const syncKey = key({
    name: "idsync-reader",
    role: "Admin",
    createdBy: adminId,
    createdDaysAgo: 30,
    lastUsedDaysAgo: 1,
  });
  const teamKey = key({
    name: "terraform-ci",
    role: "User",
    createdBy: otherAdmin,
    createdDaysAgo: 400,
    lastUsedDaysAgo: 0,
  });
  const customRoleKey = key({
    name: "github-actions-deploy",
    role: platformRole.id,
    createdBy: adminId,
    createdDaysAgo: 250,
    lastUsedDaysAgo: 2,
  });
  const neverUsed = key({
    name: "audit-export",
    role: auditorRole.id,
    createdBy: otherAdmin,
    createdDaysAgo: 10,
    lastUsedDaysAgo: null,
  });
  const staleUnused = key({
    name: "legacy-deploy",
    role: "Admin",
    createdBy: adminId,
    createdDaysAgo: 420,
    lastUsedDaysAgo: null,
  });
  const stale = key({
    name: "backstage-plugin",
    role: "User",
    createdBy: otherAdmin,
    createdDaysAgo: 300,
    lastUsedDaysAgo: 150,
  });
  const apiKeys = [syncKey, teamKey, customRoleKey, neverUsed, staleUnused, stale];

  const teams = buildTeams(
    rng.fork("teams"),
    organizationId,
    people,
    userIdOf,
    cast,
    [teamKey, customRoleKey],
    teamCount,
  );
  const first = (list: readonly Person[]): string => userIdOf(list[0] as Person);
  const seeded = seedProjects(
    rng.fork("projects"),
    {
      organizationId,
      adminId,
      otherAdminId: otherAdmin,
      customRoleHolderId: first(cast.platform),
      auditorId: first(cast.auditors),
      orphanRoleHolderId: userIdOf(cast.orphan),
      orphanRoleId,
      staleLoginId: first(cast.stale),
      regularIds: cast.regular.map(userIdOf),
      customRoles: roles,
      teams,
      teamKeyId: teamKey.id,
    },
    projectCount,
    reference,
  );
  const organization: Env0Organization = {
    id: organizationId,
    name: "Acme Corp",
    description: "Acme Corp's infrastructure organization",
    createdAt: isoDaysAgo(ids, reference, 1600),
    createdBy: adminId,
    members,
    apiKeys,
    roles,
    teams,
    projects: seeded.projects,
  };
  const fixtures: Env0Fixtures = {
    adminId,
    memberId: userIdOf(cast.member),
    customRoleHolderId: first(cast.platform),
    secondCustomRoleHolderId: first(cast.auditors),
    invitedId: first(cast.invited),
    invitedCustomRoleId: userIdOf(cast.invited[1] as Person),
    neverSignedInId: first(cast.neverSignedIn),
    staleLoginId: first(cast.stale),
    orphanRoleHolderId: userIdOf(cast.orphan),
    orphanRoleId,
    teamMemberId: first(cast.regular),
    apiKeyTeamId: (teams[0] as Env0Team).id,
    emptyTeamId: (teams.at(-1) as Env0Team).id,
    syncKeyId: syncKey.id,
    neverUsedKeyId: neverUsed.id,
    staleUnusedKeyId: staleUnused.id,
    customRoleKeyId: customRoleKey.id,
    teamKeyId: teamKey.id,
    ...seeded.fixtures,
  };
  const plain = new Set(cast.regular.slice(1));
  return {
    organization,
    people: people.map((person) => byPerson.get(person) as Env0Person),
    fixtures,
    syncKey,
    plainMemberIds: people.filter((person) => plain.has(person)).map(userIdOf),
  };
}

/**
 * @module
 * The seeded env0 tenant: the main organization (see `seed-main.ts`), a small second organization
 * the admin's personal key also sees, the credentials tests use, and the views they read
 * their expectations from.
 */

import { createRandom, hashSeed, referenceDateOf, rosterJoiners, rosterSlice, type Random } from "../_kit/index.ts";
import { seedMainOrganization } from "./seed-main.ts";
import { DEFAULT_PROJECTS, MIN_PROJECTS } from "./seed-projects.ts";
import { isoDaysAgo, newApiKey, newCredentialParts, newPerson, PRODUCT } from "./seed-accounts.ts";
import type {
  Env0Credential,
  Env0Organization,
  Env0Person,
  Env0PersonalKey,
  Env0Principal,
  Env0Tenant,
} from "./tenant-types.ts";

/** @default members of the main organization */
export const DEFAULT_USERS = 60;
/** @default teams of the main organization */
export const DEFAULT_GROUPS = 8;
/** Below this the fixtures (two admins, custom roles, invites, stale logins…) no longer fit. */
export const MIN_USERS = 14;
/** An empty team plus two populated ones, so that one member can sit in two teams. */
export const MIN_GROUPS = 3;

export interface Env0TenantOptions {
  users?: number;
  groups?: number;
  /** Projects of the main organization, sub-projects included. @default DEFAULT_PROJECTS */
  projects?: number;
  /**
   * What every date is a number of days before (`SimulatorOptions.referenceDate`).
   * @default the start of the current UTC day
   */
  referenceDate?: Date;
}

/**
 * "Acme Labs": the main admin as a plain User, a few main members, newcomers only found here (one
 * still invited), one team, and its own Admin organization key — the outsider key.
 */
function seedSecondOrganization(
  rng: Random,
  seed: number,
  reference: Date,
  adminId: string,
  borrowable: readonly string[],
  drawn: number,
  people: Map<string, Env0Person>,
): { organization: Env0Organization; drawn: number } {
  const organizationId = rng.uuid();
  const newcomers = rosterJoiners(seed, PRODUCT, drawn, 4).map((person, index, all) =>
    newPerson(rng, person, reference, { invited: index === all.length - 1 }),
  );
  for (const person of newcomers) people.set(person.userId, person);
  const [labAdmin] = newcomers;
  if (!labAdmin) throw new Error("the second organization needs an admin");
  const guests = borrowable.slice(0, 3);
  const members = [
    { userId: labAdmin.userId, role: "Admin", status: "Active" as const },
    { userId: adminId, role: "User", status: "Active" as const },
    ...guests.map((userId) => ({ userId, role: "User", status: "Active" as const })),
    ...newcomers.slice(1).map((person, index, rest) => ({
      userId: person.userId,
      role: "User",
      status: index === rest.length - 1 ? ("Invited" as const) : ("Active" as const),
    })),
  ];
  const labKey = newApiKey(rng, reference, {
    name: "labs-automation",
    organizationId,
    role: "Admin",
    createdBy: labAdmin.userId,
    createdDaysAgo: 90,
    lastUsedDaysAgo: 3,
  });
  const organization: Env0Organization = {
    id: organizationId,
    name: "Acme Labs",
    description: "Experiments",
    createdAt: isoDaysAgo(rng, reference, 700),
    createdBy: labAdmin.userId,
    members,
    apiKeys: [labKey],
    roles: [],
    teams: [
      {
        id: rng.uuid(),
        name: "Research",
        description: "Research team",
        organizationId,
        memberIds: [labAdmin.userId, adminId, ...guests.slice(0, 1)],
      },
    ],
    projects: [],
  };
  organization.projects.push({
    id: rng.uuid(),
    name: "Default Organization Project",
    description: "Default Organization Project",
    organizationId,
    isArchived: false,
    createdAt: organization.createdAt,
    createdBy: labAdmin.userId,
    users: [{ id: rng.uuid(), userId: labAdmin.userId, role: "Admin" }],
    teams: [],
  });
  return { organization, drawn: drawn + newcomers.length };
}

function principalsOf(tenant: Env0Tenant): Env0Principal[] {
  const organization = tenant.organization;
  const teamsOf = new Map<string, string[]>();
  for (const team of organization.teams)
    for (const id of team.memberIds) teamsOf.set(id, [...(teamsOf.get(id) ?? []), team.id]);
  const members = organization.members.map((member): Env0Principal => {
    const person = tenant.people.get(member.userId);
    if (!person) throw new Error(`member ${member.userId} has no person`);
    return {
      kind: "member",
      id: member.userId,
      name: person.name,
      email: person.email,
      role: member.role,
      status: member.status,
      ...(person.lastLogin === undefined ? {} : { lastSeen: person.lastLogin }),
      teamIds: teamsOf.get(member.userId) ?? [],
    };
  });
  const keys = organization.apiKeys.map((key): Env0Principal => ({
    kind: "api-key",
    id: key.id,
    name: key.name,
    role: key.organizationRole,
    status: "Active",
    ...(key.lastUsedAt === null ? {} : { lastSeen: key.lastUsedAt }),
    teamIds: teamsOf.get(key.id) ?? [],
  }));
  return [...members, ...keys];
}

const credentialOf = (key: { apiKeyId: string; secret: string }): Env0Credential => ({
  apiKeyId: key.apiKeyId,
  secret: key.secret,
});

/** Seeds generation 0 of the tenant. Same seed and sizes, same tenant, always. */
export function createEnv0Tenant(seed: number, options: Env0TenantOptions = {}): Env0Tenant {
  const userCount = Math.max(MIN_USERS, Math.floor(options.users ?? DEFAULT_USERS));
  const teamCount = Math.max(MIN_GROUPS, Math.floor(options.groups ?? DEFAULT_GROUPS));
  const projectCount = Math.max(MIN_PROJECTS, Math.floor(options.projects ?? DEFAULT_PROJECTS));
  const referenceDate = referenceDateOf(options);
  const rng = createRandom(hashSeed(seed, PRODUCT, "tenant"));
  const main = seedMainOrganization(
    rng.fork("main"),
    rosterSlice(seed, PRODUCT, userCount),
    teamCount,
    referenceDate,
    projectCount,
  );
  const people = new Map(main.people.map((person) => [person.userId, person]));
  const second = seedSecondOrganization(
    rng.fork("second"),
    seed,
    referenceDate,
    main.fixtures.adminId,
    main.plainMemberIds,
    userCount,
    people,
  );
  const keys = rng.fork("keys");
  const personalKeys: Env0PersonalKey[] = [
    { ...newCredentialParts(keys), userId: main.fixtures.adminId },
    { ...newCredentialParts(keys), userId: main.fixtures.memberId },
  ];
  const [adminKey, memberKey] = personalKeys as [Env0PersonalKey, Env0PersonalKey];
  const outsider = second.organization.apiKeys[0];
  if (!outsider) throw new Error("the second organization needs a key");

  return {
    seed,
    referenceDate,
    generation: 0,
    organizationId: main.organization.id,
    people,
    organizations: [main.organization, second.organization],
    personalKeys,
    adminKey: credentialOf(adminKey),
    orgKey: credentialOf(main.syncKey),
    memberKey: credentialOf(memberKey),
    outsiderKey: credentialOf(outsider),
    fixtures: main.fixtures,
    rosterDrawn: second.drawn,
    mutations: [],
    get organization() {
      return this.organizations[0] as Env0Organization;
    },
    get principals() {
      return principalsOf(this);
    },
  };
}

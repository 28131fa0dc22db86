/**
 * @module
 * The seeded Clockify tenant: the main workspace (see `seed-main.ts`) plus a small second workspace
 * the owner's key also sees, the two API keys, and the views tests read their expectations from.
 */

import { createRandom, hashSeed, rosterJoiners, rosterSlice, type Random } from "../_kit/index.ts";
import { seedMainWorkspace } from "./seed-main.ts";
import { newAccount, newApiKey, newMember, PRODUCT } from "./seed-accounts.ts";
import type { ClockifyAccount, ClockifyTenant, ClockifyUser, ClockifyWorkspace } from "./tenant-types.ts";

/** @default users of the main workspace */
export const DEFAULT_USERS = 60;
/** @default user groups of the main workspace */
export const DEFAULT_GROUPS = 8;
/** Below this the fixtures (owner, two admins, one of each status…) no longer fit; smaller sizes are raised. */
export const MIN_USERS = 14;
/** An empty group plus two populated ones, so that one user can sit in two groups. */
export const MIN_GROUPS = 3;

export interface ClockifyTenantSize {
  users?: number;
  groups?: number;
}

/**
 * The second workspace: its own owner, the main owner as WORKSPACE_ADMIN, some main-workspace
 * members, and a few people who are only here (one of them still invited).
 */
function seedSecondWorkspace(
  rng: Random,
  seed: number,
  main: ClockifyWorkspace,
  accounts: Map<string, ClockifyAccount>,
  ownerId: string,
  borrowable: readonly string[],
  drawn: number,
): { workspace: ClockifyWorkspace; drawn: number } {
  const size = Math.max(6, Math.round(main.members.length / 6));
  const borrowed = borrowable.slice(0, Math.floor((size - 2) / 2));
  const newcomers = rosterJoiners(seed, PRODUCT, drawn, size - 1 - borrowed.length);
  const workspace: ClockifyWorkspace = {
    id: rng.objectId(new Date(Date.UTC(2022, 8, 12))),
    name: "Acme Labs",
    currency: "EUR",
    members: [],
    groups: [],
    projects: [],
    cakeOrganizationId: rng.objectId(),
  };
  const arrivals = newcomers.map((person, index) => {
    const invited = index === newcomers.length - 1;
    const account = newAccount(rng, person, workspace.id, invited ? "NOT_REGISTERED" : "ACTIVE");
    accounts.set(account.id, account);
    return newMember(rng, account.id, invited ? "PENDING" : "ACTIVE", workspace.currency);
  });
  const [labOwner, ...others] = arrivals;
  if (!labOwner) throw new Error("second workspace needs an owner");
  labOwner.roles.push(
    { role: "WORKSPACE_ADMIN", entityIds: [workspace.id] },
    { role: "WORKSPACE_OWN", entityIds: [workspace.id] },
  );
  const mainOwner = newMember(rng, ownerId, "ACTIVE", workspace.currency);
  mainOwner.roles.push({ role: "WORKSPACE_ADMIN", entityIds: [] });
  const guests = borrowed.map((userId) => {
    const account = accounts.get(userId);
    if (account && rng.chance(0.5)) account.activeWorkspace = workspace.id;
    return newMember(rng, userId, "ACTIVE", workspace.currency);
  });
  workspace.members = [labOwner, mainOwner, ...guests, ...others];
  const crew = [
    labOwner.userId,
    ...guests.slice(0, 2).map((member) => member.userId),
    ...others.slice(0, 1).map((member) => member.userId),
  ];
  workspace.groups = [
    { id: rng.objectId(), name: "Research", workspaceId: workspace.id, userIds: crew, teamManagerIds: [] },
  ];
  workspace.projects = [{ id: rng.objectId(), name: "Prototype", memberIds: crew }];
  return { workspace, drawn: drawn + newcomers.length };
}

function userView(tenant: ClockifyTenant, workspace: ClockifyWorkspace): ClockifyUser[] {
  const groupsOf = new Map<string, string[]>();
  for (const group of workspace.groups)
    for (const userId of group.userIds) groupsOf.set(userId, [...(groupsOf.get(userId) ?? []), group.id]);
  return workspace.members.map((member) => {
    const account = tenant.accounts.get(member.userId);
    if (!account) throw new Error(`member ${member.userId} has no account`);
    return {
      id: account.id,
      email: account.email,
      name: account.name,
      accountStatus: account.status,
      membershipStatus: member.status,
      roles: member.roles.map((grant) => grant.role),
      groupIds: groupsOf.get(account.id) ?? [],
    };
  });
}

/** Seeds generation 0 of the tenant. Same seed and sizes, same tenant, always. */
export function createClockifyTenant(seed: number, size: ClockifyTenantSize = {}): ClockifyTenant {
  const userCount = Math.max(MIN_USERS, Math.floor(size.users ?? DEFAULT_USERS));
  const groupCount = Math.max(MIN_GROUPS, Math.floor(size.groups ?? DEFAULT_GROUPS));
  const rng = createRandom(hashSeed(seed, PRODUCT, "tenant"));
  const main = seedMainWorkspace(rng.fork("main"), rosterSlice(seed, PRODUCT, userCount), groupCount);
  const accounts = new Map(main.accounts.map((account) => [account.id, account]));
  const second = seedSecondWorkspace(
    rng.fork("second"),
    seed,
    main.workspace,
    accounts,
    main.fixtures.ownerId,
    main.plainMemberIds,
    userCount,
  );
  const keys = rng.fork("keys");
  const adminKey = newApiKey(keys);
  const memberKey = newApiKey(keys);

  return {
    seed,
    generation: 0,
    workspaceId: main.workspace.id,
    adminKey,
    memberKey,
    apiKeys: { [adminKey]: main.fixtures.ownerId, [memberKey]: main.fixtures.memberId },
    accounts,
    workspaces: [main.workspace, second.workspace],
    fixtures: main.fixtures,
    rosterDrawn: second.drawn,
    mutations: [],
    get workspace() {
      return this.workspaces[0] as ClockifyWorkspace;
    },
    get users() {
      return userView(this, this.workspace);
    },
    get groups() {
      return this.workspace.groups;
    },
  };
}

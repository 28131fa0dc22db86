/**
 * @module
 * Seeds the main workspace: an owner, admins, team and project managers, a regular member (the
 * member key's user), every membership and account status of shared/apis/clockify.md ("User
 * object"), projects, and user groups (one empty, one user in two groups).
 */

import { DEPARTMENT_NAMES, dealer, type Person, type Random } from "../_kit/index.ts";
import { newAccount, newMember } from "./seed-accounts.ts";
import type {
  AccountStatus,
  ClockifyAccount,
  ClockifyFixtures,
  ClockifyGroup,
  ClockifyMember,
  ClockifyWorkspace,
  MembershipStatus,
} from "./tenant-types.ts";

const EXTRA_GROUP_NAMES = [
  "Leadership",
  "On-call",
  "Frontend Guild",
  "Backend Guild",
  "Remote",
  "Berlin Office",
  "New York Office",
  "Interns",
  "Hackathon",
  "Alumni",
];
const PROJECT_NAMES = [
  "Website Redesign",
  "Mobile App",
  "Internal Tools",
  "Data Platform",
  "Customer Onboarding",
  "Q3 Campaign",
  "Billing Revamp",
  "Support Portal",
  "Security Audit",
  "Partner API",
  "Design System",
  "Analytics",
];

/** Everyone of the main workspace, sorted into the roles and statuses the tenant must show. */
interface Cast {
  owner: Person;
  admins: Person[];
  teamManagers: Person[];
  projectManagers: Person[];
  member: Person;
  pendingInvites: Person[];
  pendingEmailVerification: Person[];
  pendingExisting: Person;
  declined: Person[];
  inactive: Person[];
  limited: Person[];
  deleted: Person[];
  limitedDeleted: Person[];
  /** ACTIVE members with an ACTIVE account and no role; the first is the two-group fixture. */
  regular: Person[];
}

function castPeople(rng: Random, people: readonly Person[]): Cast {
  const { share, take, one, rest } = dealer(rng, people);
  const cast: Omit<Cast, "regular"> = {
    owner: one(),
    admins: take(share(0.05, 2)),
    teamManagers: take(share(0.03, 1)),
    projectManagers: take(share(0.05, 1)),
    member: one(),
    pendingInvites: take(share(0.08, 1)),
    pendingEmailVerification: take(share(0.03, 1)),
    pendingExisting: one(),
    declined: take(share(0.03, 1)),
    inactive: take(share(0.07, 1)),
    limited: take(share(0.04, 1)),
    deleted: take(share(0.03, 1)),
    limitedDeleted: take(people.length >= 30 ? 1 : 0),
  };
  return { ...cast, regular: rest() };
}

function groupNames(rng: Random, count: number): string[] {
  const names = [...rng.shuffle(DEPARTMENT_NAMES), ...EXTRA_GROUP_NAMES];
  return Array.from({ length: count }, (_, index) => names[index] ?? `Team ${index + 1}`);
}

function buildGroups(
  rng: Random,
  workspace: ClockifyWorkspace,
  cast: Cast,
  accountOf: (person: Person) => ClockifyAccount,
  people: readonly Person[],
  count: number,
): ClockifyGroup[] {
  const groups: ClockifyGroup[] = groupNames(rng, count).map((name) => ({
    id: rng.objectId(),
    name,
    workspaceId: workspace.id,
    userIds: [],
    teamManagerIds: [],
  }));
  // The last group stays empty: a group without members is legal and must sync as such.
  const populated = groups.slice(0, -1);
  const joined = new Map(groups.map((group) => [group, new Set<string>()]));
  const join = (group: ClockifyGroup, userId: string): void => {
    const members = joined.get(group);
    if (members && !members.has(userId)) {
      members.add(userId);
      group.userIds.push(userId);
    }
  };
  const declined = new Set(cast.declined);
  for (const person of people) {
    if (declined.has(person)) continue;
    const ownGroup = populated.find((group) => group.name === person.department);
    if (ownGroup && rng.chance(0.85)) join(ownGroup, accountOf(person).id);
    if (rng.chance(0.15)) join(rng.pick(populated), accountOf(person).id);
  }
  const regularIds = cast.regular.map((person) => accountOf(person).id);
  for (const group of populated) if (group.userIds.length === 0) join(group, rng.pick(regularIds));
  const groupMember = regularIds[0] as string;
  for (const group of populated.slice(0, 2)) join(group, groupMember);
  for (const manager of [...cast.teamManagers, ...cast.projectManagers.slice(0, 1)]) {
    for (const group of rng.sample(populated, rng.int(1, 2))) group.teamManagerIds.push(accountOf(manager).id);
  }
  return groups;
}

export interface MainWorkspaceSeed {
  workspace: ClockifyWorkspace;
  accounts: ClockifyAccount[];
  fixtures: ClockifyFixtures;
  /** Regular members who are no fixture, in roster order: safe to borrow or mutate. */
  plainMemberIds: string[];
}

export function seedMainWorkspace(rng: Random, people: readonly Person[], groupCount: number): MainWorkspaceSeed {
  const cast = castPeople(rng.fork("cast"), people);
  const ids = rng.fork("ids");
  const workspace: ClockifyWorkspace = {
    id: ids.objectId(new Date(Date.UTC(2019, 2, 4))),
    name: "Acme Corp",
    currency: "USD",
    members: [],
    groups: [],
    projects: [],
    cakeOrganizationId: ids.objectId(),
  };
  const accounts = new Map<Person, ClockifyAccount>();
  const members = new Map<Person, ClockifyMember>();
  const statuses: [readonly Person[], AccountStatus, MembershipStatus][] = [
    [
      [cast.owner, ...cast.admins, ...cast.teamManagers, ...cast.projectManagers, cast.member, ...cast.regular],
      "ACTIVE",
      "ACTIVE",
    ],
    [cast.pendingInvites, "NOT_REGISTERED", "PENDING"],
    [cast.pendingEmailVerification, "PENDING_EMAIL_VERIFICATION", "PENDING"],
    [[cast.pendingExisting], "ACTIVE", "PENDING"],
    [cast.declined, "ACTIVE", "DECLINED"],
    [cast.inactive, "ACTIVE", "INACTIVE"],
    [cast.limited, "LIMITED", "ACTIVE"],
    [cast.deleted.slice(0, 1), "DELETED", "ACTIVE"],
    [cast.deleted.slice(1), "DELETED", "INACTIVE"],
    [cast.limitedDeleted, "LIMITED_DELETED", "INACTIVE"],
  ];
  for (const [group, accountStatus, membershipStatus] of statuses) {
    for (const person of group) {
      const account = newAccount(ids, person, workspace.id, accountStatus);
      accounts.set(person, account);
      members.set(person, newMember(ids, account.id, membershipStatus, workspace.currency));
    }
  }
  const accountOf = (person: Person): ClockifyAccount => accounts.get(person) as ClockifyAccount;
  const memberOf = (person: Person): ClockifyMember => members.get(person) as ClockifyMember;
  // Members are listed in roster order, not cast order, so a listing does not give roles away.
  workspace.members = people.map(memberOf);

  const projectCount = Math.max(3, Math.min(PROJECT_NAMES.length, Math.round(people.length / 12)));
  const staffIds = [...cast.regular, cast.member, ...cast.teamManagers].map((person) => accountOf(person).id);
  workspace.projects = PROJECT_NAMES.slice(0, projectCount).map((name) => ({
    id: ids.objectId(),
    name,
    memberIds: staffIds.filter(() => rng.chance(0.35)),
  }));

  // The owner holds both, as in the listing Clockify sends (tenant-types.ts, ROLE_NAMES).
  memberOf(cast.owner).roles.push(
    { role: "WORKSPACE_ADMIN", entityIds: [workspace.id] },
    { role: "WORKSPACE_OWN", entityIds: [workspace.id] },
  );
  // The sheet says a workspace-level role's entities "can be empty or hold the workspace": show both.
  cast.admins.forEach((person, index) =>
    memberOf(person).roles.push({ role: "WORKSPACE_ADMIN", entityIds: index % 2 === 0 ? [] : [workspace.id] }),
  );
  for (const person of cast.teamManagers) memberOf(person).roles.push({ role: "TEAM_MANAGER", entityIds: [] });
  for (const person of cast.projectManagers) {
    const managed = rng.sample(workspace.projects, rng.int(1, 2));
    for (const project of managed) project.memberIds.push(accountOf(person).id);
    memberOf(person).roles.push({ role: "PROJECT_MANAGER", entityIds: managed.map((project) => project.id) });
  }
  const multiRole = cast.projectManagers[0] as Person;
  memberOf(multiRole).roles.push({ role: "TEAM_MANAGER", entityIds: [] });
  workspace.groups = buildGroups(rng.fork("groups"), workspace, cast, accountOf, people, groupCount);

  const biggest = [...workspace.groups].sort(
    (left, right) => right.userIds.length - left.userIds.length,
  )[0] as ClockifyGroup;
  const firstOf = (list: readonly Person[]): string => accountOf(list[0] as Person).id;
  const fixtures: ClockifyFixtures = {
    ownerId: accountOf(cast.owner).id,
    adminId: firstOf(cast.admins),
    teamManagerId: firstOf(cast.teamManagers),
    projectManagerId: accountOf(cast.projectManagers.at(-1) as Person).id,
    multiRoleId: accountOf(multiRole).id,
    memberId: accountOf(cast.member).id,
    pendingInviteId: firstOf(cast.pendingInvites),
    pendingEmailVerificationId: firstOf(cast.pendingEmailVerification),
    pendingExistingAccountId: accountOf(cast.pendingExisting).id,
    declinedId: firstOf(cast.declined),
    inactiveId: firstOf(cast.inactive),
    limitedId: firstOf(cast.limited),
    deletedId: firstOf(cast.deleted),
    groupMemberId: firstOf(cast.regular),
    populatedGroupId: biggest.id,
    emptyGroupId: (workspace.groups.at(-1) as ClockifyGroup).id,
  };
  const plain = new Set(cast.regular.slice(1));
  const plainMemberIds = people.filter((person) => plain.has(person)).map((person) => accountOf(person).id);
  return { workspace, accounts: people.map(accountOf), fixtures, plainMemberIds };
}

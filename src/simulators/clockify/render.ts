/**
 * @module
 * The JSON Clockify sends for users, workspaces and user groups, field for field as in
 * shared/apis/clockify.md ("User object", "User group object") and the official spec's
 * `UserDtoV1`, `MembershipDtoV1`, `UserGroupDtoV1` and `Workspace` schemas.
 */

import { indexOnce, touch } from "../_kit/index.ts";
import { tenantStamp } from "./state.ts";
import type { MembershipsOption } from "./users-query.ts";
import type {
  ClockifyAccount,
  ClockifyGroup,
  ClockifyMember,
  ClockifyTenant,
  ClockifyWorkspace,
} from "./tenant-types.ts";

interface MembershipJson {
  userId: string;
  targetId: string;
  membershipType: "WORKSPACE" | "PROJECT" | "USERGROUP";
  membershipStatus: string;
  hourlyRate: ClockifyMember["hourlyRate"];
  costRate: ClockifyMember["costRate"];
}

/** Looks up a user's memberships of the requested kinds. */
export type MembershipLookup = (userId: string, option: MembershipsOption) => MembershipJson[];

/**
 * Indexes every membership once per tenant state (a page must not scan the tenant). Memberships span every workspace the simulator holds, so a connector must pick the WORKSPACE one
 * whose `targetId` is its workspace, as the sheet says.
 */
export function indexMemberships(tenant: ClockifyTenant): MembershipLookup {
  return indexOnce(tenant, "memberships", tenantStamp(tenant), () => buildMembershipLookup(tenant));
}

function buildMembershipLookup(tenant: ClockifyTenant): MembershipLookup {
  let count = 0;
  const byUser = new Map<string, MembershipJson[]>();
  const add = (membership: MembershipJson): void => {
    count++;
    const list = byUser.get(membership.userId);
    if (list) list.push(membership);
    else byUser.set(membership.userId, [membership]);
  };
  for (const workspace of tenant.workspaces) {
    for (const member of workspace.members) {
      add({
        userId: member.userId,
        targetId: workspace.id,
        membershipType: "WORKSPACE",
        membershipStatus: member.status,
        hourlyRate: member.hourlyRate,
        costRate: member.costRate,
      });
    }
    for (const project of workspace.projects) {
      for (const userId of project.memberIds)
        add({
          userId,
          targetId: project.id,
          membershipType: "PROJECT",
          membershipStatus: "ACTIVE",
          hourlyRate: null,
          costRate: null,
        });
    }
    for (const group of workspace.groups) {
      for (const userId of group.userIds)
        add({
          userId,
          targetId: group.id,
          membershipType: "USERGROUP",
          membershipStatus: "ACTIVE",
          hourlyRate: null,
          costRate: null,
        });
    }
  }
  const order = { WORKSPACE: 0, PROJECT: 1, USERGROUP: 2 } as const;
  for (const list of byUser.values())
    list.sort((left, right) => order[left.membershipType] - order[right.membershipType]);
  touch(tenant, count);
  return (userId, option) => {
    if (option === "NONE") return [];
    const all = byUser.get(userId) ?? [];
    return option === "ALL"
      ? all.map((membership) => ({ ...membership }))
      : all.filter((membership) => membership.membershipType === option).map((membership) => ({ ...membership }));
  };
}

/**
 * `formatterRoleName`, the role as Clockify's pages name it. PyClockifyClient's recorded listing
 * (tests/test_user.py) shows "Admin" for both WORKSPACE_ADMIN and WORKSPACE_OWN; the managers'
 * names are an ASSUMPTION. A value the seed never gives is shown as it is.
 */
const FORMATTED_ROLE_NAMES: Record<string, string> = {
  WORKSPACE_OWN: "Admin",
  WORKSPACE_ADMIN: "Admin",
  TEAM_MANAGER: "Team manager",
  PROJECT_MANAGER: "Project manager",
};

interface RoleEntityJson {
  id: string;
  name: string;
  source: null;
}

/**
 * `roles` under include-roles=true: `[{role, entities:[{id, name, source}], formatterRoleName}]`,
 * the shape of PyClockifyClient's recorded listing (tests/test_user.py) and of clockify-cli's
 * `dto.Role` (api/dto/dto.go). The owner holds WORKSPACE_ADMIN and WORKSPACE_OWN, each with the
 * workspace as its one entity, named "" as in that recording.
 */
export function rolesOf(
  tenant: ClockifyTenant,
  workspace: ClockifyWorkspace,
  member: ClockifyMember,
): { role: string; entities: RoleEntityJson[]; formatterRoleName: string }[] {
  const nameOf = (id: string): string | undefined =>
    id === workspace.id
      ? ""
      : (workspace.projects.find((project) => project.id === id)?.name ?? tenant.accounts.get(id)?.name);
  return member.roles.map((grant) => {
    // A team manager's entities are the people they manage: the members of the groups they lead.
    const ids =
      grant.role === "TEAM_MANAGER"
        ? [
            ...new Set(
              workspace.groups
                .filter((group) => group.teamManagerIds.includes(member.userId))
                .flatMap((group) => group.userIds),
            ),
          ].filter((id) => id !== member.userId)
        : grant.entityIds;
    const entities = ids.flatMap((id) => {
      const name = nameOf(id);
      return name === undefined ? [] : [{ id, name, source: null }];
    });
    return { role: grant.role, entities, formatterRoleName: FORMATTED_ROLE_NAMES[grant.role] ?? grant.role };
  });
}

export interface RenderUserOptions {
  lookup: MembershipLookup;
  memberships: MembershipsOption;
  /** Include `roles` for this workspace membership (include-roles=true). */
  roles?: { workspace: ClockifyWorkspace; member: ClockifyMember };
}

export function renderUser(
  tenant: ClockifyTenant,
  account: ClockifyAccount,
  options: RenderUserOptions,
): Record<string, unknown> {
  return {
    id: account.id,
    email: account.email,
    name: account.name,
    memberships: options.lookup(account.id, options.memberships),
    profilePicture: account.profilePicture,
    activeWorkspace: account.activeWorkspace,
    defaultWorkspace: account.defaultWorkspace,
    settings: {
      weekStart: account.weekStart,
      timeZone: account.timeZone,
      timeFormat: account.timeFormat,
      dateFormat: account.dateFormat,
      sendNewsletter: false,
      weeklyUpdates: false,
      longRunning: false,
      scheduledReports: true,
      approval: false,
      pto: true,
      alerts: true,
      reminders: true,
      timeTrackingManual: false,
      summaryReportSettings: { group: "PROJECT", subgroup: "TIME_ENTRY" },
      isCompactViewOn: false,
      dashboardSelection: "ME",
      dashboardViewType: "PROJECT",
      dashboardPinToTop: false,
      projectListCollapse: 50,
      collapseAllProjectLists: false,
      groupSimilarEntriesDisabled: false,
      myStartOfDay: "09:00",
      projectPickerTaskFilter: false,
      lang: "EN",
      multiFactorEnabled: false,
      theme: "DEFAULT",
      scheduling: false,
      onboarding: false,
      showOnlyWorkingDays: false,
    },
    status: account.status,
    customFields: [],
    ...(options.roles ? { roles: rolesOf(tenant, options.roles.workspace, options.roles.member) } : {}),
  };
}

/**
 * A workspace as `GET /workspaces` and `GET /workspaces/{id}` send it. ASSUMPTION: `memberships`
 * holds only the caller's own WORKSPACE membership (the sheet is silent; the spec example is empty).
 */
export function renderWorkspace(workspace: ClockifyWorkspace, caller: ClockifyMember): Record<string, unknown> {
  const zero = { amount: 0, currency: workspace.currency };
  return {
    id: workspace.id,
    name: workspace.name,
    hourlyRate: zero,
    costRate: zero,
    memberships: [
      {
        userId: caller.userId,
        targetId: workspace.id,
        membershipType: "WORKSPACE",
        membershipStatus: caller.status,
        hourlyRate: caller.hourlyRate,
        costRate: caller.costRate,
      },
    ],
    workspaceSettings: {
      timeRoundingInReports: false,
      onlyAdminsSeeBillableRates: true,
      onlyAdminsCreateProject: true,
      onlyAdminsSeeDashboard: false,
      defaultBillableProjects: true,
      lockTimeEntries: null,
      round: { round: "Round to nearest", minutes: "15" },
      projectFavorites: true,
      canSeeTimeSheet: true,
      canSeeTracker: true,
      forceProjects: false,
      forceTasks: false,
      forceTags: false,
      forceDescription: false,
      onlyAdminsSeeAllTimeEntries: false,
      onlyAdminsSeePublicProjectsEntries: false,
      trackTimeDownToSecond: true,
      projectGroupingLabel: "client",
      adminOnlyPages: [],
      automaticLock: null,
      onlyAdminsCreateTag: false,
      onlyAdminsCreateTask: false,
      timeTrackingMode: "DEFAULT",
      isProjectPublicByDefault: true,
      durationFormat: "FULL",
      workingDays: ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY"],
    },
    imageUrl: "",
    featureSubscriptionType: "PRO_YEAR_2021",
    features: [
      "ADD_TIME_FOR_OTHERS",
      "ADMIN_PANEL",
      "ALERTS",
      "APPROVAL",
      "BULK_EDIT",
      "CUSTOM_FIELDS",
      "GROUP_ROLE_MANAGERS",
      "USER_GROUPS",
    ],
    currencies: [
      { id: `${workspace.cakeOrganizationId.slice(0, 16)}c0ffee00`, code: workspace.currency, isDefault: true },
    ],
    subdomain: { name: null, enabled: false },
    cakeOrganizationId: workspace.cakeOrganizationId,
  };
}

/** `{id, name}` of a user (the spec's UserRedactedDtoV1), or nothing if the user is gone. */
function redacted(tenant: ClockifyTenant, id: string): { id: string; name: string }[] {
  const name = tenant.accounts.get(id)?.name;
  return name === undefined ? [] : [{ id, name }];
}

/** A user group; `teamManagers` only with includeTeamManagers=true (clockify.md, "User group object"). */
export function renderGroup(
  tenant: ClockifyTenant,
  group: ClockifyGroup,
  includeTeamManagers: boolean,
): Record<string, unknown> {
  return {
    id: group.id,
    name: group.name,
    workspaceId: group.workspaceId,
    userIds: [...group.userIds],
    ...(includeTeamManagers ? { teamManagers: group.teamManagerIds.flatMap((id) => redacted(tenant, id)) } : {}),
  };
}

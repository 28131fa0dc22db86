/**
 * @module
 * User groups (shared/apis/clockify.md, "User group object"). Each group has two entitlements:
 * `member`, granted to the users in its `userIds`, and `manager`, granted to its team managers
 * (`teamManagers: [{id, name}]`, sent with includeTeamManagers=true: the OpenAPI at
 * docs.clockify.me, operation getUserGroups, schema UserGroupDtoV1). A team manager of a group
 * sees and manages its members' time, so a reviewer must see who manages each group.
 */
import { newEntitlement, newGrant, newGroupResource, type Entitlement, type Resource, type ResourceSyncer } from "../../core/kit.ts";
import type { ApiGroup } from "./client.ts";
import { GroupMembersLookup, type GroupsSource } from "./group-members.ts";
import { cursorFromToken, readPage } from "./paging.ts";
import { groupType, userType } from "./resource-types.ts";

export type { GroupsSource } from "./group-members.ts";

export const MEMBER_SLUG = "member";
export const MANAGER_SLUG = "manager";

export function toGroupResource(group: ApiGroup): Resource {
  return newGroupResource(groupType, group.id, group.name?.trim() || group.id);
}

export function toGroupEntitlements(group: Resource): Entitlement[] {
  return [
    newEntitlement(group, MEMBER_SLUG, {
      displayName: `${group.displayName} member`,
      description: `Member of the Clockify user group ${group.displayName}`,
      grantableTo: [userType],
    }),
    newEntitlement(group, MANAGER_SLUG, {
      displayName: `${group.displayName} manager`,
      description: `Team manager of the Clockify user group ${group.displayName}: sees and manages its members' time`,
      grantableTo: [userType],
    }),
  ];
}

export function groupsSyncer(source: GroupsSource, pageSize: number): ResourceSyncer {
  const lookup = new GroupMembersLookup(source, pageSize);
  return {
    resourceType: groupType,
    async list(ctx, { pageToken }) {
      const cursor = cursorFromToken(pageToken);
      const read = await readPage(() => source.groupsPage(cursor.page, pageSize, ctx.signal), cursor, pageSize, "user groups", ctx.logger);
      return { items: read.items.map(toGroupResource), nextPageToken: read.nextPageToken };
    },
    entitlements: (_ctx, group) => Promise.resolve({ items: toGroupEntitlements(group) }),
    async grants(ctx, group) {
      const people = await lookup.peopleOf(group.id.resource, ctx.signal);
      if (people === undefined) {
        // Deleted between listing and now: it has no members to report, and inventing none is right.
        ctx.logger.warn("user group no longer listed by Clockify; no member or manager grants for it", { group: group.id.resource });
        return { items: [] };
      }
      const grant = (slug: string) => (userId: string) => newGrant(group, slug, { resourceType: userType.id, resource: userId });
      return { items: [...people.memberIds.map(grant(MEMBER_SLUG)), ...people.managerIds.map(grant(MANAGER_SLUG))] };
    },
  };
}

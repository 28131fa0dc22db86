/**
 * @module
 * User groups (shared/apis/clockify.md, "User group object"): each group has one entitlement,
 * `member`, granted to the users in its `userIds`.
 */
import { newEntitlement, newGrant, newGroupResource, type Entitlement, type Resource, type ResourceSyncer } from "../../core/index.ts";
import type { ApiGroup } from "./client.ts";
import { GroupMembersLookup, type GroupsSource } from "./group-members.ts";
import { cursorFromToken, nextToken } from "./paging.ts";
import { groupType, userType } from "./resource-types.ts";

export type { GroupsSource } from "./group-members.ts";

export const MEMBER_SLUG = "member";

export function toGroupResource(group: ApiGroup): Resource {
  return newGroupResource(groupType, group.id, group.name?.trim() || group.id);
}

export function toGroupEntitlement(group: Resource): Entitlement {
  return newEntitlement(group, MEMBER_SLUG, {
    displayName: `${group.displayName} member`,
    description: `Member of the Clockify user group ${group.displayName}`,
    grantableTo: [userType],
  });
}

export function groupsSyncer(source: GroupsSource, pageSize: number): ResourceSyncer {
  const lookup = new GroupMembersLookup(source, pageSize);
  return {
    resourceType: groupType,
    async list(ctx, { pageToken }) {
      const cursor = cursorFromToken(pageToken);
      const result = await source.groupsPage(cursor.page, pageSize, ctx.signal);
      return { items: result.items.map(toGroupResource), nextPageToken: nextToken(cursor, result, "user groups") };
    },
    entitlements: (_ctx, group) => Promise.resolve({ items: [toGroupEntitlement(group)] }),
    async grants(ctx, group) {
      const members = await lookup.membersOf(group.id.resource, ctx.signal);
      if (members === undefined) {
        // Deleted between listing and now: it has no members to report, and inventing none is right.
        ctx.logger.warn("user group no longer listed by Clockify; no member grants for it", { group: group.id.resource });
        return { items: [] };
      }
      return { items: members.map((userId) => newGrant(group, MEMBER_SLUG, { resourceType: userType.id, resource: userId })) };
    },
  };
}

/**
 * @module
 * User groups (shared/apis/clockify.md, "User group object"). Each group has two entitlements:
 * `member`, granted to the users in its `userIds`, and `manager`, granted to its team managers
 * (`teamManagers: [{id, name}]`, sent with includeTeamManagers=true: the OpenAPI at
 * docs.clockify.me, operation getUserGroups, schema UserGroupDtoV1). A team manager of a group
 * sees and manages its members' time, so a reviewer must see who manages each group.
 *
 * Clockify has no "get one group" (it answers 405, "User group object"): members and managers come
 * only inside the group listing. So the grants are answered from one listing page at a time,
 * kept in a bounded cache (core's ListingCache), never the whole tenant: the engine asks for
 * groups' grants in the order they were listed (by id), so one request per page of groups serves
 * the whole grants phase. The cache holds no state a restart needs: after a resume the first
 * lookup simply fetches again. A group found on no page (deleted since it was listed) gets no
 * grants and a warning, rather than failing the sync: a resumed sync would meet the same stored
 * group and fail again forever.
 */
import {
  ListingCache,
  newEntitlement,
  newGrant,
  newGroupResource,
  numberedPage,
  type Entitlement,
  type NumberedPageAnswer,
  type Resource,
  type ResourceSyncer,
} from "../../core/kit.ts";
import type { ApiGroup, NumberedPageRequest } from "./client.ts";
import { clockifyListing } from "./paging.ts";
import { groupType, userType } from "./resource-types.ts";

/** What the groups need of the API. */
export interface GroupsSource {
  listGroups(request: NumberedPageRequest): Promise<NumberedPageAnswer<ApiGroup>>;
}

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
  const listing = clockifyListing("user groups", pageSize, ({ page, pageSize: size }, signal) =>
    source.listGroups({ page, pageSize: size, signal }),
  );
  return {
    resourceType: groupType,
    async list(ctx, { pageToken }) {
      const page = await numberedPage(listing, pageToken, ctx);
      return { items: page.items.map(toGroupResource), nextPageToken: page.nextPageToken };
    },
    entitlements: (_ctx, group) => Promise.resolve({ items: toGroupEntitlements(group) }),
    async grants(ctx, group) {
      const people = await lookup.peopleOf(group.id.resource, ctx.signal);
      if (people === undefined) {
        // Deleted between listing and now: it has no members to report, and inventing none is right.
        ctx.logger.warn("user group no longer listed by Clockify; no member or manager grants for it", {
          group: group.id.resource,
        });
        return { items: [] };
      }
      const grant = (slug: string) => (userId: string) =>
        newGrant(group, slug, { resourceType: userType.id, resource: userId });
      return { items: [...people.memberIds.map(grant(MEMBER_SLUG)), ...people.managerIds.map(grant(MANAGER_SLUG))] };
    },
  };
}

/** Who a group holds: member ids and team manager ids, each once. */
export interface GroupPeople {
  memberIds: string[];
  managerIds: string[];
}

/** A group's members and managers, looked up by group id (see the module comment). */
export class GroupMembersLookup {
  readonly #cache: ListingCache<GroupPeople>;

  /** Holds one page of groups (`pageSize` of them), as one request brings them. */
  constructor(source: GroupsSource, pageSize: number) {
    this.#cache = new ListingCache({
      capacity: pageSize,
      readPage: async (token, signal) => {
        const page = token === undefined ? 1 : Number(token);
        const result = await source.listGroups({ page, pageSize, signal });
        return { entries: [...peopleByGroup(result.items)], next: result.lastPage ? undefined : String(page + 1) };
      },
    });
  }

  /** The group's members and managers, or undefined when the group is on no page any more (deleted since it was listed). */
  peopleOf(groupId: string, signal?: AbortSignal): Promise<GroupPeople | undefined> {
    return this.#cache.take(groupId, signal);
  }
}

function peopleByGroup(groups: readonly ApiGroup[]): Map<string, GroupPeople> {
  return new Map(
    groups.map((group) => {
      const managerIds = (group.teamManagers ?? [])
        .map((manager) => manager?.id)
        .filter((id): id is string => typeof id === "string" && id !== "");
      return [group.id, { memberIds: [...new Set(group.userIds ?? [])], managerIds: [...new Set(managerIds)] }];
    }),
  );
}

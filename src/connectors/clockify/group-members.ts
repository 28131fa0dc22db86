/**
 * @module
 * Finds a user group's members and team managers for its grants. Clockify has no "get one group"
 * (it answers 405, shared/apis/clockify.md, "User group object"): both come only inside the group
 * listing (`userIds`, and `teamManagers` with includeTeamManagers=true). So
 * this keeps ONE listing page — a bounded cache (core's ListingCache), never the whole tenant — and
 * answers every group on it from there. The engine asks for groups' grants in the order they were
 * listed (by id), so one request per page of groups serves the whole grants phase.
 *
 * It holds no state a restart needs: after a resume the first lookup simply fetches again. A group
 * found on no page (deleted since it was listed) gets no member grants and a warning, rather than
 * failing the sync: a resumed sync would meet the same stored group and fail again forever.
 */
import { ListingCache } from "../../core/kit.ts";
import type { ApiGroup, ListPage } from "./client.ts";

/** What the lookup needs of the API. */
export interface GroupsSource {
  groupsPage(page: number, pageSize: number, signal?: AbortSignal): Promise<ListPage<ApiGroup>>;
}

/** Who a group holds: member ids and team manager ids, each once. */
export interface GroupPeople {
  memberIds: string[];
  managerIds: string[];
}

export class GroupMembersLookup {
  readonly #cache: ListingCache<GroupPeople>;

  /** Holds one page of groups (`pageSize` of them), as one request brings them. */
  constructor(source: GroupsSource, pageSize: number) {
    this.#cache = new ListingCache({
      capacity: pageSize,
      readPage: async (token, signal) => {
        const page = token === undefined ? 1 : Number(token);
        const result = await source.groupsPage(page, pageSize, signal);
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
      const managerIds = (group.teamManagers ?? []).map((manager) => manager?.id).filter((id): id is string => typeof id === "string" && id !== "");
      return [group.id, { memberIds: [...new Set(group.userIds ?? [])], managerIds: [...new Set(managerIds)] }];
    }),
  );
}

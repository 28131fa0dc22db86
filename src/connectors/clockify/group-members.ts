/**
 * @module
 * Finds a user group's members and team managers for its grants. Clockify has no "get one group"
 * (it answers 405, shared/apis/clockify.md, "User group object"): both come only inside the group
 * listing (`userIds`, and `teamManagers` with includeTeamManagers=true). So
 * this keeps ONE listing page — a bounded cache, never the whole tenant — and answers every group
 * on it from there. The engine asks for groups' grants in the order they were listed (by id), so
 * one request per page of groups serves the whole grants phase.
 *
 * It holds no state a restart needs: after a resume the first lookup simply fetches again. A group
 * found on no page (deleted since it was listed) gets no member grants and a warning, rather than
 * failing the sync: a resumed sync would meet the same stored group and fail again forever.
 */
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

interface CachedPage {
  page: number;
  lastPage: boolean;
  groups: Map<string, GroupPeople>;
}

export class GroupMembersLookup {
  readonly #source: GroupsSource;
  readonly #pageSize: number;
  #cached: CachedPage | undefined;
  /** Lookups run one at a time, so concurrent grants calls share a page instead of each fetching it. */
  #queue: Promise<unknown> = Promise.resolve();

  constructor(source: GroupsSource, pageSize: number) {
    this.#source = source;
    this.#pageSize = pageSize;
  }

  /** The group's members and managers, or undefined when the group is on no page any more (deleted since it was listed). */
  peopleOf(groupId: string, signal?: AbortSignal): Promise<GroupPeople | undefined> {
    const lookup = this.#queue.then(() => this.#find(groupId, signal));
    this.#queue = lookup.catch(() => undefined);
    return lookup;
  }

  async #find(groupId: string, signal: AbortSignal | undefined): Promise<GroupPeople | undefined> {
    const cached = this.#cached;
    const hit = cached?.groups.get(groupId);
    if (hit) return hit;
    // Forward from the cached page first: the next group in list order is usually on the next page.
    if (cached !== undefined && !cached.lastPage) {
      const found = await this.#scan(groupId, cached.page + 1, signal);
      if (found) return found;
    }
    // Then the whole list again: a group deleted meanwhile moves later ones to earlier pages, and
    // a second pass also gets past a page the API answered wrongly once.
    return this.#scan(groupId, 1, signal);
  }

  /** Fetches pages from `first` to the last until one holds the group, caching each in turn. */
  async #scan(groupId: string, first: number, signal: AbortSignal | undefined): Promise<GroupPeople | undefined> {
    for (let page = first; ; page++) {
      const result = await this.#source.groupsPage(page, this.#pageSize, signal);
      const cached: CachedPage = { page, lastPage: result.lastPage, groups: peopleByGroup(result.items) };
      this.#cached = cached;
      const people = cached.groups.get(groupId);
      if (people) return people;
      if (result.lastPage) return undefined;
    }
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

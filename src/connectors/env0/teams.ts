/**
 * @module
 * env0 teams as `team` (GROUP) resources with a `member` entitlement. The list is paged by env0's
 * `nextPageKey` (passed through as the page token) or, from older env0, one bare array. A
 * team's grants come from the members the listing carries: people by their user id, API keys by
 * their internal id.
 *
 * The members are found without a request per team (TeamMembersLookup, below). env0 sends each team's
 * members inside the teams listing (env0.md, "Team item"), so the members seen while listing are
 * kept — up to a bound, never a whole huge tenant — and each team's grants take them from there.
 *
 * A team not held (a resumed sync, whose listing ran in another process, or one past the bound)
 * is looked for by reading the listing again, page by page, keeping what each page holds; the
 * engine asks for teams in listed order, so one pass serves the teams that follow. A team the
 * listing no longer has was deleted since it was listed: it gets no member grants and a warning,
 * not a failed sync, which a resume would meet again forever. Only a listing that leaves
 * `users` out altogether (older env0) costs `GET /teams/{id}`.
 */
import {
  cursorPage,
  ListingCache,
  newEntitlement,
  newGrant,
  newGroupResource,
  type CursorListing,
  type Grant,
  type Page,
  type Resource,
  type ResourceSyncer,
} from "../../core/kit.ts";
import type { Env0Api, Env0Team } from "./client.ts";
import { teamType, userType } from "./resource-types.ts";
import { apiKeyResourceId, memberResourceId } from "./users.ts";

export function toTeamResource(team: Env0Team): Resource {
  return newGroupResource(teamType, team.id, team.name, {
    ...(team.description ? { description: team.description } : {}),
    profile: { teamId: team.id, ...(team.description ? { description: team.description } : {}) },
  });
}

/**
 * Which `user` resource a team member is. An API key sits in a team under its internal id (the
 * Terraform provider's env0_user_team_assignment: "can also be an id of a 'User' API key"), so
 * the organization's key ids decide; everyone else is a person.
 */
export function teamMemberResourceId(userId: string, apiKeyIds: ReadonlySet<string>): string {
  return apiKeyIds.has(userId) ? apiKeyResourceId(userId) : memberResourceId(userId);
}

export function teamsSyncer(
  client: Pick<Env0Api, "listTeams" | "getTeam" | "listApiKeys">,
  members = new TeamMembersLookup(client),
): ResourceSyncer {
  return {
    resourceType: teamType,
    async list(ctx, { pageToken }): Promise<Page<Resource>> {
      const listing: CursorListing<Resource> = {
        api: "env0",
        what: "teams",
        fetch: async (pageKey, signal) => {
          const page = await client.listTeams({ pageKey, signal });
          members.remember(page.teams);
          return { items: page.teams.map(toTeamResource), next: page.nextPageKey };
        },
      };
      return cursorPage(listing, pageToken, ctx);
    },
    entitlements(_ctx, resource) {
      return Promise.resolve({
        items: [
          newEntitlement(resource, "member", {
            displayName: `${resource.displayName} team member`,
            description: `Member of the env0 team ${resource.displayName}`,
            grantableTo: [userType],
          }),
        ],
      });
    },
    async grants(ctx, resource): Promise<Page<Grant>> {
      const [team, keys] = await Promise.all([
        members.membersOf(resource.id.resource, ctx.signal),
        client.listApiKeys({ signal: ctx.signal }),
      ]);
      if (!team.found) {
        ctx.logger.warn("team no longer listed by env0; no member grants for it", { team: resource.id.resource });
        return { items: [] };
      }
      const keyIds = new Set(keys.map((key) => key.id));
      const items: Grant[] = team.memberIds.map((userId) =>
        newGrant(resource, "member", { resourceType: userType.id, resource: teamMemberResourceId(userId, keyIds) }),
      );
      return { items };
    },
  };
}

// ── members of listed teams ──────────────────────────────────────────────────

/** Member ids held at most (about 40 bytes each): room for large organizations, a bound for huge ones. */
export const HELD_MEMBER_IDS = 200_000;

export type TeamMembers =
  | { found: true; memberIds: string[] }
  /** The listing no longer has the team: deleted since it was listed. */
  | { found: false };

/** A listed team's member ids, or null when the listing left `users` out (older env0). */
type ListedMembers = string[] | null;

export class TeamMembersLookup {
  readonly #client: Pick<Env0Api, "listTeams" | "getTeam">;
  readonly #cache: ListingCache<ListedMembers>;

  constructor(client: Pick<Env0Api, "listTeams" | "getTeam">, limit = HELD_MEMBER_IDS) {
    this.#client = client;
    this.#cache = new ListingCache<ListedMembers>({
      capacity: limit,
      weigh: (ids) => ids?.length ?? 0,
      readPage: async (pageKey, signal) => {
        const page = await client.listTeams({ pageKey, signal: signal ?? new AbortController().signal });
        return { entries: entriesOf(page.teams), next: page.nextPageKey };
      },
    });
  }

  /** Keeps the members of listed teams that carry them. */
  remember(teams: readonly Env0Team[]): void {
    this.#cache.remember(entriesOf(teams).filter(([, ids]) => ids !== null));
  }

  async membersOf(teamId: string, signal: AbortSignal): Promise<TeamMembers> {
    const listed = await this.#cache.take(teamId, signal);
    if (listed === undefined) return { found: false };
    if (listed !== null) return { found: true, memberIds: listed };
    // Listed without its members: they come only from the team's own page.
    const users = (await this.#client.getTeam({ teamId, signal })).users ?? [];
    return { found: true, memberIds: [...new Set(users.map((user) => user.user_id))] };
  }
}

function entriesOf(teams: readonly Env0Team[]): Array<[string, ListedMembers]> {
  return teams.map((team) => [team.id, team.users ? [...new Set(team.users.map((user) => user.user_id))] : null]);
}

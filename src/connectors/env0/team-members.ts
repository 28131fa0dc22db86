/**
 * @module
 * Finds a team's members for its grants without a request per team. env0 sends each team's
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
import { ListingCache } from "../../core/kit.ts";
import type { Env0Api, Env0Team } from "./client.ts";

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
        const page = await client.listTeams(signal ?? new AbortController().signal, pageKey);
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
    const users = (await this.#client.getTeam(signal, teamId)).users ?? [];
    return { found: true, memberIds: [...new Set(users.map((user) => user.user_id))] };
  }
}

function entriesOf(teams: readonly Env0Team[]): Array<[string, ListedMembers]> {
  return teams.map((team) => [team.id, team.users ? [...new Set(team.users.map((user) => user.user_id))] : null]);
}

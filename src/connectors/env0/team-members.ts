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
import type { Env0Api, Env0Team } from "./client.ts";

/** Member ids held at most (about 40 bytes each): room for large organizations, a bound for huge ones. */
export const HELD_MEMBER_IDS = 200_000;

export type TeamMembers =
  | { found: true; memberIds: string[] }
  /** The listing no longer has the team: deleted since it was listed. */
  | { found: false };

export class TeamMembersLookup {
  readonly #client: Pick<Env0Api, "listTeams" | "getTeam">;
  readonly #limit: number;
  readonly #held = new Map<string, string[]>();
  #heldIds = 0;
  /** Where the last re-read of the listing stopped: the key of the page after it, if any. */
  #resumeKey: string | undefined;
  /** Re-reads of the listing run one at a time, so concurrent lookups share one pass. */
  #queue: Promise<unknown> = Promise.resolve();

  constructor(client: Pick<Env0Api, "listTeams" | "getTeam">, limit = HELD_MEMBER_IDS) {
    this.#client = client;
    this.#limit = limit;
  }

  /** Keeps the members of listed teams that carry them. */
  remember(teams: readonly Env0Team[]): void {
    for (const team of teams) {
      if (!team.users) continue;
      const ids = [...new Set(team.users.map((user) => user.user_id))];
      if (ids.length > this.#limit) continue;
      this.#forget(team.id);
      // Full: the teams listed longest ago go first; the engine asks for teams in listed order.
      for (const oldest of this.#held.keys()) {
        if (this.#heldIds + ids.length <= this.#limit) break;
        this.#forget(oldest);
      }
      this.#held.set(team.id, ids);
      this.#heldIds += ids.length;
    }
  }

  membersOf(teamId: string, signal: AbortSignal): Promise<TeamMembers> {
    const held = this.#take(teamId);
    if (held) return Promise.resolve({ found: true, memberIds: held });
    const lookup = this.#queue.then(() => this.#find(teamId, signal));
    this.#queue = lookup.catch(() => undefined);
    return lookup;
  }

  async #find(teamId: string, signal: AbortSignal): Promise<TeamMembers> {
    const held = this.#take(teamId); // a pass queued before this one may have found it
    if (held) return { found: true, memberIds: held };
    // Forward from where the last pass stopped first: the next team asked for is usually there.
    const ahead = this.#resumeKey === undefined ? undefined : await this.#scan(teamId, this.#resumeKey, signal);
    return ahead ?? (await this.#scan(teamId, undefined, signal)) ?? { found: false };
  }

  /** Reads the listing from `pageKey` (the start when undefined) to its end, or to the page holding the team. */
  async #scan(teamId: string, pageKey: string | undefined, signal: AbortSignal): Promise<TeamMembers | undefined> {
    let next = pageKey;
    do {
      const page = await this.#client.listTeams(signal, next);
      this.remember(page.teams);
      this.#resumeKey = page.nextPageKey;
      const team = page.teams.find((listed) => listed.id === teamId);
      if (team) return { found: true, memberIds: this.#take(teamId) ?? (await this.#detailMembers(team, signal)) };
      next = page.nextPageKey;
    } while (next);
    return undefined;
  }

  /** Members of a team the listing sent without them, or whose members exceed the bound on their own. */
  async #detailMembers(team: Env0Team, signal: AbortSignal): Promise<string[]> {
    const users = team.users ?? (await this.#client.getTeam(signal, team.id)).users ?? [];
    return [...new Set(users.map((user) => user.user_id))];
  }

  #take(teamId: string): string[] | undefined {
    const ids = this.#held.get(teamId);
    if (ids) this.#forget(teamId);
    return ids;
  }

  #forget(teamId: string): void {
    const ids = this.#held.get(teamId);
    if (!ids) return;
    this.#held.delete(teamId);
    this.#heldIds -= ids.length;
  }
}

/**
 * @module
 * The role values the member listing met, for the roles listing.
 *
 * Role values arrive only with the members (`roles[]` under include-roles=true), and a value idsync
 * does not know must still become a role resource (roles.ts) during the resources phase, before
 * the grants that point at it. The users listing tells the census what each page held; the roles
 * listing, which the engine runs alongside it, waits for that walk to end and reads the values off
 * it. So the common sync walks the members once.
 *
 * Only a walk seen whole counts: from the first page to the last, in this process, page after
 * page. A sync resumed in the middle of the member listing or after it, or a sync of roles alone,
 * has no such walk, and the roles listing then walks the members itself (roles.ts).
 */
import type { ApiUser } from "./client.ts";

/** Role value → how many members hold it. */
export type RoleTally = ReadonlyMap<string, number>;

/** Role values as Clockify sends them, each once per member, in the API's order. */
export function roleValuesOf(user: ApiUser): string[] {
  const values = (user.roles ?? []).map((entry) => entry?.role).filter((role): role is string => typeof role === "string" && role !== "");
  return [...new Set(values)];
}

/** Adds the members' role values to `tally`. */
export function countRoles(users: readonly ApiUser[], tally: Map<string, number>): void {
  for (const user of users) for (const role of roleValuesOf(user)) tally.set(role, (tally.get(role) ?? 0) + 1);
}

class Walk {
  readonly tally = new Map<string, number>();
  /** The token of the page the walk expects next. */
  expected: string | undefined = undefined;
  readonly outcome: Promise<RoleTally | undefined>;
  settle!: (tally: RoleTally | undefined) => void;

  constructor() {
    this.outcome = new Promise((resolve) => (this.settle = resolve));
  }
}

export class RoleCensus {
  #walk: Walk | undefined;

  /**
   * The users listing is about to fetch the page `token` names (undefined: the first). Called
   * before the listing awaits anything, so a roles listing started right after it finds the walk.
   */
  pageRequested(token: string | undefined): void {
    if (token === undefined) {
      this.#walk?.settle(undefined);
      this.#walk = new Walk();
    } else if (this.#walk !== undefined && this.#walk.expected !== token) {
      // Not the page that follows: a walk with a gap cannot say which values exist.
      this.#walk.settle(undefined);
      this.#walk = undefined;
    }
  }

  /** The page came back with these members; `next` is the next page's token, undefined after the last. */
  pageListed(users: readonly ApiUser[], next: string | undefined): void {
    const walk = this.#walk;
    if (walk === undefined) return;
    countRoles(users, walk.tally);
    walk.expected = next;
    if (next === undefined) walk.settle(walk.tally);
  }

  /** The page failed: this walk will not complete. */
  pageFailed(): void {
    this.#walk?.settle(undefined);
    this.#walk = undefined;
  }

  /**
   * The tally of this process's whole walk, once it has ended; undefined when there is no walk
   * from the first page, or it broke off. Rejects when `signal` aborts first.
   */
  async completedWalk(signal: AbortSignal): Promise<RoleTally | undefined> {
    const walk = this.#walk;
    if (walk === undefined) return undefined;
    signal.throwIfAborted();
    let onAbort: (() => void) | undefined;
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => reject(signal.reason);
      signal.addEventListener("abort", onAbort, { once: true });
    });
    try {
      return await Promise.race([walk.outcome, aborted]);
    } finally {
      if (onAbort) signal.removeEventListener("abort", onAbort);
    }
  }
}

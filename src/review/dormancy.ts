/**
 * @module
 * What "dormant" means, once, for `idsync review`, `idsync stats`, the explorer and serve's
 * metrics: an **enabled** account whose last login is more than `staleDays` before the sync,
 * or that never logged in and was created before that line (a fresh account has had no chance
 * yet). "Never logged in" only counts for account types the app records logins for — seen on
 * at least one account of the type — since Clockify, say, records none for anyone.
 *
 * Measured back from the sync's own time, not from today, so the same file always gives the
 * same answer.
 */
import type { AccountType, Resource } from "../core/index.ts";
import type { UserFacts } from "./principals.ts";

/** Baton's and most SaaS products' threshold for a stale account in reviews. */
export const STALE_LOGIN_DAYS = 90;

const DAY_MS = 24 * 60 * 60 * 1000;

/** Why an enabled account counts as dormant. */
export type DormantReason = "last-login" | "never-logged-in";

export interface Dormancy {
  reason: DormantReason;
  /** Whole days between the last login (or, never having logged in, the account's creation) and the sync. */
  daysIdle: number;
  /**
   * A never-logged-in account of a type with no login seen so far: dormant only if a later
   * account of its type shows the app records logins (`DormancyRule.recordsLogins` at the end).
   */
  pending: boolean;
}

/** The rule applied to the users of one sync, seen one by one in a single pass. */
export class DormancyRule {
  readonly staleDays: number;
  readonly #reference: number;
  readonly #staleBefore: number;
  readonly #recordsLogins = new Set<AccountType>();

  /** `reference` is the sync's end (its start, when unfinished). */
  constructor(reference: Date, staleDays = STALE_LOGIN_DAYS) {
    this.staleDays = staleDays;
    this.#reference = reference.getTime();
    this.#staleBefore = this.#reference - staleDays * DAY_MS;
  }

  /** The user's dormancy as far as it can be told now; undefined when not dormant. Call for every user, in turn. */
  check(resource: Resource, facts: UserFacts): Dormancy | undefined {
    if (facts.lastLogin) this.#recordsLogins.add(facts.accountType);
    if (facts.status !== "enabled") return undefined;
    if (facts.lastLogin) {
      return facts.lastLogin.getTime() < this.#staleBefore
        ? { reason: "last-login", daysIdle: this.#idleDays(facts.lastLogin), pending: false }
        : undefined;
    }
    const created = resource.user?.createdAt;
    if (!created || created.getTime() >= this.#staleBefore) return undefined;
    return {
      reason: "never-logged-in",
      daysIdle: this.#idleDays(created),
      pending: !this.#recordsLogins.has(facts.accountType),
    };
  }

  /** Whether any account of this type had a login recorded: decides the pending ones once the pass is over. */
  recordsLogins(accountType: AccountType): boolean {
    return this.#recordsLogins.has(accountType);
  }

  /** The account types with a login recorded so far, sorted; empty when the app records none. */
  get loginsRecorded(): AccountType[] {
    return [...this.#recordsLogins].sort();
  }

  #idleDays(since: Date): number {
    return Math.floor((this.#reference - since.getTime()) / DAY_MS);
  }
}

/**
 * @module
 * Who holds which organization role: all that the roles listing and the role grants need of the
 * members list. env0 sends every member in one unpaged answer; the users listing maps it to
 * resources once, and from then on only this is kept — user ids grouped by role, a few dozen
 * bytes a member — instead of every member's whole object for the rest of the sync.
 */

export class MemberRoles {
  /** Role → holders' user ids, roles in the order members first show them, holders in listing order. */
  readonly #holders = new Map<string, string[]>();
  #count = 0;

  add(userId: string, role: string): void {
    const holders = this.#holders.get(role);
    if (holders) holders.push(userId);
    else this.#holders.set(role, [userId]);
    this.#count++;
  }

  /** Members recorded. */
  get size(): number {
    return this.#count;
  }

  /** Every role some member holds, in the order members first show them. */
  roles(): IterableIterator<string> {
    return this.#holders.keys();
  }

  /** The user ids of the members holding `role`, in listing order. */
  holdersOf(role: string): readonly string[] {
    return this.#holders.get(role) ?? [];
  }
}

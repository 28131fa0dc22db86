/**
 * @module
 * For APIs that send what a grant needs inside a listing (a group's members inside the groups
 * listing) and have no cheap request for one item. The entries seen on listing pages are kept,
 * up to a bound, never a whole huge tenant, and each lookup is answered from there.
 *
 * An entry not held (after a resume, whose listing ran in another process, or one evicted past
 * the bound) is looked for by reading the listing again: forward from the page after the last
 * one read first, since the engine asks in listed order, then from the start, since an item
 * deleted meanwhile moves later ones to earlier pages. One pass runs at a time, so concurrent
 * lookups share it. An item on no page any more was deleted since it was listed: the lookup
 * answers undefined, and the connector decides (usually a warning, not a failed sync, which a
 * resume would meet again forever). Nothing here is needed after a restart.
 *
 * Each entry is handed out once and then let go (the engine asks for each item's grants once),
 * which leaves the room to the entries still to be asked for.
 */

/** One page of the listing as the cache reads it: entries by key, and the token of the next page. */
export interface ListingCachePage<V> {
  entries: ReadonlyArray<readonly [string, V]>;
  next?: string | undefined;
}

export interface ListingCacheOptions<V> {
  /** Reads the page at `token` (the first when undefined). */
  readPage(token: string | undefined, signal: AbortSignal | undefined): Promise<ListingCachePage<V>>;
  /** How much an entry weighs against `capacity` (e.g. its member count). @default 1 */
  weigh?: (value: V) => number;
  /** The most weight held; the entries held longest go first. */
  capacity: number;
}

export class ListingCache<V> {
  readonly #options: ListingCacheOptions<V>;
  readonly #held = new Map<string, V>();
  #weight = 0;
  /** The token of the page after the last one a pass read; undefined when that was the last page. */
  #ahead: string | undefined;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(options: ListingCacheOptions<V>) {
    this.#options = options;
  }

  /** Keeps entries seen elsewhere, e.g. on the pages the listing itself handed to the engine. */
  remember(entries: ReadonlyArray<readonly [string, V]>): void {
    for (const [key, value] of entries) this.#hold(key, value);
  }

  /** The entry under `key`, or undefined when the listing no longer has it. */
  take(key: string, signal?: AbortSignal): Promise<V | undefined> {
    if (this.#held.has(key)) return Promise.resolve(this.#takeHeld(key));
    const lookup = this.#queue.then(() => this.#find(key, signal));
    this.#queue = lookup.catch(() => undefined);
    return lookup;
  }

  async #find(key: string, signal: AbortSignal | undefined): Promise<V | undefined> {
    if (this.#held.has(key)) return this.#takeHeld(key); // a pass queued before this one found it
    if (this.#ahead !== undefined) {
      const found = await this.#scan(key, this.#ahead, signal);
      if (found.hit) return found.value;
    }
    const found = await this.#scan(key, undefined, signal);
    return found.hit ? found.value : undefined;
  }

  async #scan(
    key: string,
    from: string | undefined,
    signal: AbortSignal | undefined,
  ): Promise<{ hit: true; value: V } | { hit: false }> {
    let token = from;
    do {
      const page = await this.#options.readPage(token, signal);
      this.#ahead = page.next;
      this.remember(page.entries);
      const entry = page.entries.find(([entryKey]) => entryKey === key);
      if (entry) {
        this.#drop(key);
        return { hit: true, value: entry[1] };
      }
      token = page.next;
    } while (token !== undefined);
    return { hit: false };
  }

  #hold(key: string, value: V): void {
    this.#drop(key);
    const weight = this.#weigh(value);
    if (weight > this.#options.capacity) return;
    for (const oldest of this.#held.keys()) {
      if (this.#weight + weight <= this.#options.capacity) break;
      this.#drop(oldest);
    }
    this.#held.set(key, value);
    this.#weight += weight;
  }

  #takeHeld(key: string): V {
    const value = this.#held.get(key) as V;
    this.#drop(key);
    return value;
  }

  #drop(key: string): void {
    if (!this.#held.has(key)) return;
    this.#weight -= this.#weigh(this.#held.get(key) as V);
    this.#held.delete(key);
  }

  #weigh(value: V): number {
    return this.#options.weigh?.(value) ?? 1;
  }
}

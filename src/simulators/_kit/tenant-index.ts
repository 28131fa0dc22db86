/**
 * @module
 * Lookups built once per tenant state, and a count of the items each answer touched. A page must
 * cost time proportional to the page, not the tenant: at 100,000 users a scan or sort of the whole
 * tenant per request makes the simulator, not the client, the bottleneck of a benchmark. The count
 * lets tests prove it without timing anything: the work of one page must not grow with the tenant.
 */

interface Cached {
  stamp: string;
  value: unknown;
}

/** Distinct indexes kept per tenant; filtered listings each add one, so a long test run stays bounded. */
const MAX_INDEXES_PER_TENANT = 64;

const indexes = new WeakMap<object, Map<string, Cached>>();
const touched = new WeakMap<object, { items: number }>();

/**
 * Records that an answer about `tenant` went through `items` items (indexed, sorted, filtered or
 * rendered). Read back through `itemsTouched`, and by tests through `simulator.stats()`.
 */
export function touch(tenant: object, items: number): void {
  const counter = touched.get(tenant);
  if (counter) counter.items += items;
  else touched.set(tenant, { items });
}

/** How many items answers about `tenant` have touched so far. */
export function itemsTouched(tenant: object): number {
  return touched.get(tenant)?.items ?? 0;
}

/**
 * The value `build` computes for `tenant`, reused while `stamp` is unchanged. Every change to a
 * tenant goes through its product's `mutate()`, which appends to `tenant.mutations`, so a stamp
 * made of that length (and the sizes that matter) sees every new tenant state. `name` tells apart
 * the several indexes one tenant has (`users?status=ACTIVE`, `groups`…).
 *
 * @example
 * const byId = indexOnce(tenant, "users", stampOf(tenant), () => new Map(tenant.users.map((user) => [user.id, user])));
 */
export function indexOnce<V>(tenant: object, name: string, stamp: string, build: () => V): V {
  let cache = indexes.get(tenant);
  if (!cache) indexes.set(tenant, (cache = new Map()));
  const cached = cache.get(name);
  if (cached?.stamp === stamp) return cached.value as V;
  const value = build();
  if (!cached && cache.size >= MAX_INDEXES_PER_TENANT) cache.clear();
  cache.set(name, { stamp, value });
  return value;
}

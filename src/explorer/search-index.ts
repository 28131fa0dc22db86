/**
 * @module
 * The resources' searchable text, read from the file once and kept, so a search (`?q=`) is a
 * pass over short strings in memory instead of a scan that decodes every row of the file.
 * Without it, each search on a 20,000-user file decoded 20,000 rows on the event loop, and a
 * few hundred at once held every other request for tens of seconds.
 *
 * The index keeps only what a query is matched against (a few lower-cased strings per
 * resource) and the resource's id; a page of results is read back from the file by id. It is
 * built in slices that yield to the event loop, so small requests are answered while it builds.
 */
import { yieldToEventLoop, type C1zReader, type Resource, type ResourceId } from "../core/index.ts";
import { userFacts } from "../review/index.ts";

/** Rows decoded between two yields: a few milliseconds of work. */
const ROWS_PER_SLICE = 500;

/** The fields a query matches, lower-cased: display name, id, every email, the login. */
export function searchableFields(resource: Resource): string[] {
  const facts = userFacts(resource);
  const fields = [resource.displayName, resource.id.resource, ...(facts?.emails ?? []), facts?.login ?? ""];
  return fields.filter((field) => field !== "").map((field) => field.toLowerCase());
}

interface Entry {
  id: ResourceId;
  fields: string[];
}

export class SearchIndex {
  readonly #entries: Entry[];

  private constructor(entries: Entry[]) {
    this.#entries = entries;
  }

  /** Reads every resource of the sync once, yielding between slices; stops when `signal` aborts. */
  static async build(reader: C1zReader, syncId: string, signal: AbortSignal): Promise<SearchIndex> {
    const entries: Entry[] = [];
    for (const resource of reader.resources(syncId)) {
      entries.push({ id: resource.id, fields: searchableFields(resource) });
      if (entries.length % ROWS_PER_SLICE === 0) {
        await yieldToEventLoop();
        signal.throwIfAborted();
      }
    }
    return new SearchIndex(entries);
  }

  get size(): number {
    return this.#entries.length;
  }

  /**
   * The ids of the matches `offset`…`offset + limit`, in the file's order, and how many match in
   * all: the same page and total a scan with `matchesQuery` gives.
   */
  search(
    query: string,
    window: { offset: number; limit: number; resourceType?: string | undefined },
  ): { ids: ResourceId[]; total: number } {
    const needle = query.toLowerCase();
    const ids: ResourceId[] = [];
    let total = 0;
    for (const entry of this.#entries) {
      if (window.resourceType !== undefined && entry.id.resourceType !== window.resourceType) continue;
      if (!entry.fields.some((field) => field.includes(needle))) continue;
      if (total >= window.offset && ids.length < window.limit) ids.push(entry.id);
      total++;
    }
    return { ids, total };
  }
}

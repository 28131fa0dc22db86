/**
 * @module
 * The apps the explorer serves: one c1z each, kept open for the whole run, with the sync it
 * shows. Documents that cost a scan of the file and cannot change while it is open (stats,
 * review, diff, the search index) are built on first request and kept, within small bounds:
 * a request can choose a key (`staleDays`), so what is kept must not grow with what is asked.
 */
import { ConfigError, IdsyncError, type C1zReader, type SyncRun } from "../core/index.ts";
import { AccessResolver, type SyncLookup } from "../review/index.ts";
import { ReviewThread } from "./review-thread.ts";
import { SearchIndex } from "./search-index.ts";

export interface ExplorerInput {
  /** The name the page and the API use (`--app`, or the file name). */
  app: string;
  /** The path as given on the command line: documents name the file the same way the commands do. */
  file: string;
  /** Open for as long as the explorer serves; its owner closes it. */
  reader: C1zReader;
  /** The sync shown (the one the reading commands read by default). */
  sync: SyncRun;
  /** Why that sync may surprise (an unfinished one), as the reading commands say it on stderr. */
  note?: string;
  /** The decoded-size limit `reader` was opened with, for the review thread's own opening. */
  maxDecodedBytes?: number;
}

/** Built documents kept per app besides reviews: stats, resource types, diff. */
const KEPT_DOCUMENTS = 8;
/** Reviews kept per app, one per `staleDays` asked: each holds every finding, with access (~0.5 MiB per 20,000 users). */
export const KEPT_REVIEWS = 3;
/**
 * Holder lists kept per app: a reviewer sorts and pages the role in front of them, so that one
 * is read once; a role held by everyone is a few MiB at 20,000 users, so only a couple are kept.
 */
export const KEPT_HOLDER_LISTS = 2;

/** Documents by key, at most `max`; the least recently used goes first. */
class _Documents {
  readonly #max: number;
  readonly #entries = new Map<string, Promise<unknown>>();

  constructor(max: number) {
    this.#max = max;
  }

  get size(): number {
    return this.#entries.size;
  }

  /** Concurrent requests share one build; a build that fails is forgotten, so the next one tries again. */
  get<T>(key: string, build: () => T | Promise<T>): Promise<T> {
    let document = this.#entries.get(key) as Promise<T> | undefined;
    if (document) {
      // Used again: to the back of the line.
      this.#entries.delete(key);
      this.#entries.set(key, document);
      return document;
    }
    document = Promise.resolve().then(build);
    const built = document;
    built.catch(() => {
      if (this.#entries.get(key) === built) this.#entries.delete(key);
    });
    this.#entries.set(key, document);
    if (this.#entries.size > this.#max) this.#entries.delete(this.#entries.keys().next().value!);
    return document;
  }
}

export class ExplorerApp {
  readonly name: string;
  readonly file: string;
  readonly reader: C1zReader;
  readonly sync: SyncRun;
  readonly note: string | null;
  /** Shared by every request: names and the groups' grants come from bounded caches. */
  readonly access: AccessResolver;
  readonly #documents = new _Documents(KEPT_DOCUMENTS);
  readonly #reviews = new _Documents(KEPT_REVIEWS);
  readonly #holderLists = new _Documents(KEPT_HOLDER_LISTS);
  readonly #reviewThread: ReviewThread;
  readonly #stopping = new AbortController();
  #searchIndex: Promise<SearchIndex> | undefined;

  constructor(input: ExplorerInput) {
    this.name = input.app;
    this.file = input.file;
    this.reader = input.reader;
    this.sync = input.sync;
    this.note = input.note ?? null;
    this.access = new AccessResolver(input.reader, input.sync.id);
    this.#reviewThread = new ReviewThread({
      file: input.file,
      app: input.app,
      syncId: input.sync.id,
      maxDecodedBytes: input.maxDecodedBytes,
    });
  }

  /** How many built documents are kept (reviews included): bounded, whatever is asked. */
  get keptDocuments(): number {
    return this.#documents.size + this.#reviews.size + this.#holderLists.size;
  }

  get lookup(): SyncLookup {
    return this.access.lookup;
  }

  /**
   * The document under `key`, built once by `build`. Concurrent requests share one build; a
   * build that fails is forgotten, so the next request tries again.
   */
  cached<T>(key: string, build: () => T | Promise<T>): Promise<T> {
    return this.#documents.get(key, build);
  }

  /** The rows of `entitlement`'s holders, read by `build` once for any number of sorts, filters and pages. */
  holderList<T>(entitlement: string, build: () => T | Promise<T>): Promise<T> {
    return this.#holderLists.get(entitlement, build);
  }

  /**
   * `idsync review -o json` for this app, built on a worker thread: a review scans every user
   * and what they hold, and must not hold the server's other requests while it does.
   */
  review(staleDays: number | undefined): Promise<unknown> {
    return this.#reviews.get(`review:${staleDays ?? "default"}`, () => this.#reviewThread.review(staleDays));
  }

  /** The resources' searchable text, read once (yielding as it reads) and shared by every search. */
  searchIndex(): Promise<SearchIndex> {
    if (!this.#searchIndex) {
      const building = SearchIndex.build(this.reader, this.sync.id, this.#stopping.signal);
      building.catch(() => {
        if (this.#searchIndex === building) this.#searchIndex = undefined;
      });
      this.#searchIndex = building;
    }
    return this.#searchIndex;
  }

  /** Stops what is being built and ends the review thread. The reader stays open: it is the caller's. */
  close(): Promise<void> {
    this.#stopping.abort(new IdsyncError("interrupted", "the explorer is shutting down"));
    return this.#reviewThread.close();
  }
}

/** Refuses two files with one app name: the page and the API pick apps by name. */
export function checkAppNames(inputs: ReadonlyArray<Pick<ExplorerInput, "app" | "file">>): void {
  const files = new Map<string, string>();
  for (const { app, file } of inputs) {
    const other = files.get(app);
    if (other !== undefined) {
      throw new ConfigError(`${other} and ${file} are both the app "${app}"`, {
        hint: "name each file with --app, once per -f, in the same order",
      });
    }
    files.set(app, file);
  }
}

/** The apps by name, in the order given. */
export function explorerApps(inputs: readonly ExplorerInput[]): Map<string, ExplorerApp> {
  checkAppNames(inputs);
  return new Map(inputs.map((input) => [input.app, new ExplorerApp(input)]));
}

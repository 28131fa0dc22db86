/**
 * @module
 * The apps the explorer serves: one c1z each, kept open for the whole run, with the sync it
 * shows. Documents that cost a scan of the file and cannot change while it is open (stats,
 * review, diff) are built on first request and kept, within a small bound.
 */
import { ConfigError, type C1zReader, type SyncRun } from "../core/index.ts";
import { AccessResolver, type SyncLookup } from "../review/index.ts";

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
}

/** Built documents kept per app: stats, diff and a few `staleDays` variants of the review. */
const KEPT_DOCUMENTS = 8;

export class ExplorerApp {
  readonly name: string;
  readonly file: string;
  readonly reader: C1zReader;
  readonly sync: SyncRun;
  readonly note: string | null;
  /** Shared by every request: names and the groups' grants come from bounded caches. */
  readonly access: AccessResolver;
  readonly #documents = new Map<string, Promise<unknown>>();

  constructor(input: ExplorerInput) {
    this.name = input.app;
    this.file = input.file;
    this.reader = input.reader;
    this.sync = input.sync;
    this.note = input.note ?? null;
    this.access = new AccessResolver(input.reader, input.sync.id);
  }

  get lookup(): SyncLookup {
    return this.access.lookup;
  }

  /**
   * The document under `key`, built once by `build`. Concurrent requests share one build; a
   * build that fails is forgotten, so the next request tries again.
   */
  cached<T>(key: string, build: () => T | Promise<T>): Promise<T> {
    let document = this.#documents.get(key) as Promise<T> | undefined;
    if (!document) {
      document = Promise.resolve().then(build);
      const built = document;
      built.catch(() => {
        if (this.#documents.get(key) === built) this.#documents.delete(key);
      });
      if (this.#documents.size >= KEPT_DOCUMENTS) this.#documents.delete(this.#documents.keys().next().value!);
      this.#documents.set(key, document);
    }
    return document;
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

/**
 * @module
 * Checks on the whole answer, once every page of it is in and before anything is saved: a
 * `200` with an empty member list, or a redirect to a server that answers `[]`, must not become
 * a finished sync with nobody in it (DESIGN.md, "Nothing lost").
 *
 * - **Shrinkage against the previous full sync in the file**, per resource type: resources of
 *   the type, and grants on the type's entitlements (a team list whose member lists all came back
 *   empty). A count that was above zero and is now zero, or that was at least `SHRINK_FLOOR`
 *   and is now under half of it, fails the sync. So does a single resource whose grants went
 *   from at least `SHRINK_FLOOR` to none while it still exists (the one team whose 50 members
 *   vanished): a smaller drop of one resource is ordinary churn. `--allow-shrink` lets a real
 *   departure through, with a warning saying what shrank.
 * - **The caller**: when validation learned which user the credentials belong to, a user listing
 *   without that user contradicts it and fails the sync, whatever `--allow-shrink` says: people
 *   may really leave, but not the one whose key is asking.
 *
 * With no previous full sync (a first sync, or service mode, where every task writes a new
 * file) only the caller check applies.
 */
import type { EmptiedResource, SyncCensus } from "../c1z/index.ts";
import { AnswerRefusedError } from "../errors/index.ts";
import type { Logger } from "../log/index.ts";
import { resourceKey, type Resource, type ResourceId } from "../model/index.ts";
import type { ExpectedCaller } from "./connector.ts";

/** Below this many, a count may halve without alarm: 3 members becoming 1 is ordinary. */
export const SHRINK_FLOOR = 10;
/** Resources named in a message at most. */
const NAMED = 3;

/** What the checks read from the store, for the sync being written. */
export interface CensusStore {
  countResourcesByType(): Record<string, number>;
  countGrantsByType(): Record<string, number>;
  emptiedSince(previousSyncId: string, atLeast: number, limit: number): EmptiedResource[];
  getResource(id: ResourceId): Resource | undefined;
}

export interface AnswerChecksOptions {
  store: CensusStore;
  /** The newest finished full sync of the file, when it has one. */
  previous: { syncId: string; census: SyncCensus } | undefined;
  /** The c1z the sync would replace, for messages. */
  file: string;
  /** Save a shrunken answer, with a warning. @default false */
  allowShrink?: boolean;
  caller?: ExpectedCaller;
  /**
   * Compare grants too. Off for a partial sync: it keeps only grants whose entitlement and
   * principal are both of the synced types, so a team's member grants vanish when users are not
   * synced, and that is not shrinkage.
   * @default true
   */
  checkGrants?: boolean;
  logger: Logger;
}

/** The checks the engine runs at the end of its phases. */
export interface AnswerChecks {
  /** Every resource of `types` is in. */
  afterResources(types: readonly string[]): void;
  /** Every grant of `types` is in, expansion included (the previous sync's grants include it too). */
  afterGrants(types: readonly string[]): void;
}

/** One count that shrank past the bounds. */
export interface Shrinkage {
  /** `user`, or `grants on team`. */
  what: string;
  before: number;
  now: number;
}

/** Whether going from `before` to `now` is a shrinkage the checks refuse. */
export function shrankTooMuch(before: number, now: number): boolean {
  return (before > 0 && now === 0) || (before >= SHRINK_FLOOR && now * 2 < before);
}

/** The counts of `types` that shrank too much from `before` to `now`. */
export function findShrinkage(
  before: Record<string, number>,
  now: Record<string, number>,
  types: readonly string[],
  label: (type: string) => string,
): Shrinkage[] {
  return types.flatMap((type) => {
    const was = before[type] ?? 0;
    const is = now[type] ?? 0;
    return shrankTooMuch(was, is) ? [{ what: label(type), before: was, now: is }] : [];
  });
}

const SHRINK_HINT =
  "if they really went, sync again with --allow-shrink (BATON_ALLOW_SHRINK=true) to save it; otherwise the API answered with less than it holds: try again later, and report it if it persists";

export function createAnswerChecks(options: AnswerChecksOptions): AnswerChecks {
  const { store, previous, file, logger } = options;

  const refuseOrWarn = (shrinkage: Shrinkage[], emptied: string[]): void => {
    if (shrinkage.length === 0 && emptied.length === 0) return;
    const counts = shrinkage.map((s) => `${s.what} down to ${s.now} from ${s.before}`);
    const told = [...counts, ...emptied].join("; ");
    if (options.allowShrink) {
      logger.warn("the answer shrank sharply against the previous full sync; saving it because --allow-shrink is set", {
        file,
        shrank: told,
      });
      return;
    }
    throw new AnswerRefusedError(
      "shrank",
      `the answer shrank sharply against the previous full sync in ${file}: ${told}; the file was left as it was`,
      {
        hint: SHRINK_HINT,
      },
    );
  };

  return {
    afterResources(types) {
      // Shrinkage first: its message has the counts, and says what to do when it is real.
      if (previous)
        refuseOrWarn(
          findShrinkage(previous.census.resourcesByType, store.countResourcesByType(), types, (type) => type),
          [],
        );
      const caller = options.caller;
      if (caller && types.includes(caller.id.resourceType) && !store.getResource(caller.id)) {
        throw new AnswerRefusedError(
          "caller-missing",
          `the ${caller.id.resourceType} listing lacks ${resourceKey(caller.id)}, ${caller.description} (${caller.source}), so the answer contradicts what validation saw; ${file} was left as it was`,
          { hint: "the API returned an incomplete listing: sync again later, and report it if it persists" },
        );
      }
    },

    afterGrants(types) {
      if (!previous || options.checkGrants === false) return;
      const shrinkage = findShrinkage(
        previous.census.grantsByType,
        store.countGrantsByType(),
        types,
        (type) => `grants on ${type}`,
      );
      const emptied = store
        .emptiedSince(previous.syncId, SHRINK_FLOOR, 100)
        .filter((candidate) => types.includes(candidate.id.resourceType))
        .flatMap((candidate) => {
          const resource = store.getResource(candidate.id);
          return resource ? [{ ...candidate, name: resource.displayName }] : [];
        });
      const named = emptied
        .slice(0, NAMED)
        .map((e) => `${resourceKey(e.id)} ("${e.name}") down to 0 grants from ${e.before}`);
      if (emptied.length > NAMED) named.push(`and ${emptied.length - NAMED} more emptied`);
      refuseOrWarn(shrinkage, named);
    },
  };
}

/**
 * @module
 * Which sync a reading command shows. Baton's rule (`C1zReader.resolveSync`) first; when it
 * finds nothing — e.g. a file whose only sync is unfinished and older than a week, like Baton's
 * own unexpanded test file — reading commands fall back to the newest sync of any state and
 * say so, rather than refusing a file that plainly has data.
 */
import { IdsyncError, isIdsyncError, type C1zReader, type SyncRun } from "../core/index.ts";

export interface ChosenSync {
  run: SyncRun;
  /** One line for stderr when the sync shown is not a finished one, else undefined. */
  note?: string;
}

const day = (date: Date): string =>
  Number.isNaN(date.getTime()) ? "at an unknown time" : date.toISOString().slice(0, 10);

function describe(run: SyncRun): string {
  return run.endedAt ? `finished ${run.type} sync` : `unfinished ${run.type} sync`;
}

/** The sync to show: `explicit` when given, else Baton's rule, else the newest sync of any state. */
export function chooseSync(reader: C1zReader, explicit?: string): ChosenSync {
  if (explicit !== undefined) return { run: reader.resolveSync(explicit) };
  try {
    const run = reader.resolveSync();
    if (run.endedAt) return { run };
    return {
      run,
      note: `note: ${reader.path}: showing the unfinished sync ${run.id} (started ${day(run.startedAt)}); it may be incomplete`,
    };
  } catch (error) {
    const newest = reader.syncs()[0];
    if (!isIdsyncError(error) || error.kind !== "invalid-config" || !newest) throw error;
    return {
      run: newest,
      note:
        `note: ${reader.path} has no finished full sync; showing the ${describe(newest)} ${newest.id} ` +
        `(started ${day(newest.startedAt)}), which Baton's readers would skip`,
    };
  }
}

/**
 * The two syncs `diff` compares within one file: `newId` (default: the latest finished full
 * sync) and `oldId` (default: the finished full sync before it).
 */
export function syncPairInFile(
  reader: C1zReader,
  options: { newId?: string; oldId?: string } = {},
): { old: SyncRun; new: SyncRun } {
  const runs = reader.syncs();
  // Newest first by end time, as Baton picks its "latest finished full sync".
  const fullRuns = runs
    .filter((run) => run.endedAt && run.type === "full")
    .sort((a, b) => b.endedAt!.getTime() - a.endedAt!.getTime() || (a.id < b.id ? 1 : -1));
  const newer = options.newId !== undefined ? reader.resolveSync(options.newId) : fullRuns[0];
  const older =
    options.oldId !== undefined
      ? reader.resolveSync(options.oldId)
      : fullRuns.find((run) => newer && run.id !== newer.id && run.endedAt! <= (newer.endedAt ?? newer.startedAt));
  if (!newer || !older) {
    throw new IdsyncError(
      "invalid-config",
      `${reader.path}: needs two finished full syncs to compare, and has ${fullRuns.length}`,
      {
        hint: "sync again into the same file (it keeps the previous full sync), or compare two files: idsync diff OLD.c1z NEW.c1z",
      },
    );
  }
  return { old: older, new: newer };
}

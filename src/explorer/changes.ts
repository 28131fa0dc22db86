/**
 * @module
 * What changed between two syncs of a file, as the Changes view reads it: the file's finished
 * full syncs to choose from, and each list of the diff (users added, grants removed…) as a table
 * a page at a time, worded with names by `src/review/change-words.ts` (through `idsync diff`'s
 * JSON, whose `inWords` they are). Changes that touch an admin role are marked, so the page can
 * put them first and highlight them.
 */
import { IdsyncError } from "../core/index.ts";
import { SyncLookup, diffCounts, diffSummary, diffSyncs, isAdminRoleName, syncPairInFile } from "../review/index.ts";
import type { ExplorerApp } from "./apps.ts";
import { ApiError, appOf, choice, text, type ApiContext, type Route } from "./_params.ts";
import { diffJson, syncJson } from "../review/index.ts";
import { answerTable, tableQuery, type Column } from "./tables.ts";

type Diff = ReturnType<typeof diffJson>;

export const SECTIONS = ["users", "resources", "resourceTypes", "entitlements", "grants"] as const;
export const KINDS = ["added", "removed", "changed"] as const;

/** The finished full syncs of the app's file, newest first: the ones a diff can compare. */
function fullSyncs(app: ExplorerApp) {
  return app.reader
    .syncs()
    .filter((run) => run.endedAt && run.type === "full")
    .sort((a, b) => b.endedAt!.getTime() - a.endedAt!.getTime());
}

/**
 * `idsync diff FILE [--old-sync-id OLD] [--sync-id NEW] -o json`: by default the file's latest two
 * finished full syncs. Kept per pair of syncs, within the app's bounded document cache.
 */
export function diffOf(app: ExplorerApp, context: ApiContext): Promise<Diff> {
  const newId = text(context.params, "new");
  const oldId = text(context.params, "old");
  let pair;
  try {
    pair = syncPairInFile(app.reader, { ...(newId ? { newId } : {}), ...(oldId ? { oldId } : {}) });
  } catch (error) {
    if (error instanceof IdsyncError && error.kind === "invalid-config") throw new ApiError(404, error.message);
    throw error;
  }
  const { reader } = app;
  return app.cached(`diff:${pair.old.id}:${pair.new.id}`, async () => {
    const found = await diffSyncs({ reader, sync: pair.old }, { reader, sync: pair.new }, { signal: context.signal });
    const lookups = { old: new SyncLookup(reader, pair.old.id), new: new SyncLookup(reader, pair.new.id) };
    return diffJson(found, diffCounts(found), diffSummary(found), lookups);
  });
}

/** A row of any list of the diff, with the few fields the page and the CSV show. */
interface ChangeRow {
  type?: string;
  id: string;
  displayName?: string | null;
  inWords?: string[] | string;
  principal?: { type: string; id: string; displayName: string | null };
  resource?: { type: string; id: string; displayName: string | null };
  user?: { email: string | null; login: string | null } | null;
  status?: string | null;
  via?: string[];
  direct?: boolean;
}

const words = (row: ChangeRow): string[] =>
  row.inWords === undefined ? [] : Array.isArray(row.inWords) ? row.inWords : [row.inWords];

/** Whether a change gives or takes an admin role: by the role's name, as `review` finds admins. */
export function touchesAdmin(row: ChangeRow): boolean {
  if (row.resource?.displayName && isAdminRoleName(row.resource.displayName)) return true;
  return words(row).some((line) => /^(became|no longer) /.test(line) && isAdminRoleName(line));
}

const CHANGE_COLUMNS: Array<Column<ChangeRow>> = [
  {
    key: "name",
    title: "Name",
    value: (row) => (row.principal ? row.principal.displayName || row.principal.id : row.displayName || row.id),
  },
  { key: "change", title: "Change", value: (row) => words(row).join("; ") || row.resource?.displayName || "" },
  {
    key: "details",
    title: "Details",
    value: (row) => [row.user?.email ?? row.user?.login, row.status].filter(Boolean).join(", "),
  },
  { key: "admin", title: "Admin", value: (row) => (touchesAdmin(row) ? "admin" : "") },
  {
    key: "id",
    title: "Id",
    value: (row) =>
      row.principal ? `${row.principal.type}:${row.principal.id}` : row.type ? `${row.type}:${row.id}` : row.id,
  },
];

/** `GET /api/syncs?app=`: the file's finished full syncs, newest first. */
const syncs: Route = (context) => {
  const app = appOf(context);
  const list = fullSyncs(app).map(syncJson);
  return { app: app.name, file: app.file, syncs: list, count: list.length };
};

/** `GET /api/changes?app=&section=&kind=[&old=&new=]`: one list of the diff, as a table. */
const changes: Route = async (context) => {
  const app = appOf(context);
  const section = choice(context.params, "section", SECTIONS);
  const kind = choice(context.params, "kind", KINDS);
  const diff = await diffOf(app, context);
  const rows = (diff[section] as Record<(typeof KINDS)[number], ChangeRow[]>)[kind];
  return answerTable(
    rows,
    CHANGE_COLUMNS,
    tableQuery(context.params),
    (row) => ({ ...row, admin: touchesAdmin(row) }),
    {
      name: `${app.name}-${section}-${kind}`,
      extra: { app: app.name, file: app.file, old: diff.old, new: diff.new, summary: diff.summary, section, kind },
    },
  );
};

export const CHANGES_ROUTES: Readonly<Record<string, Route>> = {
  "/api/syncs": syncs,
  "/api/changes": changes,
};

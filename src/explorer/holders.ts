/**
 * @module
 * Who holds an entitlement, as a table a page at a time: each holder with its status, email
 * and last sign-in (read from the holder's own row), and how the grant is held. A role held by
 * thousands is read once, then sorted and filtered on the server; the page draws one page of it.
 */
import { yieldToEventLoop } from "../core/index.ts";
import { statusLabel, userFacts } from "../review/index.ts";
import type { ExplorerApp } from "./apps.ts";
import { ApiError, appOf, text, type Route } from "./_params.ts";
import { grantJson } from "../review/index.ts";
import { answerTable, tableQuery, type Column } from "./tables.ts";

/** Holders read between two yields. */
const ROWS_PER_SLICE = 500;

interface Holder {
  grant: ReturnType<typeof grantJson>;
  email: string | null;
  status: string | null;
  lastLogin: string | null;
}

const HOLDER_COLUMNS: Array<Column<Holder>> = [
  { key: "name", title: "Holder", value: (row) => row.grant.principal.displayName || row.grant.principal.id },
  { key: "type", title: "Type", value: (row) => row.grant.principal.type },
  { key: "email", title: "Email", value: (row) => row.email },
  { key: "status", title: "Status", value: (row) => row.status },
  { key: "lastLogin", title: "Last sign-in", value: (row) => row.lastLogin },
  {
    key: "how",
    title: "How",
    value: (row) =>
      [row.grant.direct ? "direct" : "", ...row.grant.via.map((via) => `via ${via}`)].filter(Boolean).join("; "),
  },
];

/** Every holder of `entitlement` in the app's sync, with the facts the table shows from their own row. */
async function readHolders(app: ExplorerApp, entitlement: string): Promise<Holder[]> {
  const rows: Holder[] = [];
  for (const grant of app.reader.grants(app.sync.id, { entitlementId: entitlement })) {
    const principal = app.reader.getResource(app.sync.id, grant.principal.id);
    const facts = principal ? userFacts(principal) : undefined;
    rows.push({
      grant: grantJson(grant, app.lookup),
      email: facts?.email ?? null,
      status: facts ? statusLabel(facts) : (principal?.status?.status ?? null),
      lastLogin: facts?.lastLogin?.toISOString() ?? null,
    });
    if (rows.length % ROWS_PER_SLICE === 0) await yieldToEventLoop();
  }
  return rows;
}

/** `GET /api/holders?app=&entitlement=`: an entitlement's holders as a table. */
const holders: Route = async (context) => {
  const app = appOf(context);
  const entitlement = text(context.params, "entitlement");
  if (entitlement === undefined)
    throw new ApiError(400, "name the entitlement with ?entitlement= (an id /api/entitlements gives)");
  if (!app.lookup.entitlement(entitlement))
    throw new ApiError(404, `sync ${app.sync.id} has no entitlement ${entitlement}`);
  const rows = await app.holderList(entitlement, () => readHolders(app, entitlement));
  return answerTable(
    rows,
    HOLDER_COLUMNS,
    tableQuery(context.params),
    (row) => ({ ...row.grant, email: row.email, status: row.status, lastLogin: row.lastLogin }),
    {
      name: `${app.name}-holders`,
      extra: { app: app.name, file: app.file, syncId: app.sync.id, entitlement },
    },
  );
};

export const HOLDERS_ROUTES: Readonly<Record<string, Route>> = { "/api/holders": holders };

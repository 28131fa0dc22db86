/**
 * @module
 * `idsync explore`'s engine: a local, read-only web page over open c1z files, backed by a JSON
 * API that returns the reading commands' own `-o json` documents. The command line opens the
 * files and owns their readers; this serves them.
 */
export { startExplorer, STATIC_FILES, type ExplorerOptions, type RunningExplorer } from "./server.ts";
export { ExplorerApp, checkAppNames, explorerApps, type ExplorerInput } from "./apps.ts";
export { API_ROUTES, ApiError, DEFAULT_LIMIT, MAX_LIMIT, matchesQuery, pageOf, type Page } from "./api.ts";
export { SECURITY_HEADERS, hostAllowed, isLoopbackHost, newToken, tokenMatches } from "./guard.ts";

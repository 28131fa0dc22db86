/**
 * @module
 * What the Runlayer connector proves before it syncs anything:
 *
 * 1. The key works: `GET /users/me`, with the key in `x-runlayer-api-key` as the CLI sends it;
 *    on a 401, once more as `Authorization: Bearer` (the form docs.runlayer.com/platform-api
 *    shows), and the log says which form worked.
 * 2. The lists exist: the instance's own OpenAPI document (openapi.ts) is read at the instance
 *    root, then under the base URL; the paths it names are used, or the check fails naming what
 *    is missing. With no readable document, the assumed paths are used and the log says they are
 *    unverified.
 * 3. The key may read users: one user is listed, since a Developer's key gets its own user but a
 *    403 on the list, and an organization key, which acts as no user, a 403 on both.
 *
 * The key is a personal one by then (an organization key is refused in 1), so its user, whom
 * `GET /users/me` names, is a user of the instance: the user listing must hold them, and the
 * engine fails a sync whose listing does not (core/sync/answer-checks.ts).
 */
import { ApiError, type SyncContext, type Validation } from "../../core/kit.ts";
import { fastApiDetail, type ApiUser, type RunlayerClient } from "./client.ts";
import { checkOpenApi, isOpenApiDocument } from "./openapi.ts";
import { userType } from "./resource-types.ts";

const NEEDED_ROLES = "Super Admin, Security Admin or Helpdesk";

/** An answer that means "no document here", as opposed to an instance that is down. */
const NO_DOCUMENT_KINDS = new Set(["not-found", "unauthenticated", "permission-denied", "invalid-response"]);

const isApiError = (error: unknown, kind?: string): error is ApiError => error instanceof ApiError && (kind === undefined || error.kind === kind);

function describeUser(user: ApiUser): string {
  const who = typeof user.email === "string" && user.email !== "" ? user.email : `user ${user.id}`;
  const roles = Array.isArray(user.roles) && user.roles.length > 0 ? user.roles.join(", ") : "none listed";
  return `${who} (roles: ${roles})`;
}

/** A 403 during validation, restated to say what it means for this key. */
function refusal(error: ApiError, message: string, hint: string): ApiError {
  const detail = error.body === undefined ? undefined : fastApiDetail(error.body);
  return new ApiError("permission-denied", `${message}${detail === undefined ? "" : ` (Runlayer said: ${detail})`}`, {
    endpoint: error.endpoint,
    status: error.status,
    body: error.body,
    hint,
    cause: error,
  });
}

/** `GET /users/me`, with the header fallback. A 403 is the caller's to explain. */
async function whoAmI(client: RunlayerClient, ctx: SyncContext): Promise<ApiUser> {
  let first: ApiError;
  try {
    const me = await client.me(ctx.signal);
    ctx.logger.info("Runlayer accepted the API key in the x-runlayer-api-key header");
    return me;
  } catch (error) {
    if (!isApiError(error, "unauthenticated")) throw error;
    first = error;
  }
  client.useBearer();
  try {
    const me = await client.me(ctx.signal);
    ctx.logger.info("Runlayer refused the API key in the x-runlayer-api-key header but accepted it as Authorization: Bearer; sending it that way");
    return me;
  } catch (error) {
    if (!isApiError(error, "unauthenticated")) throw error;
    throw first.restated(`${first.message} (sent in x-runlayer-api-key, and again as Authorization: Bearer)`);
  }
}

/** Reads the instance's OpenAPI document and switches to the paths it names; see the module comment. */
async function provePaths(client: RunlayerClient, ctx: SyncContext): Promise<void> {
  const tried: string[] = [];
  for (const location of client.openApiLocations) {
    let body: unknown;
    try {
      body = await client.openApiDocument(location, ctx.signal);
    } catch (error) {
      if (!isApiError(error) || !NO_DOCUMENT_KINDS.has(error.kind)) throw error;
      tried.push(`${location} (${error.status === undefined ? error.kind : error.status})`);
      continue;
    }
    if (!isOpenApiDocument(body)) {
      tried.push(`${location} (not an OpenAPI document)`);
      continue;
    }
    const checked = checkOpenApi(body as Record<string, unknown>, client.basePath, client.paths, location);
    client.usePaths(checked.paths);
    ctx.logger.info("Runlayer's OpenAPI document lists the users, roles and assignments idsync reads", { document: location, ...client.paths });
    if (checked.taken.length > 0) ctx.logger.info("using the list paths the instance's OpenAPI document names", { taken: checked.taken });
    for (const what of checked.unverified) ctx.logger.warn(`not proved by the OpenAPI document: ${what}`, { document: location });
    return;
  }
  ctx.logger.warn("Runlayer serves no readable OpenAPI document; the users, roles and assignments paths are idsync's assumptions, unverified", { tried, ...client.paths });
}

export async function validateRunlayer(client: RunlayerClient, ctx: SyncContext): Promise<Validation> {
  let me: ApiUser;
  try {
    me = await whoAmI(client, ctx);
  } catch (error) {
    if (!isApiError(error, "permission-denied")) throw error;
    throw refusal(
      error,
      `Runlayer accepted the API key but refused ${error.endpoint} (403): the key acts as no user, as organization keys (rl_org_…) do, so it cannot read users`,
      `create a personal API key for a user holding ${NEEDED_ROLES}`,
    );
  }
  await provePaths(client, ctx);
  try {
    await client.users({ skip: 0, limit: 1 }, ctx.signal);
  } catch (error) {
    if (!isApiError(error, "permission-denied")) throw error;
    throw refusal(
      error,
      `the API key works, but its user ${describeUser(me)} may not read users and roles: ${error.endpoint} was refused (403)`,
      `give that user ${NEEDED_ROLES}, or use a personal API key of a user who holds one of them`,
    );
  }
  ctx.logger.debug("Runlayer API key validated", { user: typeof me.email === "string" ? me.email : me.id });
  // The id as users.ts names a user resource (`String(user.id)`).
  const id = String(me.id ?? "");
  if (id === "") return {};
  return { caller: { id: { resourceType: userType.id, resource: id }, description: "the API key's own user", source: "GET /users/me" } };
}

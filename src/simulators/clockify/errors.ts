/**
 * @module
 * Clockify's error answers. The body is always `{"message":"…","code":<int>}` with `code` a JSON
 * number that is not the HTTP status (shared/apis/clockify.md, "Errors").
 */

function clockifyError(status: number, message: string, code: number, headers?: Record<string, string>): Response {
  return Response.json({ message, code }, { status, headers });
}

/** 401 code 1000: no auth header, both X-Api-Key and X-Addon-Token, or a Bearer header (clockify.md, "Auth"). */
export function multipleOrNoneTokens(): Response {
  return clockifyError(401, "Multiple or none auth tokens present", 1000);
}

/** 401 code 4003: an X-Api-Key Clockify does not know. */
export function apiKeyDoesNotExist(): Response {
  return clockifyError(401, "Api key does not exist", 4003);
}

/** 401 code 4017: an addon token that does not verify. The simulator issues none, so every one is refused. */
export function tokenNotValid(): Response {
  return clockifyError(401, "Token is not valid", 4017);
}

/**
 * 403 "Access Denied". The sheet gives no code; code 501 is what Clockify sends when a non-admin lists
 * workspace users (lucassabreu/clockify-cli issue #301: `{"message":"Access Denied","code":501}`),
 * and also what a workspace id the key cannot see gets (a request to `workspaces/None/…` was seen
 * answering the same body), so the simulator uses it for unknown workspaces too.
 */
export function accessDenied(): Response {
  return clockifyError(403, "Access Denied", 501);
}

/** 404 code 3000 for a path with no route, worded as Spring does ("No static resource …time-entries/stop."). */
export function noStaticResource(pathname: string): Response {
  return clockifyError(404, `No static resource ${pathname.replace(/^\//, "")}.`, 3000);
}

/** 405 code 3000 for a known path with the wrong method, e.g. `GET /user-groups/{id}` (clockify.md). */
export function methodNotSupported(method: string, allowed: readonly string[]): Response {
  return clockifyError(405, `Request method '${method}' is not supported`, 3000, { allow: allowed.join(", ") });
}

/** 400 for a parameter Clockify cannot read. ASSUMPTION: the sheet lists 3001 among validation codes; the wording is ours. */
export function badRequest(message: string): Response {
  return clockifyError(400, message, 3001);
}

/**
 * 429 "Too many requests" (clockify.md, "Rate limits"). No Retry-After: none is documented.
 * ASSUMPTION: `code` 429; the sheet gives only the message.
 */
export function tooManyRequests(): Response {
  return clockifyError(429, "Too many requests", 429);
}

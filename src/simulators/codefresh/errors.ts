/**
 * @module
 * Codefresh's error answers: JSON `{status, code, name, message, context}` with `code` a string
 * (shared/apis/codefresh.md, "Errors"). Only the 401 body is documented to the letter; the others
 * follow its shape, and what is not from a source is marked ASSUMPTION.
 */

import { defaultServerError } from "../_kit/index.ts";

function codefreshError(
  status: number,
  code: string,
  name: string,
  message: string,
  context: Record<string, unknown> = {},
): Response {
  return Response.json({ status, code, name, message, context }, { status });
}

/** 401 for a missing or unknown key: `code "2401"`, `UNAUTHORIZED_ERROR`, "Unauthorized" (codefresh.md; codefresh-io/cli issue #306). */
export function unauthorized(): Response {
  return codefreshError(401, "2401", "UNAUTHORIZED_ERROR", "Unauthorized");
}

/**
 * 403 `FORBIDDEN_ERROR` with code "2400", the shape Codefresh sent for a missing role
 * (terraform-provider-codefresh issue #131). ASSUMPTION: the same shape for a key whose scopes do
 * not cover the request; the wording is the simulator's.
 */
export function missingScope(scope: string): Response {
  return codefreshError(
    403,
    "2400",
    "FORBIDDEN_ERROR",
    `API key is not permitted to access this resource: missing scope '${scope}'`,
    { requiredScope: scope },
  );
}

/**
 * 403 for a key Codefresh restricted for unusual activity (codefresh.md, "Rate limits", from
 * Codefresh's API-key rate-limiting page). ASSUMPTION: the body shape and wording.
 */
export function restrictedForUnusualActivity(): Response {
  return codefreshError(
    403,
    "2400",
    "FORBIDDEN_ERROR",
    "Access for this API key has been restricted due to unusual activity",
  );
}

/** 403 for an account the key's user cannot act on (the API acts only on the key's account). ASSUMPTION: wording. */
export function notYourAccount(accountId: string): Response {
  return codefreshError(403, "2400", "FORBIDDEN_ERROR", `Not allowed to access account ${accountId}`, { accountId });
}

/** 404 for an unknown id or path. ASSUMPTION: code "2404" and `NOT_FOUND_ERROR`, by analogy with the 401. */
export function notFound(message: string): Response {
  return codefreshError(404, "2404", "NOT_FOUND_ERROR", message);
}

/**
 * 429 Too Many Requests, with no rate-limit headers and no Retry-After (none are documented).
 * ASSUMPTION: a JSON body in the usual shape, code "2429".
 */
export function tooManyRequests(): Response {
  return codefreshError(429, "2429", "TOO_MANY_REQUESTS_ERROR", "Too Many Requests");
}

/** A `server-error` fault: Codefresh's shape for 500 (ASSUMPTION: code "1000"), a load balancer's page for 502–504. */
export function serverError(status: number): Response {
  if (status !== 500) return defaultServerError(status);
  return codefreshError(500, "1000", "INTERNAL_SERVER_ERROR", "Internal server error");
}

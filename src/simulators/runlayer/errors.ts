/**
 * @module
 * Runlayer's error answers, FastAPI-shaped (shared/apis/runlayer.md, "Conventions confirmed from
 * the CLI source"): `{"detail":"…"}`, and for a request parameter that fails validation a 422 whose
 * `detail` is a list of `{type, loc, msg, input}` (Pydantic v2's form). The wording of each detail
 * is ASSUMPTION unless noted: the management API's schema is served only by each instance.
 */

import { defaultServerError } from "../_kit/index.ts";

function detail(status: number, text: string, headers?: Record<string, string>): Response {
  return Response.json({ detail: text }, { status, headers });
}

/** 401 without any key: FastAPI's security dependencies say "Not authenticated". */
export function notAuthenticated(): Response {
  return detail(401, "Not authenticated", { "www-authenticate": "Bearer" });
}

/** 401 for a key the instance does not know (runlayer.md: "a missing or invalid key gets 401"). */
export function invalidApiKey(): Response {
  return detail(401, "Invalid or expired API key", { "www-authenticate": "Bearer" });
}

/** 403 for a key whose role lacks the capability (runlayer.md: "gets 403"). */
export function insufficientPermissions(capability: string): Response {
  return detail(403, `Insufficient permissions: this action requires the ${capability} capability`);
}

/** 403 for an organization key on an endpoint about users: such keys act as no user. */
export function orgKeyRefused(): Response {
  return detail(403, "Organization API keys cannot access user or role endpoints");
}

/** 404 for a path with no route: Starlette's own body. */
export function notFound(): Response {
  return detail(404, "Not Found");
}

/** 405 for a known path with another method: Starlette's body and Allow header. */
export function methodNotAllowed(allowed: readonly string[]): Response {
  return detail(405, "Method Not Allowed", { allow: allowed.join(", ") });
}

/** One item of a 422's `detail` list, as Pydantic v2 words it. */
export interface ValidationIssue {
  type: string;
  loc: (string | number)[];
  msg: string;
  input: unknown;
  ctx?: Record<string, unknown>;
}

/** 422 with every problem of the request's parameters at once, as FastAPI does. */
export function unprocessable(issues: readonly ValidationIssue[]): Response {
  return Response.json({ detail: issues }, { status: 422 });
}

/**
 * 429. Runlayer documents no rate limit (runlayer.md, "Rate limits"); the simulator's is an
 * ASSUMPTION, worded like slowapi's message and, like slowapi's default, without Retry-After.
 */
export function tooManyRequests(limit: number): Response {
  return detail(429, `Rate limit exceeded: ${limit} per 1 second`);
}

/** A 500 from an unhandled exception is Starlette's plain-text page; 502–504 come from the load balancer. */
export function serverError(status: number): Response {
  if (status === 500)
    return new Response("Internal Server Error", { status, headers: { "content-type": "text/plain; charset=utf-8" } });
  return defaultServerError(status);
}

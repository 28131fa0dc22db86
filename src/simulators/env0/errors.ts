/**
 * @module
 * env0's error answers (shared/apis/env0.md, "Errors"): the status is what matters; gateway-level
 * errors arrive as `{"message":"…"}` (used for 401, 403 and 429 as the sheet says), and a 400 has
 * been seen as plain text naming the failed validation.
 */

function messageBody(status: number, message: string): Response {
  return Response.json({ message }, { status });
}

/** 401: no Basic header, an unknown key id, or a wrong secret. ASSUMPTION: worded as API gateways word it. */
export function unauthorized(): Response {
  return messageBody(401, "Unauthorized");
}

/**
 * 403: the key is valid but may not do this here — an organization it is not in, or a role that
 * cannot read the organization's members. ASSUMPTION: the same body for both.
 */
export function forbidden(): Response {
  return messageBody(403, "Forbidden");
}

/** 404 for an unknown path or team id. ASSUMPTION: `{"message"}` like the other gateway errors. */
export function notFound(): Response {
  return messageBody(404, "Not Found");
}

/** 405 for a known path with another method. ASSUMPTION: the simulator serves reads only. */
export function methodNotAllowed(allowed: readonly string[]): Response {
  return Response.json({ message: "Method Not Allowed" }, { status: 405, headers: { allow: allowed.join(", ") } });
}

/** 429, with no rate-limit headers: none are documented (env0.md, "Rate limit"). */
export function tooManyRequests(): Response {
  return messageBody(429, "Too Many Requests");
}

/** 400 as plain text, e.g. `/querystring must have required property 'organizationId'` (env0.md, "Errors"). */
export function badRequest(text: string): Response {
  return new Response(text, { status: 400, headers: { "content-type": "text/plain; charset=utf-8" } });
}

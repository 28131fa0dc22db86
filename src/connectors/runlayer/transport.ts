/**
 * @module
 * One failure the Runlayer client names itself, because the HTTP client alone would only report
 * its aftermath: a redirect from https to plain http on the same host. Starlette answers a path
 * whose trailing slash differs from the route's with a 307 whose absolute `Location` is built
 * from the scheme the app sees (`redirect_slashes`, on by default:
 * https://fastapi.tiangolo.com/reference/fastapi/). Behind a TLS-terminating proxy whose
 * `X-Forwarded-Proto` the server does not trust, that scheme is http (Kludex/starlette issues
 * #1396 and #2748, fastapi/fastapi#4990). The client would follow it without the key — another
 * origin — and the sync would end in a puzzling 401 "Not authenticated".
 */
import { ApiError, redact, type FetchLike } from "../../core/kit.ts";

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** The redirect's target when it downgrades `from` to plain http on the same host, else undefined. */
function downgradeOf(from: URL, response: Response): URL | undefined {
  if (from.protocol !== "https:" || !REDIRECTS.has(response.status)) return undefined;
  const location = response.headers.get("location");
  if (location === null || !URL.canParse(location, from.href)) return undefined;
  const to = new URL(location, from);
  return to.protocol === "http:" && to.hostname === from.hostname ? to : undefined;
}

/** `inner`, failing at once, with a message that says so, on an https → http same-host redirect. */
export function refusingDowngrade(inner: FetchLike): FetchLike {
  return async (input, init) => {
    const response = await inner(input, init);
    const to = downgradeOf(input, response);
    if (to === undefined) return response;
    await response.body?.cancel().catch(() => undefined);
    const endpoint = `${init.method ?? "GET"} ${input.pathname}`;
    const wanted = `https://${to.host}${to.pathname}`;
    throw new ApiError(
      "fatal",
      redact(`${endpoint} was redirected from https to plain http (${to.origin}${to.pathname}); idsync does not send the API key over plain http`),
      {
        endpoint,
        status: response.status,
        hint: redact(
          `the server redirected to ${to.pathname === input.pathname ? "another address" : `the other trailing-slash spelling (${to.pathname})`} and its proxy does not tell it the request came over https: have the proxy send X-Forwarded-Proto: https and the server trust it (uvicorn --proxy-headers --forwarded-allow-ips), or, if it redirects the base URL itself, set --base-url to ${wanted}`,
        ),
      },
    );
  };
}

/**
 * @module
 * What keeps the explorer's data on the reviewer's screen. It shows who has access to what, so:
 * - **a per-run token** guards every API request. The URL that `idsync explore` prints carries
 *   it once: the server answers that URL with an `HttpOnly; SameSite=Strict` session cookie
 *   (a secret of its own, so no answer ever repeats the token) and a redirect to the same page
 *   without the token, so the address bar, history and a
 *   copied link never hold the token, and a link opened in another tab of the same browser
 *   still works. `SameSite=Strict` keeps another site's page from making the browser send it
 *   (no CSRF); `HttpOnly` keeps it from the page's scripts. Scripts outside a browser send the
 *   token as `Authorization: Bearer …` instead. The cookie is named after the port, because
 *   cookies are shared across a host's ports: two explorers on one machine keep apart. A
 *   restarted explorer on the same port makes a new session, so the old cookie is refused,
 *   with a message saying to open the newly printed URL (which replaces it);
 * - **the Host header must name this server** — `localhost`, the bound address, or (bound to
 *   every interface) an IP address — with its port. A DNS-rebinding page reaches the socket
 *   under its own domain name, and is refused before anything else is read;
 * - **a write** (deciding on a campaign item) must also come from the page itself: its `Origin`
 *   names this server as the Host header does, and `Sec-Fetch-Site`, when the browser sends it,
 *   says `same-origin`;
 * - **headers** forbid scripts and styles from anywhere but the server, inline ones included,
 *   framing, sniffing, referrers and caching.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { isIP } from "node:net";

/** Sent with every response: HTML, scripts, styles, JSON and errors alike. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "content-security-policy":
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "cache-control": "no-store",
  "cross-origin-opener-policy": "same-origin",
  "cross-origin-resource-policy": "same-origin",
};

/** 32 random bytes, URL-safe: what the printed URL carries and every API request must send. */
export function newToken(): string {
  return randomBytes(32).toString("base64url");
}

const digest = (value: string): Buffer => createHash("sha256").update(value).digest();

/** Whether `authorization` is `Bearer <token>`, compared in constant time. */
export function tokenMatches(authorization: string | undefined, token: string): boolean {
  const match = /^Bearer ([^\s]+)$/i.exec(authorization?.trim() ?? "");
  return match !== null && timingSafeEqual(digest(match[1]!), digest(token));
}

/**
 * The session cookie's name: one per port, since a browser sends a host's cookies to every
 * port on it, and two explorers running at once must not overwrite each other's.
 */
export const sessionCookieName = (port: number): string => `idsync-explore-${port}`;

/**
 * The `Set-Cookie` value that takes the token's place once the printed URL is opened: sent only to this host, never
 * with a request another site starts (`SameSite=Strict`), never readable by scripts
 * (`HttpOnly`); it ends with the browser session, and the token with the run anyway.
 */
export function sessionCookie(port: number, session: string): string {
  return `${sessionCookieName(port)}=${session}; Path=/; HttpOnly; SameSite=Strict`;
}

/** The values of this port's session cookie in a `Cookie` header (a browser may send more than one). */
function sessionCookieValues(cookieHeader: string | undefined, port: number): string[] {
  const name = sessionCookieName(port);
  const values: string[] = [];
  for (const pair of (cookieHeader ?? "").split(";")) {
    const separator = pair.indexOf("=");
    if (separator >= 0 && pair.slice(0, separator).trim() === name) values.push(pair.slice(separator + 1).trim());
  }
  return values;
}

/** Whether the `Cookie` header carries this port's session cookie with `session`, compared in constant time. */
export function cookieMatches(cookieHeader: string | undefined, port: number, session: string): boolean {
  return sessionCookieValues(cookieHeader, port).some((value) => timingSafeEqual(digest(value), digest(session)));
}

/**
 * Whether the `Cookie` header carries a session cookie of this port that is not this run's:
 * set by an earlier explorer on the same port (a restart), whose session ended with it. Two
 * explorers running at once are on two ports, so their cookies have two names.
 */
export function staleCookie(cookieHeader: string | undefined, port: number, session: string): boolean {
  const values = sessionCookieValues(cookieHeader, port).filter((value) => value !== "");
  return values.length > 0 && !cookieMatches(cookieHeader, port, session);
}

/** What a request with a stale session cookie is told: the page shows it as it is. */
export const STALE_SESSION =
  "this page's session is from an earlier run of idsync explore on this port, which has ended: open the URL it printed this time, with its token";

/** `[::1]` → `::1`; names compare lower-case. */
const bare = (host: string): string => host.replace(/^\[(.*)\]$/, "$1").toLowerCase();

const WILDCARDS = new Set(["0.0.0.0", "::"]);

/** Loopback addresses and `localhost`: the only binds that need no warning. */
export function isLoopbackHost(host: string): boolean {
  const name = bare(host);
  return name === "localhost" || name === "::1" || (isIP(name) === 4 && name.startsWith("127."));
}

/**
 * Whether a request's Host header names this server: `localhost`, the bound host itself, a
 * loopback address when bound to one, or any IP address when bound to every interface (an
 * address cannot be rebound; a name can). The port must be the one listened on.
 */
export function hostAllowed(header: string | undefined, bound: { host: string; port: number }): boolean {
  const match = /^(\[[^\]]+\]|[^:[\]]+)(?::(\d+))?$/.exec(header?.trim() ?? "");
  if (!match) return false;
  const port = match[2] === undefined ? 80 : Number(match[2]);
  if (port !== bound.port) return false;
  const name = bare(match[1]!);
  const boundName = bare(bound.host);
  if (name === "localhost" || name === boundName) return true;
  if (WILDCARDS.has(boundName)) return isIP(name) !== 0;
  return isLoopbackHost(boundName) && isLoopbackHost(name);
}

/**
 * Whether a request comes from a page of this server: `Origin` is `http://<host>` for the Host
 * header already checked, and `Sec-Fetch-Site`, when sent, is `same-origin`. A request with no
 * Origin is refused: every browser sends one with a POST.
 */
export function sameOrigin(
  headers: Readonly<Record<string, string | string[] | undefined>>,
  host: string | undefined,
): boolean {
  const origin = headers.origin;
  const site = headers["sec-fetch-site"];
  if (typeof origin !== "string" || host === undefined) return false;
  if (site !== undefined && site !== "same-origin") return false;
  return origin.toLowerCase() === `http://${host.trim().toLowerCase()}`;
}

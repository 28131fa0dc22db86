/**
 * @module
 * The explorer's HTTP server (`node:http`): the page's static files, read from
 * `static/` beside this module, and the JSON API. Read-only over the c1z files: GET and
 * nothing else, but for deciding on a campaign's items when one is served (`POST
 * /api/campaign/decide`, see `campaign-routes.ts`). Every response carries the security
 * headers; every refusal is a JSON `{"error": "…"}` with its status, never a stack trace. The
 * checks run in this order: Host (403), method (405), the token for `/api/` (401), from the
 * session cookie or an `Authorization: Bearer` header, then for a POST its origin (403) and
 * its body (415, 413).
 * The printed URL (`/?token=…`) is answered with the cookie and a redirect to `/`.
 */
import { readFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { ConfigError, isIdsyncError, redact, registerSecret } from "../core/index.ts";
import { API_ROUTES, ApiError } from "./api.ts";
import { explorerApps, type ExplorerInput } from "./apps.ts";
import { MAX_DECIDE_BODY, campaignDocument, decideRequest, type CampaignSession } from "./campaign-routes.ts";
import {
  SECURITY_HEADERS,
  STALE_SESSION,
  cookieMatches,
  hostAllowed,
  newToken,
  sameOrigin,
  sessionCookie,
  staleCookie,
  tokenMatches,
} from "./guard.ts";
import { CsvReply } from "./tables.ts";

/** The files the page is made of, by URL path; nothing else on disk is ever served. */
export const STATIC_FILES: Readonly<Record<string, { file: string; type: string }>> = {
  "/": { file: "index.html", type: "text/html; charset=utf-8" },
  "/app.js": { file: "app.js", type: "text/javascript; charset=utf-8" },
  "/render.js": { file: "render.js", type: "text/javascript; charset=utf-8" },
  "/shared.js": { file: "shared.js", type: "text/javascript; charset=utf-8" },
  "/table.js": { file: "table.js", type: "text/javascript; charset=utf-8" },
  "/review.js": { file: "review.js", type: "text/javascript; charset=utf-8" },
  "/people.js": { file: "people.js", type: "text/javascript; charset=utf-8" },
  "/roles.js": { file: "roles.js", type: "text/javascript; charset=utf-8" },
  "/changes.js": { file: "changes.js", type: "text/javascript; charset=utf-8" },
  "/app.css": { file: "app.css", type: "text/css; charset=utf-8" },
  "/favicon.svg": { file: "favicon.svg", type: "image/svg+xml" },
  "/campaign.js": { file: "campaign.js", type: "text/javascript; charset=utf-8" },
  "/campaign-kit.js": { file: "campaign-kit.js", type: "text/javascript; charset=utf-8" },
  "/campaign-items.js": { file: "campaign-items.js", type: "text/javascript; charset=utf-8" },
  "/campaign.css": { file: "campaign.css", type: "text/css; charset=utf-8" },
};

/** The one path that takes a POST, and only when a campaign is served. */
const DECIDE_PATH = "/api/campaign/decide";

const STATIC_DIR = path.join(import.meta.dirname, "static");

export interface ExplorerOptions {
  /**
   * The interface to listen on. Anything but loopback exposes the data to the network.
   * @default "127.0.0.1"
   */
  host?: string;
  /**
   * The port; 0 picks a free one.
   * @default 0
   */
  port?: number;
  /** The API token. @default 32 random bytes, fresh for each run */
  token?: string;
  /** Told about failures the API answered with a 500, which the page only sees as one line. */
  onError?: (error: unknown) => void;
  /** A campaign to decide on from the page (`--campaign`); without it, `/api/campaign` is 404. */
  campaign?: CampaignSession;
}

export interface RunningExplorer {
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  origin: string;
  port: number;
  /** The page's address, with the token: what `idsync explore` prints. */
  url: string;
  /** Stops listening, drops open connections, stops work under way and waits for it. */
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.statusCode = status;
  res.setHeader("content-type", type);
  res.setHeader("content-length", Buffer.byteLength(body));
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, document: unknown): void {
  send(res, status, "application/json; charset=utf-8", JSON.stringify(document));
}

/** The status and the one line a failure is answered with. */
function failure(error: unknown): { status: number; message: string } {
  if (error instanceof ApiError) return { status: error.status, message: redact(error.message) };
  if (isIdsyncError(error)) {
    if (error.kind === "invalid-config") return { status: 400, message: redact(error.message) };
    if (error.kind === "interrupted") return { status: 503, message: "the explorer is shutting down" };
    return { status: 500, message: redact(error.message) };
  }
  return { status: 500, message: "internal error; the terminal running idsync explore says more" };
}

/**
 * The body of a request, up to MAX_DECIDE_BODY bytes. Past that, the answer is 413 at once and
 * the connection closes after it; the rest is read and dropped, so the client gets the answer
 * rather than a reset.
 */
function readBody(req: IncomingMessage, res: ServerResponse): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const collect = (chunk: Buffer): void => {
      size += chunk.length;
      if (size <= MAX_DECIDE_BODY) return void chunks.push(chunk);
      req.off("data", collect);
      req.resume();
      res.setHeader("connection", "close");
      reject(new ApiError(413, `the body is over ${MAX_DECIDE_BODY / 1024} KiB`));
    };
    req.on("data", collect);
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/** Listens, or says in one line why it cannot (a port in use, an address not on this machine). */
function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      server.off("listening", onListening);
      const code = error.code ?? error.message;
      reject(
        new ConfigError(`cannot listen on ${host} port ${port}: ${code}`, {
          hint: code === "EADDRINUSE" ? "choose another --port, or 0 for any free one" : "check --host and --port",
          cause: error,
        }),
      );
    };
    const onListening = (): void => {
      server.off("error", onError);
      resolve();
    };
    server.once("error", onError);
    server.once("listening", onListening);
    server.listen(port, host);
  });
}

/** Starts serving `inputs` (their readers stay open, and stay the caller's to close). */
export async function startExplorer(
  inputs: readonly ExplorerInput[],
  options: ExplorerOptions = {},
): Promise<RunningExplorer> {
  const apps = explorerApps(inputs);
  const host = options.host ?? "127.0.0.1";
  const token = options.token ?? newToken();
  // The cookie carries a secret of its own, so no answer ever repeats the printed token.
  const session = newToken();
  registerSecret(token);
  registerSecret(session);
  const stopping = new AbortController();
  const inFlight = new Set<Promise<void>>();
  let port = 0;

  const campaign = options.campaign;
  const answerFor = async (
    req: IncomingMessage,
    res: ServerResponse,
    pathname: string,
    params: URLSearchParams,
  ): Promise<unknown> => {
    if (req.method === "POST") return decideRequest(campaign!, await readBody(req, res));
    if (pathname === "/api/campaign") {
      if (!campaign) throw new ApiError(404, "no campaign is served: start idsync explore with --campaign FILE");
      return campaignDocument(campaign, params);
    }
    const route = Object.hasOwn(API_ROUTES, pathname) ? API_ROUTES[pathname] : undefined;
    if (!route) throw new ApiError(404, `no API at ${pathname}`);
    const answer = await route({ apps, params, signal: stopping.signal });
    // The page learns here whether to offer the campaign, rather than from a 404 it would log.
    return pathname === "/api/apps" ? { ...(answer as object), campaign: campaign !== undefined } : answer;
  };

  const api = async (pathname: string, url: URL, req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (!tokenMatches(req.headers.authorization, token) && !cookieMatches(req.headers.cookie, port, session)) {
      res.setHeader("www-authenticate", 'Bearer realm="idsync explore"');
      const stale = req.headers.authorization === undefined && staleCookie(req.headers.cookie, port, session);
      return sendJson(res, 401, {
        error: stale ? STALE_SESSION : "this needs the token of the URL idsync explore printed",
      });
    }
    if (req.method === "POST") {
      // The token already keeps other sites out; a write also needs the page's own origin and JSON.
      if (!sameOrigin(req.headers, req.headers.host))
        return sendJson(res, 403, { error: "a decision must come from the explorer's own page (Origin)" });
      if (!/^application\/json(;|$)/i.test(req.headers["content-type"] ?? ""))
        return sendJson(res, 415, { error: "send the decision as application/json" });
    }
    try {
      const answer = await answerFor(req, res, pathname, url.searchParams);
      if (answer instanceof CsvReply) {
        res.setHeader("content-disposition", `attachment; filename="${answer.filename.replace(/[^\w.-]/g, "_")}"`);
        return send(res, 200, "text/csv; charset=utf-8", answer.body);
      }
      sendJson(res, 200, answer);
    } catch (error) {
      const { status, message } = failure(error);
      if (status === 500) options.onError?.(error);
      if (!res.destroyed) sendJson(res, status, { error: message });
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    if (!hostAllowed(req.headers.host, { host, port }))
      return sendJson(res, 403, { error: "the Host header does not name this server" });
    // Origin-form only ("/path?query"); appended, not resolved, so "//x" stays a path.
    const target = req.url ?? "";
    const decides = campaign !== undefined && target.split("?")[0] === DECIDE_PATH;
    if (decides ? req.method !== "POST" : req.method !== "GET") {
      res.setHeader("allow", decides ? "POST" : "GET");
      return sendJson(res, 405, { error: decides ? "decide with POST" : "the explorer is read-only: GET only" });
    }
    let url: URL | undefined;
    try {
      if (target.startsWith("/")) url = new URL(`http://explorer.invalid${target}`);
    } catch {
      url = undefined;
    }
    if (!url) return sendJson(res, 400, { error: "unreadable request target" });
    if (url.pathname.startsWith("/api/")) return api(url.pathname, url, req, res);
    if (url.pathname === "/" && url.searchParams.has("token")) {
      // The printed URL: the token moves into the cookie and out of the address bar (a wrong one
      // sets nothing, and the page then says it needs the printed address).
      if (tokenMatches(`Bearer ${url.searchParams.get("token")}`, token))
        res.setHeader("set-cookie", sessionCookie(port, session));
      res.setHeader("location", "/");
      return send(res, 303, "text/plain; charset=utf-8", "");
    }
    const asset = Object.hasOwn(STATIC_FILES, url.pathname) ? STATIC_FILES[url.pathname] : undefined;
    if (!asset) return sendJson(res, 404, { error: `nothing at ${url.pathname}` });
    send(res, 200, asset.type, await readFile(path.join(STATIC_DIR, asset.file)));
  };

  // A request without Host gets the Host check's 403 (with the headers) rather than node's bare 400.
  const server = createServer({ requireHostHeader: false }, (req, res) => {
    const work = handle(req, res)
      .catch((error: unknown) => {
        options.onError?.(error);
        if (!res.headersSent && !res.destroyed) sendJson(res, 500, { error: failure(error).message });
      })
      .finally(() => inFlight.delete(work));
    inFlight.add(work);
  });
  await listen(server, host, options.port ?? 0);
  port = (server.address() as AddressInfo).port;
  const origin = `http://${host.includes(":") && !host.startsWith("[") ? `[${host}]` : host}:${port}`;

  let closing: Promise<void> | undefined;
  return {
    origin,
    port,
    url: `${origin}/?token=${token}`,
    close() {
      closing ??= (async () => {
        stopping.abort();
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeAllConnections();
        await Promise.all([...apps.values()].map((app) => app.close()));
        await closed;
        await Promise.allSettled([...inFlight]);
      })();
      return closing;
    },
  };
}

/**
 * @module
 * The HTTP side of `idsync serve`: `/healthz` for liveness, `/readyz` for readiness, `/status`
 * (JSON) and `/metrics` (Prometheus), on the one host and port given. Read-only: anything but
 * GET is 405, any other path 404. Every body passes through `redact` last, as log lines do, so
 * a secret cannot leave by this door whatever produced the text.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { once } from "node:events";
import { ConfigError, redact } from "../../core/index.ts";
import { METRICS_CONTENT_TYPE, renderMetrics } from "./metrics.ts";
import type { JobState } from "./scheduler.ts";
import { readinessJson, statusJson, type AcrossApps } from "./status.ts";

/** What the endpoints read. */
export interface ServeView {
  states(): JobState[];
  /** True once shutdown began: readiness fails so traffic and probes move on. */
  stopping(): boolean;
  /** When serving started (epoch ms). */
  readonly startedAt: number;
  now(): number;
  /** The last check across the connectors' files; undefined with one connector, or before the first. */
  acrossApps(): AcrossApps | undefined;
}

export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const JSON_TYPE = "application/json; charset=utf-8";
const TEXT_TYPE = "text/plain; charset=utf-8";
export const ENDPOINTS = ["/healthz", "/readyz", "/status", "/metrics"] as const;

const json = (status: number, value: unknown): Reply => ({
  status,
  headers: { "content-type": JSON_TYPE },
  body: `${JSON.stringify(value, null, 2)}\n`,
});

const text = (status: number, body: string, contentType = TEXT_TYPE): Reply => ({
  status,
  headers: { "content-type": contentType },
  body,
});

/** Answers one request; no I/O, so tests can call it directly. */
export function respond(method: string, url: string, view: ServeView): Reply {
  const pathname = new URL(url, "http://localhost").pathname;
  if (!(ENDPOINTS as readonly string[]).includes(pathname))
    return text(404, `not found; try ${ENDPOINTS.join(", ")}\n`);
  if (method !== "GET") {
    const reply = text(405, "method not allowed; use GET\n");
    reply.headers["allow"] = "GET";
    return reply;
  }
  switch (pathname) {
    case "/healthz":
      return text(200, "ok\n");
    case "/readyz": {
      const readiness = readinessJson(view.states(), view.stopping());
      return json(readiness.ready ? 200 : 503, readiness.body);
    }
    case "/status":
      return json(200, statusJson(view.states(), view.startedAt, view.now(), view.acrossApps()));
    default:
      return text(200, renderMetrics(view.states(), view.acrossApps()), METRICS_CONTENT_TYPE);
  }
}

export interface Listening {
  /** `http://HOST:PORT`, with the port actually bound (for `--port 0`). */
  readonly url: string;
  readonly port: number;
  /** Stops listening and drops open connections; resolves once closed. */
  close(): Promise<void>;
}

/**
 * Serves `view` on `host:port` only. A port in use or an unknown host is a ConfigError (exit 2);
 * a server error after that goes to `onError` instead of ending the process.
 */
export async function listen(
  host: string,
  port: number,
  view: ServeView,
  onError: (error: Error) => void,
): Promise<Listening> {
  const server: Server = createServer((request, response) => {
    let reply: Reply;
    try {
      reply = respond(request.method ?? "GET", request.url ?? "/", view);
    } catch (error) {
      reply = text(500, `internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    }
    const body = Buffer.from(redact(reply.body), "utf8");
    response.writeHead(reply.status, {
      ...reply.headers,
      "content-length": String(body.length),
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    });
    response.end(body);
  });
  server.listen(port, host);
  try {
    // `once` rejects with the server's error when one comes before the event waited for.
    await once(server, "listening");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new ConfigError(`cannot listen on ${host}:${port} (${code})`, {
      setting: "port",
      hint:
        code === "EADDRINUSE" ? "another process uses that port; pick another with --port" : "check --host and --port",
    });
  }
  server.on("error", onError);
  const bound = (server.address() as AddressInfo).port;
  const shownHost = host.includes(":") ? `[${host}]` : host;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${shownHost}:${bound}`,
    port: bound,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

/**
 * @module
 * Serves a fetch handler over real HTTP with `node:http` (STYLE.md habit 7: the simulator is a fetch
 * handler; this adapter is the only place that knows about sockets). It turns an IncomingMessage into
 * a `Request`, streams the `Response` back, and plays the socket-level faults: a `ConnectionDropped`
 * or a failing body stream destroys the socket, a hanging handler holds it until the client leaves
 * or `close()` is called. `close()` never waits for a hanging request.
 */

import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { once } from "node:events";

import type { FetchHandler } from "./types.ts";

export interface ServeOptions {
  /**
   * Port to listen on; 0 picks a free one.
   * @default 0
   */
  port?: number;
  /**
   * Interface to bind. Simulators hold fake credentials only, but stay on loopback all the same.
   * @default "127.0.0.1"
   */
  host?: string;
}

export interface ServedHandler {
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  origin: string;
  port: number;
  /** Stops listening, drops every open connection (hanging ones included) and resolves once closed. */
  close(): Promise<void>;
}

/** Hop-by-hop headers describe the client's socket, not the request; a `Request` should not carry them. */
const HOP_BY_HOP = new Set(["connection", "keep-alive", "transfer-encoding", "upgrade", "expect", "proxy-connection"]);

async function readBody(message: IncomingMessage): Promise<Uint8Array | undefined> {
  if (message.method === "GET" || message.method === "HEAD") return undefined;
  const chunks: Buffer[] = [];
  for await (const chunk of message) chunks.push(chunk as Buffer);
  return chunks.length === 0 ? undefined : new Uint8Array(Buffer.concat(chunks));
}

function toRequest(
  message: IncomingMessage,
  origin: string,
  body: Uint8Array | undefined,
  signal: AbortSignal,
): Request {
  const headers = new Headers();
  for (const [name, values] of Object.entries(message.headersDistinct)) {
    if (HOP_BY_HOP.has(name) || values === undefined) continue;
    for (const value of values) headers.append(name, value);
  }
  return new Request(new URL(message.url ?? "/", origin), {
    method: message.method ?? "GET",
    headers,
    body,
    signal,
  });
}

async function writeResponse(response: Response, res: ServerResponse): Promise<void> {
  res.statusCode = response.status;
  if (response.statusText) res.statusMessage = response.statusText;
  response.headers.forEach((value, name) => {
    if (name !== "set-cookie") res.setHeader(name, value);
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) res.setHeader("set-cookie", cookies);
  if (response.body === null) {
    res.end();
    return;
  }
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (!res.write(value)) await once(res, "drain");
  }
  res.end();
}

/**
 * Serves `handler` on 127.0.0.1.
 * @example
 * const served = await serve(simulator.handler);
 * await fetch(`${served.origin}/api/v1/user`, { headers: { "X-Api-Key": key } });
 * await served.close();
 */
export async function serve(handler: FetchHandler, options: ServeOptions = {}): Promise<ServedHandler> {
  const host = options.host ?? "127.0.0.1";
  const inFlight = new Set<AbortController>();
  let origin = "";

  const server = createServer((message, res) => {
    const aborter = new AbortController();
    inFlight.add(aborter);
    // The client went away (or the socket was destroyed) before we finished: stop the handler's waits.
    res.once("close", () => {
      inFlight.delete(aborter);
      if (!res.writableFinished) aborter.abort(new DOMException("client disconnected", "AbortError"));
    });
    void (async () => {
      try {
        const request = toRequest(message, origin, await readBody(message), aborter.signal);
        await writeResponse(await handler(request), res);
      } catch (error) {
        if (aborter.signal.aborted || res.destroyed) return;
        const socket = message.socket;
        if (res.headersSent) {
          // A body that failed half-way: let the bytes already written reach the client, then kill the socket.
          socket.end(() => socket.destroy());
          return;
        }
        if (error instanceof Error && error.name === "ConnectionDropped") {
          socket.destroy();
          return;
        }
        res.statusCode = 500;
        res.setHeader("content-type", "text/plain");
        res.end(`simulator error: ${error instanceof Error ? error.message : String(error)}`);
      }
    })();
  });

  server.listen(options.port ?? 0, host);
  await once(server, "listening");
  const port = (server.address() as AddressInfo).port;
  origin = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;

  let closing: Promise<void> | undefined;
  return {
    origin,
    port,
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        for (const aborter of inFlight) aborter.abort(new DOMException("server closed", "AbortError"));
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

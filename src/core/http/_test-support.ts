/**
 * @module
 * Test helpers for the HTTP client: a real loopback server per test (closed in teardown) that
 * records requests and replays a script of responses, and a fake clock whose `sleep` advances
 * time instantly. Nothing here mocks `fetch`.
 */
import assert from "node:assert/strict";
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { TestContext } from "node:test";
import { ApiError } from "../errors/index.ts";

export interface RecordedRequest {
  readonly method: string;
  /** Path and query as received. */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export type Handler = (req: RecordedRequest, res: ServerResponse, index: number) => void;

export interface TestServer {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  readonly requests: RecordedRequest[];
  /** In flight right now, and the most ever seen at once. */
  readonly inFlight: { now: number; max: number };
}

/** Starts a server on 127.0.0.1 with an OS-chosen port; it is closed when the test ends. */
export async function startServer(t: TestContext, handler: Handler): Promise<TestServer> {
  const requests: RecordedRequest[] = [];
  const inFlight = { now: 0, max: 0 };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    inFlight.now++;
    inFlight.max = Math.max(inFlight.max, inFlight.now);
    res.on("close", () => inFlight.now--);
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const recorded = {
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      requests.push(recorded);
      handler(recorded, res, requests.length - 1);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  t.after(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  const { port } = server.address() as AddressInfo;
  return { origin: `http://127.0.0.1:${port}`, requests, inFlight };
}

export interface Scripted {
  status: number;
  headers?: Record<string, string>;
  /** A string is sent as-is; anything else as JSON. */
  body?: unknown;
  /** Send headers and part of the body, then destroy the socket. */
  dropMidBody?: boolean;
  /** Never answer. */
  hang?: boolean;
}

/** A handler replaying `steps` in order; the last step repeats. */
export function script(...steps: Scripted[]): Handler {
  return (_req, res, index) => {
    const step = steps[Math.min(index, steps.length - 1)]!;
    if (step.hang === true) return;
    const text = step.body === undefined ? "" : typeof step.body === "string" ? step.body : JSON.stringify(step.body);
    const headers: Record<string, string> = { "content-type": "application/json", ...step.headers };
    if (step.dropMidBody === true) {
      res.writeHead(step.status, { ...headers, "content-length": String(text.length + 100) });
      res.write(text.slice(0, Math.max(1, text.length >> 1)));
      setImmediate(() => res.socket?.destroy());
      return;
    }
    res.writeHead(step.status, headers);
    res.end(text);
  };
}

/** A clock that only moves when something sleeps; records every wait. */
export function fakeTime(start = Date.UTC(2025, 0, 1)) {
  let now = start;
  const waits: number[] = [];
  return {
    now: (): number => now,
    sleep: async (ms: number, signal?: AbortSignal): Promise<void> => {
      signal?.throwIfAborted();
      waits.push(ms);
      now += ms;
      await Promise.resolve();
    },
    waits,
    advance(ms: number): void {
      now += ms;
    },
  };
}

/** Options that make a client's retries instant and deterministic. */
export function instant(clock = fakeTime(), random = 0.5) {
  return { sleep: clock.sleep, now: clock.now, random: () => random };
}

/** The ApiError a request fails with; fails the test if it succeeds or throws something else. */
export async function failure(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof ApiError, `expected an ApiError, got ${String(error)}`);
    return error;
  }
  assert.fail("expected the request to fail");
}

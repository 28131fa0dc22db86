/**
 * @module
 * Test support for the explorer: serve c1z files on a free loopback port for a whole test
 * file, and make raw HTTP requests — with any method, Host header or none — as a browser, a
 * script or an attacker's page would.
 */
import { request } from "node:http";
import { after, before } from "node:test";
import { C1zReader } from "../core/index.ts";
import { appNameFromPath, chooseSync } from "../review/index.ts";
import { startExplorer, type RunningExplorer } from "./server.ts";

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface RequestOptions {
  method?: string;
  /** Sent as `Authorization: Bearer …`; none when undefined. */
  token?: string;
  headers?: Record<string, string>;
  /** Send no Host header at all (HTTP/1.0 clients may not). */
  noHost?: boolean;
}

/** One request to `origin` on its own connection. */
export function httpRequest(origin: string, target: string, options: RequestOptions = {}): Promise<Reply> {
  const url = new URL(origin);
  const headers: Record<string, string> = { ...options.headers };
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: target,
        method: options.method ?? "GET",
        headers,
        agent: false,
        setHost: !options.noHost,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }),
        );
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end();
  });
}

export interface TestExplorer {
  explorer: RunningExplorer;
  token: string;
  /** GET `target` with the token, expecting 200, parsed. */
  json(target: string): Promise<unknown>;
  /** Any request, with the token unless `options.token` says otherwise. */
  call(target: string, options?: RequestOptions): Promise<Reply>;
}

/**
 * Serves the files `prepare` makes (or names) for the whole test file; returns a getter for
 * the running explorer. One `before` hook does both, in order: node:test runs a file's
 * top-level hooks concurrently, so the files cannot come from a hook of their own.
 */
export function useExplorer(
  prepare: (cleanups: { after(cleanUp: () => void): void }) => Promise<string[]>,
  token = "test-token-0123456789abcdefghijklmnopqrstuvwxyz",
): () => TestExplorer {
  let served: TestExplorer | undefined;
  const readers: C1zReader[] = [];
  const cleanups: Array<() => void> = [];
  before(async () => {
    const inputs = [];
    for (const file of await prepare({ after: (cleanUp) => void cleanups.push(cleanUp) })) {
      const reader = await C1zReader.open(file);
      readers.push(reader);
      const chosen = chooseSync(reader);
      inputs.push({
        app: appNameFromPath(file),
        file,
        reader,
        sync: chosen.run,
        ...(chosen.note ? { note: chosen.note } : {}),
      });
    }
    const explorer = await startExplorer(inputs, { token });
    const call = (target: string, options: RequestOptions = {}) =>
      httpRequest(explorer.origin, target, { token, ...options });
    served = {
      explorer,
      token,
      call,
      async json(target) {
        const reply = await call(target);
        if (reply.status !== 200) throw new Error(`GET ${target}: ${reply.status} ${reply.body}`);
        return JSON.parse(reply.body) as unknown;
      },
    };
  });
  after(async () => {
    await served?.explorer.close();
    for (const reader of readers) reader.close();
    for (const cleanUp of cleanups) cleanUp();
  });
  return () => served!;
}

/**
 * @module
 * Puts a product's API handler inside the shared request pipeline: request counters, latency,
 * the documented rate limit, then faults. Products supply only what differs (their 429 and 5xx
 * shapes, what the limit is counted by); everything else is the same for the four simulators.
 */

import { setTimeout as sleep } from "node:timers/promises";

import { ConnectionDropped, changePage, emptyList, malformJson, truncatedStream } from "./fault-effects.ts";
import { FaultController, type Fault } from "./faults.ts";
import { createRandom, hashSeed } from "./random.ts";
import { createRateLimiter, type RateLimitRule } from "./rate-limit.ts";
import { itemsTouched } from "./tenant-index.ts";
import type { FetchHandler, Simulator, SimulatorOptions, SimulatorStats } from "./types.ts";

/** How the product words the answers the pipeline produces on its behalf. */
export interface ProductResponses {
  /** The product's 429 (status, headers, body). `resetMs` is when the caller's window reopens. */
  rateLimited(info: { resetMs: number }): Response;
  /**
   * The product's 5xx for a `server-error` fault.
   * @default JSON `{"message":"Internal Server Error"}` for 500, a load balancer's HTML page for 502–504
   */
  serverError?(status: number): Response;
}

export interface SimulatorParts<T> {
  name: string;
  options?: SimulatorOptions;
  /** The product's API, without rate limits or faults. */
  api: FetchHandler;
  tenant: T;
  /** The documented limit and what it is counted per (an API key, IP + method + URI…). Omit when none is documented. */
  rateLimit?: RateLimitRule & { keyOf(request: Request): string };
  responses: ProductResponses;
  /** Applies the tenant's next generation; run `options.generation` times before serving. */
  mutate(): void;
  settings(origin: string): Record<string, string>;
}

/** Query parameters that select a page rather than a list, for telling "the previous page of this list". */
const PAGING_PARAMS = new Set([
  "page",
  "page-size",
  "pageSize",
  "per_page",
  "skip",
  "limit",
  "offset",
  "cursor",
  "nextPageKey",
  "pageToken",
]);
const GATEWAY_TITLES: Record<number, string> = {
  502: "502 Bad Gateway",
  503: "503 Service Temporarily Unavailable",
  504: "504 Gateway Time-out",
};
/** Jitter around `latencyMs`, as a fraction of it either way. */
const LATENCY_JITTER = 0.1;
/** When a `rate-limit` fault says the window reopens; real windows are per product. */
const FAULT_RESET_MS = 1000;

export function defaultServerError(status: number): Response {
  const title = GATEWAY_TITLES[status];
  if (title === undefined) return Response.json({ message: "Internal Server Error" }, { status });
  const page = `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n</body>\r\n</html>\r\n`;
  return new Response(page, { status, headers: { "content-type": "text/html" } });
}

function listKey(method: string, url: URL): string {
  const query = [...url.searchParams]
    .filter(([name]) => !PAGING_PARAMS.has(name))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `${method} ${url.pathname}?${new URLSearchParams(query).toString()}`;
}

interface BufferedAnswer {
  status: number;
  statusText: string;
  headers: Headers;
  body: Uint8Array;
}

function rebuild(answer: BufferedAnswer, body: Uint8Array | ReadableStream<Uint8Array> = answer.body): Response {
  const headers = new Headers(answer.headers);
  if (body !== answer.body) headers.delete("content-length");
  const nullBody = answer.status === 204 || answer.status === 304;
  return new Response(nullBody ? null : body, { status: answer.status, statusText: answer.statusText, headers });
}

const isSuccess = (answer: BufferedAnswer): boolean => answer.status >= 200 && answer.status < 300;

/** Builds the `Simulator` a product's definition returns from `create()`. */
export function assembleSimulator<T>(parts: SimulatorParts<T>): Simulator & { tenant: T } {
  const options = parts.options ?? {};
  for (let generation = 0; generation < (options.generation ?? 0); generation++) parts.mutate();
  const seed = options.seed ?? 1;
  const latencyMs = Math.max(0, options.latencyMs ?? 0);
  const jitter = createRandom(hashSeed(seed, parts.name, "latency"));
  const faults = new FaultController(options.faults ?? []);
  const rule = options.rateLimit === false ? undefined : parts.rateLimit;
  const limiter = rule && createRateLimiter(rule, options.clock);
  const serverError = parts.responses.serverError ?? defaultServerError;
  const stats: Omit<SimulatorStats, "itemsTouched"> = { requests: 0, byPath: {}, rateLimited: 0 };
  /** The last 2xx body of each list, to serve as "the previous page" for `repeat-page`. */
  const lastPages = new Map<string, { href: string; body: Uint8Array }>();

  const nextLatency = (): number => {
    if (latencyMs === 0) return 0;
    return Math.max(0, Math.round(latencyMs * (1 + LATENCY_JITTER * (2 * jitter.next() - 1))));
  };

  async function handler(request: Request): Promise<Response> {
    const url = new URL(request.url);
    stats.requests++;
    stats.byPath[url.pathname] = (stats.byPath[url.pathname] ?? 0) + 1;
    const delay = nextLatency();
    if (delay > 0) await sleep(delay, undefined, { signal: request.signal });

    if (limiter && rule) {
      const verdict = limiter.take(rule.keyOf(request));
      if (!verdict.allowed) {
        stats.rateLimited++;
        return parts.responses.rateLimited({ resetMs: verdict.resetMs });
      }
    }

    const key = listKey(request.method, url);
    const previousPage = lastPages.get(key);
    let answer: BufferedAnswer | undefined;
    const answerOnce = async (): Promise<BufferedAnswer> => {
      if (answer) return answer;
      const response = await parts.api(request);
      answer = {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
        body: new Uint8Array(await response.arrayBuffer()),
      };
      if (request.method === "GET" && isSuccess(answer)) lastPages.set(key, { href: url.href, body: answer.body });
      return answer;
    };
    const applied = (fault: Fault): void => faults.commit(fault);

    for (const fault of faults.fire(request.method, url.pathname)) {
      const spec = fault.spec;
      switch (spec.kind) {
        case "rate-limit":
          applied(fault);
          return parts.responses.rateLimited({ resetMs: FAULT_RESET_MS });
        case "server-error":
          applied(fault);
          return serverError(spec.status ?? 500);
        case "hang":
          applied(fault);
          return faults.hang(request.signal);
        case "slow":
          applied(fault);
          await sleep(spec.delayMs, undefined, { signal: request.signal });
          return rebuild(await answerOnce());
        case "drop": {
          applied(fault);
          if (spec.afterBytes === undefined) throw new ConnectionDropped();
          const cut = await answerOnce();
          return rebuild(cut, truncatedStream(cut.body, spec.afterBytes));
        }
        case "malformed-json": {
          const current = await answerOnce();
          if (!isSuccess(current) || current.body.length === 0) break;
          applied(fault);
          return rebuild(current, malformJson(current.body));
        }
        case "repeat-page": {
          if (!previousPage || previousPage.href === url.href) break;
          const current = await answerOnce();
          if (!isSuccess(current)) break;
          applied(fault);
          return rebuild(current, previousPage.body);
        }
        case "change-page": {
          const current = await answerOnce();
          const changed = isSuccess(current) ? changePage(current.body, fault.applied + 1) : undefined;
          if (!changed) break;
          applied(fault);
          return rebuild(current, changed);
        }
        case "empty-list": {
          const current = await answerOnce();
          const emptied = isSuccess(current) ? emptyList(current.body) : undefined;
          if (!emptied) break;
          applied(fault);
          const headers = new Headers(current.headers);
          if (headers.has("last-page")) headers.set("last-page", "true");
          return rebuild({ ...current, headers }, emptied);
        }
      }
    }
    return rebuild(await answerOnce());
  }

  return {
    name: parts.name,
    handler,
    faults,
    tenant: parts.tenant,
    stats: () => ({
      requests: stats.requests,
      byPath: { ...stats.byPath },
      rateLimited: stats.rateLimited,
      itemsTouched: itemsTouched(parts.tenant as object),
    }),
    mutate: parts.mutate,
    settings: parts.settings,
  };
}

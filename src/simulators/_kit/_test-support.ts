/**
 * @module
 * Helpers for simulator tests: serve a handler on loopback for one test (closed in teardown), and a
 * toy product that exercises the kit's pipeline without depending on any real product's rules.
 */

import type { TestContext } from "node:test";

import { serve, type ServedHandler } from "./serve.ts";
import { assembleSimulator } from "./simulator.ts";
import type { Simulator, SimulatorOptions } from "./types.ts";

/** Serves `handler` on 127.0.0.1 until the test ends. */
export async function serveForTest(
  t: TestContext,
  handler: (request: Request) => Promise<Response>,
): Promise<ServedHandler> {
  const served = await serve(handler);
  t.after(() => served.close());
  return served;
}

/** Items the toy product lists: `item-00` … `item-(N-1)`. */
export const TOY_ITEMS = 25;

/**
 * A toy API: `GET /items?page=&limit=` (bare array, `X-Last-Page` header), `POST /echo` (returns its
 * JSON body), 10 requests per second per `x-key`, a 429 of `{"error":"slow down"}` with `Retry-After`.
 */
export function createToySimulator(options: SimulatorOptions = {}): Simulator {
  const items = Array.from({ length: TOY_ITEMS }, (_, index) => ({ id: `item-${String(index).padStart(2, "0")}` }));
  const api = async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    if (url.pathname === "/items" && request.method === "GET") {
      const page = Number(url.searchParams.get("page") ?? 1);
      const limit = Number(url.searchParams.get("limit") ?? 10);
      const slice = items.slice((page - 1) * limit, page * limit);
      return Response.json(slice, { headers: { "X-Last-Page": String(page * limit >= items.length) } });
    }
    if (url.pathname === "/echo" && request.method === "POST") return Response.json(await request.json());
    if (url.pathname === "/empty") return new Response(null, { status: 204 });
    return Response.json({ error: "not found" }, { status: 404 });
  };
  return assembleSimulator({
    name: "toy",
    options,
    api,
    tenant: { items },
    rateLimit: { limit: 10, windowMs: 1000, keyOf: (request) => request.headers.get("x-key") ?? "" },
    responses: {
      rateLimited: ({ resetMs }) =>
        Response.json(
          { error: "slow down" },
          { status: 429, headers: { "Retry-After": String(Math.ceil(resetMs / 1000)) } },
        ),
    },
    mutate: () => {},
    settings: (origin) => ({ "base-url": origin }),
  });
}

const ISO_MOMENT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/**
 * A deep copy of a JSON value with every ISO-8601 UTC moment moved by `ms`, for checking that a
 * tenant seeded against another reference date differs by exactly that shift and nothing else.
 */
export function shiftIsoMoments(value: unknown, ms: number): unknown {
  if (typeof value === "string") return ISO_MOMENT.test(value) ? new Date(Date.parse(value) + ms).toISOString() : value;
  if (Array.isArray(value)) return value.map((item) => shiftIsoMoments(item, ms));
  if (value !== null && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, shiftIsoMoments(item, ms)]));
  return value;
}

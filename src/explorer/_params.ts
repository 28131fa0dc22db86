/**
 * @module
 * What every API route reads from its query string, and the error it refuses a request with.
 */
import { choiceText } from "../core/index.ts";
import type { ExplorerApp } from "./apps.ts";

/** A request the API refuses, with the HTTP status that says why. */
export class ApiError extends Error {
  readonly status: number;

  constructor(status: number, message: string) {
    super(message);
    this.name = "ApiError";
    this.status = status;
  }
}

export interface ApiContext {
  apps: ReadonlyMap<string, ExplorerApp>;
  params: URLSearchParams;
  /** Aborted when the explorer shuts down: long builds (a diff) stop. */
  signal: AbortSignal;
}

export type Route = (context: ApiContext) => unknown;

/** Page size when `limit` is not given. */
export const DEFAULT_LIMIT = 50;
/** The largest page a request may ask for: a page is held in memory and sent whole. */
export const MAX_LIMIT = 200;

export function text(params: URLSearchParams, name: string): string | undefined {
  const value = params.get(name);
  return value === null || value === "" ? undefined : value;
}

export function integer(params: URLSearchParams, name: string, fallback: number, min: number, max: number): number {
  const raw = text(params, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) {
    throw new ApiError(
      400,
      `${name} must be a whole number from ${min} to ${max.toLocaleString("en-US")}, got "${raw}"`,
    );
  }
  return value;
}

export function paging(params: URLSearchParams): { offset: number; limit: number } {
  return {
    offset: integer(params, "offset", 0, 0, Number.MAX_SAFE_INTEGER),
    limit: integer(params, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT),
  };
}

/** The app named by `?app=`; it may be left out when the explorer serves only one. */
export function appOf({ apps, params }: ApiContext): ExplorerApp {
  const name = text(params, "app");
  if (name === undefined) {
    if (apps.size === 1) return apps.values().next().value!;
    throw new ApiError(400, `name the app with ?app= (one of ${[...apps.keys()].join(", ")})`);
  }
  const app = apps.get(name);
  if (!app) throw new ApiError(404, `no app "${name}" (the apps are ${[...apps.keys()].join(", ")})`);
  return app;
}

/** One of `choices`, named by `?name=`. */
export function choice<T extends string>(params: URLSearchParams, name: string, choices: readonly T[]): T {
  const value = text(params, name);
  if (value !== undefined && (choices as readonly string[]).includes(value)) return value as T;
  throw new ApiError(400, `${name} must be ${choiceText(choices)}, got "${value ?? ""}"`);
}

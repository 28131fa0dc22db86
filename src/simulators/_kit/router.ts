/**
 * @module
 * A tiny router for simulators: `route("GET", "/workspaces/:workspaceId/users", handler)`.
 * It tells "no such path" from "path exists, wrong method" and lets the product answer both, since
 * every product words its 404 and 405 differently (Clockify's code 3000 bodies, FastAPI's `detail`…).
 */

export type RouteParams = Readonly<Record<string, string>>;

/** What a route handler receives besides the request: path parameters, the parsed URL, and the caller's context. */
export interface RouteContext<C> {
  params: RouteParams;
  url: URL;
  /** Whatever the product passed to the router (e.g. the authenticated caller). */
  state: C;
}

export type RouteHandler<C = void> = (request: Request, context: RouteContext<C>) => Response | Promise<Response>;

export interface Route<C = void> {
  method: string;
  pattern: string;
  handler: RouteHandler<C>;
}

/** Declares one route. `:name` matches one path segment; a final `*` matches the rest of the path. */
export function route<C = void>(method: string, pattern: string, handler: RouteHandler<C>): Route<C> {
  return { method: method.toUpperCase(), pattern, handler };
}

export interface RouterOptions {
  /** No route has this path. */
  notFound(request: Request, url: URL): Response | Promise<Response>;
  /** A route has this path, but not for this method; `allowed` lists the methods it has. */
  methodNotAllowed(request: Request, url: URL, allowed: readonly string[]): Response | Promise<Response>;
  /**
   * Treat `/users/` like `/users`.
   * @default false
   */
  ignoreTrailingSlash?: boolean;
}

/** A compiled path pattern: params when the pathname matches, undefined otherwise. */
export type PathMatcher = (pathname: string) => RouteParams | undefined;

interface CompiledPattern {
  match: PathMatcher;
  /** Literal segments count; the most literal pattern wins when several match (`/users/info` over `/users/:id`). */
  specificity: number;
}

/** Segments after the leading slash; a trailing slash leaves an empty last segment, so `/a/` is not `/a`. */
function splitPath(pathname: string): string[] {
  return pathname.split("/").slice(1);
}

function compile(pattern: string): CompiledPattern {
  const segments = splitPath(pattern);
  const wildcard = segments.at(-1) === "*";
  const fixed = wildcard ? segments.slice(0, -1) : segments;
  const match: PathMatcher = (pathname) => {
    const parts = splitPath(pathname);
    if (wildcard ? parts.length < fixed.length : parts.length !== fixed.length) return undefined;
    const params: Record<string, string> = {};
    for (const [index, segment] of fixed.entries()) {
      const part = parts[index] as string;
      if (segment.startsWith(":")) {
        if (part === "") return undefined;
        try {
          params[segment.slice(1)] = decodeURIComponent(part);
        } catch {
          return undefined;
        }
      } else if (segment !== part) {
        return undefined;
      }
    }
    if (wildcard) params["*"] = parts.slice(fixed.length).join("/");
    return params;
  };
  return { match, specificity: fixed.filter((segment) => !segment.startsWith(":")).length };
}

/** Compiles a route-style pattern on its own, e.g. to scope a fault to `/api/v1/workspaces/:id/users`. */
export function pathMatcher(pattern: string): PathMatcher {
  return compile(pattern).match;
}

/**
 * Builds the product's dispatcher. Call it with the request and the per-request state the routes
 * need (use `undefined` when they need none).
 */
export function createRouter<C = void>(
  routes: readonly Route<C>[],
  options: RouterOptions,
): (request: Request, state: C) => Promise<Response> {
  const compiled = routes.map((entry) => ({ ...entry, ...compile(entry.pattern) }));
  return async (request, state) => {
    const url = new URL(request.url);
    let pathname = url.pathname;
    if (options.ignoreTrailingSlash && pathname.length > 1 && pathname.endsWith("/")) pathname = pathname.slice(0, -1);
    const method = request.method.toUpperCase();
    const matches = compiled
      .map((entry) => ({ entry, params: entry.match(pathname) }))
      .filter((candidate) => candidate.params !== undefined)
      .sort((left, right) => right.entry.specificity - left.entry.specificity);
    const chosen = matches.find((candidate) => candidate.entry.method === method);
    if (chosen?.params) return chosen.entry.handler(request, { params: chosen.params, url, state });
    if (matches.length > 0) {
      const allowed = [...new Set(matches.map((candidate) => candidate.entry.method))];
      return options.methodNotAllowed(request, url, allowed);
    }
    return options.notFound(request, url);
  };
}

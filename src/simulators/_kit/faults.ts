/**
 * @module
 * Faults on demand (DESIGN.md, "The simulators"): 429 bursts, 5xx, slow or hanging responses,
 * dropped connections, malformed JSON, a repeated page, a page that changes between calls, a list
 * answered as empty.
 * Armed at creation (`SimulatorOptions.faults`) or at runtime (`simulator.faults.add(…)`), scoped to
 * a path pattern and to "the next N matching requests" or "every Nth matching request". Nothing is
 * random: the same requests meet the same faults. Each application is counted so tests can assert it.
 */

import { pathMatcher, type PathMatcher } from "./router.ts";

export const FAULT_KINDS = [
  "rate-limit",
  "server-error",
  "slow",
  "hang",
  "drop",
  "malformed-json",
  "repeat-page",
  "change-page",
  "empty-list",
] as const;

export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultScope {
  /**
   * Route-style pattern on the URL pathname: `/api/v1/workspaces/:id/users`, or `/api/v1/*`.
   * @default every path
   */
  path?: string;
  /**
   * Only requests with this method.
   * @default every method
   */
  method?: string;
  /**
   * Apply to the next N matching requests (where the fault makes sense, see `repeat-page`).
   * @default 1 when `every` is not set, unlimited when it is
   */
  times?: number;
  /** Apply to every Nth matching request: the Nth, the 2Nth… */
  every?: number;
}

export type FaultSpec = FaultScope &
  (
    | { /** The product's own 429 body and headers. */ kind: "rate-limit" }
    | { kind: "server-error"; /** @default 500 */ status?: 500 | 502 | 503 | 504 }
    | { /** Answers normally, `delayMs` late. */ kind: "slow"; delayMs: number }
    | { /** Never answers, until the client gives up or the server closes. */ kind: "hang" }
    | {
        /** Destroys the socket. Without `afterBytes`, before any byte of the answer (fetch rejects); with it, after the headers and that many body bytes. */
        kind: "drop";
        afterBytes?: number;
      }
    | { /** A 2xx whose JSON body is cut in half. */ kind: "malformed-json" }
    | {
        /** A 2xx list page answered with the body of the previous, different page of the same list. Waits until there is one. */ kind: "repeat-page";
      }
    | {
        /** A 2xx JSON list page whose items come back rotated, as if the data moved between calls. Needs two items. */ kind: "change-page";
      }
    | {
        /**
         * A 2xx JSON list page answered as an empty last page: `[]`, or its envelope with the arrays
         * emptied, counts 0, no next-page pointer, and `Last-Page: true` where the product sends that
         * header. As a server that lost its data, or a redirect to one answering `[]`, would. Needs an item.
         */
        kind: "empty-list";
      }
  );

/** A fault as armed in the controller, with its counters. */
export interface Fault {
  readonly id: number;
  readonly spec: FaultSpec;
  /** Requests that matched its path and method so far. */
  readonly matched: number;
  /** Times it was actually applied. */
  readonly applied: number;
  /** It will not apply again (its `times` are used up). */
  readonly exhausted: boolean;
}

export interface FaultTally {
  total: number;
  byKind: Record<FaultKind, number>;
}

interface ArmedFault extends Fault {
  matched: number;
  applied: number;
  readonly matches: PathMatcher;
}

const FAULT_TEXT = /^([a-z-]+)(?::(\d+))?(?:([*%])(\d+))?(?:@(\S+))?$/;

/**
 * Reads the short form used on command lines: `kind[:number][*times|%every][@path]`.
 * @example
 * parseFault("server-error:503*2@/api/v1/workspaces/:id/users") // two 503s on that path
 * parseFault("slow:1500%3")                                     // every third request 1.5 s late
 */
export function parseFault(text: string): FaultSpec {
  const match = FAULT_TEXT.exec(text.trim());
  const kind = match?.[1] as FaultKind | undefined;
  if (!match || !kind || !(FAULT_KINDS as readonly string[]).includes(kind)) {
    throw new SyntaxError(
      `unknown fault "${text}"; expected kind[:number][*times|%every][@path], kind one of ${FAULT_KINDS.join(", ")}`,
    );
  }
  const number = match[2] === undefined ? undefined : Number(match[2]);
  const scope: FaultScope = {};
  if (match[3] === "*") scope.times = Number(match[4]);
  if (match[3] === "%") scope.every = Number(match[4]);
  if (match[5] !== undefined) scope.path = match[5];
  switch (kind) {
    case "server-error": {
      const status = number ?? 500;
      if (status !== 500 && status !== 502 && status !== 503 && status !== 504)
        throw new SyntaxError(`server-error status must be 500, 502, 503 or 504, got ${status}`);
      return { ...scope, kind, status };
    }
    case "slow":
      if (number === undefined) throw new SyntaxError("slow needs a delay: slow:<ms>");
      return { ...scope, kind, delayMs: number };
    case "drop":
      return number === undefined ? { ...scope, kind } : { ...scope, kind, afterBytes: number };
    default:
      return { ...scope, kind };
  }
}

function validate(spec: FaultSpec): void {
  if (!(FAULT_KINDS as readonly string[]).includes(spec.kind))
    throw new TypeError(`unknown fault kind "${String(spec.kind)}"`);
  for (const field of ["times", "every"] as const) {
    const value = spec[field];
    if (value !== undefined && !(Number.isInteger(value) && value >= 1))
      throw new RangeError(`fault ${field} must be a positive integer, got ${value}`);
  }
  if (spec.kind === "slow" && !(spec.delayMs >= 0)) throw new RangeError("slow fault needs delayMs >= 0");
  if (spec.kind === "drop" && spec.afterBytes !== undefined && !(spec.afterBytes >= 0))
    throw new RangeError("drop afterBytes must be >= 0");
}

export class FaultController {
  readonly #faults: ArmedFault[] = [];
  readonly #hanging = new Set<() => void>();
  #tally: FaultTally = emptyTally();
  #nextId = 1;

  constructor(initial: readonly (FaultSpec | string)[] = []) {
    for (const spec of initial) this.add(spec);
  }

  /** Arms a fault (object or short text form) and returns it, so a test can watch its counters. */
  add(spec: FaultSpec | string): Fault {
    const parsed = typeof spec === "string" ? parseFault(spec) : { ...spec };
    validate(parsed);
    const matches = parsed.path === undefined ? () => ({}) : pathMatcher(parsed.path);
    const times = parsed.times ?? (parsed.every === undefined ? 1 : undefined);
    const armed: ArmedFault = {
      id: this.#nextId++,
      spec: Object.freeze(parsed),
      matched: 0,
      applied: 0,
      matches,
      get exhausted() {
        return times !== undefined && this.applied >= times;
      },
    };
    this.#faults.push(armed);
    return armed;
  }

  /** Disarms one fault (its counters stay readable on the object you hold). */
  remove(fault: Fault): void {
    const index = this.#faults.findIndex((armed) => armed.id === fault.id);
    if (index >= 0) this.#faults.splice(index, 1);
  }

  /** Disarms every fault and forgets their counts; hanging requests are released. */
  clear(): void {
    this.#faults.length = 0;
    this.#tally = emptyTally();
    this.releaseHanging();
  }

  /** The armed faults, in the order they are tried. */
  list(): readonly Fault[] {
    return [...this.#faults];
  }

  /** How many faults were applied, in total and per kind, since creation or the last `clear()`. */
  get applied(): FaultTally {
    return { total: this.#tally.total, byKind: { ...this.#tally.byKind } };
  }

  /** Ends every request held by a `hang` fault (they fail as aborted). `close()` on a served simulator does it too. */
  releaseHanging(): void {
    for (const release of [...this.#hanging]) release();
  }

  /**
   * For the request pipeline: the faults that fire for this request, in order. Counts the match on
   * each armed fault; the pipeline applies the first one that makes sense and calls `commit`.
   */
  fire(method: string, pathname: string): readonly Fault[] {
    const firing: Fault[] = [];
    for (const armed of this.#faults) {
      if (armed.exhausted) continue;
      if (armed.spec.method !== undefined && armed.spec.method.toUpperCase() !== method.toUpperCase()) continue;
      if (!armed.matches(pathname)) continue;
      armed.matched++;
      if (armed.spec.every !== undefined && armed.matched % armed.spec.every !== 0) continue;
      firing.push(armed);
    }
    return firing;
  }

  /** For the request pipeline: records that `fault` was applied. */
  commit(fault: Fault): void {
    const armed = this.#faults.find((candidate) => candidate.id === fault.id);
    if (armed) armed.applied++;
    this.#tally.total++;
    this.#tally.byKind[fault.spec.kind]++;
  }

  /** For the request pipeline: waits until the request is aborted or `releaseHanging()` is called, then throws. */
  hang(signal: AbortSignal): Promise<never> {
    return new Promise<never>((_, reject) => {
      const release = (): void => {
        this.#hanging.delete(release);
        signal.removeEventListener("abort", release);
        reject(signal.aborted ? signal.reason : new DOMException("hanging request released", "AbortError"));
      };
      if (signal.aborted) return release();
      this.#hanging.add(release);
      signal.addEventListener("abort", release, { once: true });
    });
  }
}

function emptyTally(): FaultTally {
  return { total: 0, byKind: Object.fromEntries(FAULT_KINDS.map((kind) => [kind, 0])) as Record<FaultKind, number> };
}

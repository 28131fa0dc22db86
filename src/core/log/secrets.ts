/**
 * @module
 * The process-wide registry of secret values, and the redaction every output path applies.
 *
 * Why one registry instead of per-logger settings: a secret can surface anywhere — an API that
 * echoes the key in its error body, a URL in a stack trace, a `cause` three levels down — and the
 * logger, the error printer and the `config` output must all scrub the same set. Config
 * resolution and the HTTP auth strategies register values here before anything can print them.
 */

/** What a secret is replaced with, everywhere. */
export const REDACTED = "[REDACTED]";

/**
 * Shorter values are ignored: redacting every "abc" or "1" in a log would shred it while
 * protecting nothing (no real credential is that short).
 */
const MIN_SECRET_LENGTH = 4;

interface Registry {
  values: Set<string>;
  /** Alternation of every value, longest first; rebuilt lazily after a registration. */
  pattern: RegExp | undefined;
}

// Kept on globalThis so that two copies of this module (a bundler, a test loading a file twice)
// still share one registry: a secret registered through one copy must be scrubbed by the other.
const REGISTRY_KEY = Symbol.for("idsync.secrets");
const globalSlots = globalThis as unknown as Record<symbol, Registry | undefined>;
const registry: Registry = (globalSlots[REGISTRY_KEY] ??= { values: new Set(), pattern: undefined });

/**
 * Registers a secret so that {@link redact} replaces it everywhere from now on. Also registers
 * the forms a secret takes on its way out: URL-encoded (query strings, form bodies), base64
 * (headers, tokens) and JSON-escaped (a secret with quotes or backslashes inside a JSON body).
 * Empty strings and values shorter than 4 characters are ignored.
 */
export function registerSecret(value: string): void {
  if (typeof value !== "string" || value.length < MIN_SECRET_LENGTH) return;
  const base64 = Buffer.from(value, "utf8").toString("base64");
  const forms = [
    value,
    encodeURIComponent(value),
    base64,
    base64.replace(/=+$/, ""),
    JSON.stringify(value).slice(1, -1),
  ];
  let added = false;
  for (const form of forms) {
    if (form.length >= MIN_SECRET_LENGTH && !registry.values.has(form)) {
      registry.values.add(form);
      added = true;
    }
  }
  if (added) registry.pattern = undefined;
}

/** Forgets every registered secret. Only for tests, which each want a clean registry. */
export function _clearSecretsForTests(): void {
  registry.values.clear();
  registry.pattern = undefined;
}

function _escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");
}

function _pattern(): RegExp | undefined {
  if (registry.values.size === 0) return undefined;
  // Longest first: a regex alternation takes the first alternative that matches at a position,
  // so "abcd1234" must be tried before its prefix "abcd" or the tail would leak.
  registry.pattern ??= new RegExp(
    [...registry.values]
      .sort((a, b) => b.length - a.length || (a < b ? -1 : 1))
      .map(_escapeRegExp)
      .join("|"),
    "g",
  );
  return registry.pattern;
}

/** Replaces every registered secret in `text` with `[REDACTED]`. */
export function redact(text: string): string {
  const pattern = _pattern();
  if (pattern === undefined || text.length === 0) return text;
  return text.replace(pattern, REDACTED);
}

/**
 * A deep copy of `value` with every string redacted: object and array members, Map and Set
 * entries, and an Error's message, stack, cause and own properties (the copy keeps the Error's
 * prototype, so `instanceof` and `kind` still work). Cycles are preserved, not followed forever.
 */
export function redactValue<T>(value: T): T {
  return _redactDeep(value, new WeakMap()) as T;
}

function _redactDeep(value: unknown, seen: WeakMap<object, unknown>): unknown {
  if (typeof value === "string") return redact(value);
  if (typeof value !== "object" || value === null) return value;
  const known = seen.get(value);
  if (known !== undefined) return known;

  if (Array.isArray(value)) {
    const copy: unknown[] = [];
    seen.set(value, copy);
    for (const item of value) copy.push(_redactDeep(item, seen));
    return copy;
  }
  if (value instanceof Map) {
    const copy = new Map<unknown, unknown>();
    seen.set(value, copy);
    for (const [k, v] of value) copy.set(_redactDeep(k, seen), _redactDeep(v, seen));
    return copy;
  }
  if (value instanceof Set) {
    const copy = new Set<unknown>();
    seen.set(value, copy);
    for (const item of value) copy.add(_redactDeep(item, seen));
    return copy;
  }
  // Values that hold no free text of their own.
  if (value instanceof Date || ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return value;

  // Errors and other class instances keep their prototype; message and stack are own
  // properties of an Error, so copying own keys covers them (and `cause`, and symbol brands).
  const copy = Object.create(Object.getPrototypeOf(value) as object | null) as Record<PropertyKey, unknown>;
  seen.set(value, copy);
  for (const key of Reflect.ownKeys(value)) {
    const descriptor = Object.getOwnPropertyDescriptor(value, key);
    if (descriptor === undefined) continue;
    if ("value" in descriptor) descriptor.value = _redactDeep(descriptor.value, seen);
    else if (descriptor.get !== undefined) {
      // An accessor could compute anything; freeze what it returns now, redacted.
      const current = _redactDeep((value as Record<PropertyKey, unknown>)[key], seen);
      Object.defineProperty(copy, key, {
        value: current,
        enumerable: descriptor.enumerable,
        configurable: true,
        writable: true,
      });
      continue;
    }
    Object.defineProperty(copy, key, descriptor);
  }
  return copy;
}

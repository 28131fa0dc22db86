/**
 * @module
 * Turns log fields into printable data and lines. Internal to the logger.
 */
import { isSensitiveField, redactHeaders } from "./headers.ts";
import { REDACTED, redact } from "./secrets.ts";

/** Deeper structures are cut: a log line is for people, not a serialisation format. */
const MAX_DEPTH = 8;

/**
 * A JSON-safe copy of a field value with strings redacted. Errors become their message (a stack
 * belongs in a debug dump, not on every line), Headers are masked by name, cycles become
 * `[Circular]`, bigints become strings and `undefined` members are dropped.
 */
export function _loggable(value: unknown, depth = 0, ancestors: object[] = []): unknown {
  switch (typeof value) {
    case "string":
      return redact(value);
    case "number":
      return Number.isFinite(value) ? value : String(value);
    case "boolean":
      return value;
    case "bigint":
      return value.toString();
    case "undefined":
    case "function":
    case "symbol":
      return undefined;
  }
  if (value === null) return null;
  const object = value as object;
  if (object instanceof Error) return redact(object.message);
  if (object instanceof Date) return Number.isNaN(object.getTime()) ? "Invalid Date" : object.toISOString();
  if (object instanceof Headers) return redactHeaders(object);
  if (object instanceof URL) return redact(object.href);
  if (ArrayBuffer.isView(object) || object instanceof ArrayBuffer) return `<${object.byteLength} bytes>`;
  if (ancestors.includes(object)) return "[Circular]";
  if (depth >= MAX_DEPTH) return "[…]";
  const inner = [...ancestors, object];

  if (Array.isArray(object) || object instanceof Set) {
    return [...object].map((item) => _loggable(item, depth + 1, inner) ?? null);
  }
  const hasToJson = typeof (object as { toJSON?: unknown }).toJSON === "function";
  if (hasToJson) return _loggable((object as { toJSON(): unknown }).toJSON(), depth + 1, inner);
  const entries = object instanceof Map ? [...object].map(([k, v]) => [String(k), v] as const) : Object.entries(object);
  return _loggableFields(Object.fromEntries(entries), depth + 1, inner);
}

/** {@link _loggable} for a record of fields; a field named like a credential is masked outright. */
export function _loggableFields(
  fields: Record<string, unknown>,
  depth = 0,
  ancestors: object[] = [],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(fields)) {
    const value =
      isSensitiveField(key) && raw !== undefined && raw !== null ? REDACTED : _loggable(raw, depth, ancestors);
    if (value !== undefined) out[redact(key)] = value;
  }
  return out;
}

const RESERVED_JSON_KEYS = new Set(["level", "ts", "msg"]);

/** One zap-style JSON line: `{"level","ts","msg",...fields}`, `ts` in epoch seconds. */
export function _jsonLine(level: string, nowMs: number, msg: string, fields: Record<string, unknown>): string {
  const line: Record<string, unknown> = { level, ts: nowMs / 1000, msg: redact(msg) };
  for (const [key, value] of Object.entries(_loggableFields(fields))) {
    // A field may not overwrite the envelope: a reader filtering on `level` must be able to trust it.
    line[RESERVED_JSON_KEYS.has(key) ? `fields.${key}` : key] = value;
  }
  return JSON.stringify(line);
}

function _two(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function _consoleValue(value: unknown): string {
  if (typeof value === "string") return /^[^\s"=]+$/.test(value) ? value : JSON.stringify(value);
  return JSON.stringify(value);
}

/** One human line: `HH:MM:SS LEVEL msg key=value …`, local time. */
export function _consoleLine(level: string, nowMs: number, msg: string, fields: Record<string, unknown>): string {
  const at = new Date(nowMs);
  const time = `${_two(at.getHours())}:${_two(at.getMinutes())}:${_two(at.getSeconds())}`;
  const parts = [time, level.toUpperCase().padEnd(5), redact(msg)];
  for (const [key, value] of Object.entries(_loggableFields(fields))) parts.push(`${key}=${_consoleValue(value)}`);
  return parts.join(" ");
}

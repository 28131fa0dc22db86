/**
 * @module
 * The `idsync serve` config file: where the c1z files go and which connectors sync how often.
 *
 * ```json
 * { "out": "/var/lib/idsync", "concurrency": 2, "staleDays": 90,
 *   "connectors": [ { "name": "clockify", "every": "6h", "settings": { "workspace-id": "…" } } ] }
 * ```
 *
 * The whole file is checked before anything runs, and every problem is reported in one error:
 * a service that fails on its first problem, then its second on the next deploy, wastes a
 * deploy per typo. Secrets are refused here (they belong in `BATON_*` variables, which a
 * platform feeds from its secret store); a refused secret is still registered for redaction so
 * that no message can echo it.
 */
import fs from "node:fs";
import path from "node:path";
import {
  ConfigError,
  choiceText,
  envVarName,
  registerSecret,
  resolveSettings,
  isIdsyncError,
  type ConnectorDefinition,
  type SettingsDeclaration,
  type SettingsValues,
} from "../../core/index.ts";
import { CONNECTORS, findConnector } from "../../connectors/index.ts";
import { STALE_LOGIN_DAYS } from "../../review/index.ts";

/** Syncs closer together than this would only hammer the API; a c1z sync is a bulk read. */
export const MIN_EVERY_MS = 10_000;
/** A year: longer is almost certainly a typo, and nobody would notice it never ran. */
export const MAX_EVERY_MS = 366 * 24 * 3_600_000;
/** Connectors syncing at once, unless the file says otherwise. @default 2 */
export const DEFAULT_CONCURRENCY = 2;
export const MAX_CONCURRENCY = 8;

const UNIT_MS: Readonly<Record<string, number>> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const EVERY = /^(\d{1,9})([smhd])$/;

/** One connector's schedule, resolved and checked. */
export interface ServeJob {
  readonly definition: ConnectorDefinition;
  readonly name: string;
  /** Absolute path of the c1z this connector writes. */
  readonly file: string;
  /** The interval as written in the file, e.g. `6h`. */
  readonly every: string;
  readonly everyMs: number;
  readonly settings: SettingsValues<SettingsDeclaration>;
}

export interface ServeConfig {
  /** Absolute folder the files go into. */
  readonly out: string;
  readonly concurrency: number;
  /** The review after each sync counts an account dormant past this many days (`idsync review --stale-days`). */
  readonly staleDays: number;
  /** In the file's order. */
  readonly jobs: readonly ServeJob[];
}

/**
 * `30s`, `15m`, `6h`, `1d` → milliseconds, or the problem in words (as it follows the value's
 * name: `must be …`).
 */
export function parseEvery(text: unknown): number | { problem: string } {
  if (typeof text !== "string") return { problem: 'must be a string such as "30s", "15m", "6h" or "1d"' };
  const match = EVERY.exec(text.trim());
  if (!match)
    return {
      problem: `must be a number with s, m, h or d, such as "30s", "15m", "6h" or "1d", got ${JSON.stringify(text)}`,
    };
  const ms = Number(match[1]) * UNIT_MS[match[2]!]!;
  if (ms < MIN_EVERY_MS) return { problem: `must be at least ${MIN_EVERY_MS / 1000}s, got "${text}"` };
  if (ms > MAX_EVERY_MS) return { problem: `must be at most ${MAX_EVERY_MS / UNIT_MS["d"]!}d, got "${text}"` };
  return ms;
}

/** Where a JSON syntax error is, without quoting the text: the file may hold a secret by mistake. */
function jsonErrorPlace(error: unknown): string {
  const message = error instanceof Error ? error.message : "";
  const lineColumn = /line (\d+) column (\d+)/.exec(message);
  if (lineColumn) return ` (line ${lineColumn[1]}, column ${lineColumn[2]})`;
  const position = /position (\d+)/.exec(message);
  return position ? ` (at character ${position[1]})` : "";
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const TOP_KEYS = ["out", "concurrency", "staleDays", "connectors"];
const ENTRY_KEYS = ["name", "file", "every", "settings"];

interface Context {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly problems: string[];
}

/** `where` is empty at the top level. */
function unknownKeys(
  record: Record<string, unknown>,
  known: readonly string[],
  where: string,
  problems: string[],
): void {
  for (const key of Object.keys(record)) {
    if (!known.includes(key))
      problems.push(`${where ? `${where}: ` : ""}unknown key "${key}" (expected ${known.join(", ")})`);
  }
}

/** Settings from the file as flag-named text; secrets refused (but registered for redaction first). */
function fileSettings(
  raw: unknown,
  definition: ConnectorDefinition,
  where: string,
  problems: string[],
): Record<string, string> {
  if (raw === undefined) return {};
  if (!isRecord(raw)) {
    problems.push(`${where}: "settings" must be an object of setting name → value`);
    return {};
  }
  const flags: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    const field = definition.settings.fields.find((f) => f.name === name);
    if (field?.secret === true && typeof value === "string") registerSecret(value.trim());
    if (!field) {
      const names = definition.settings.fields.filter((f) => f.secret !== true).map((f) => f.name);
      problems.push(`${where}: unknown setting "${name}" (${definition.name} takes ${names.join(", ")})`);
      continue;
    }
    if (field.secret === true) {
      const envVar = envVarName(name, definition.name);
      problems.push(
        `${where}: "${name}" is a secret and is not read from the config file; set ${envVar} in the environment instead`,
      );
    }
    if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean") {
      problems.push(`${where}: setting "${name}" must be a string`);
      continue;
    }
    // A refused secret still goes to resolution, so it is not reported missing on top.
    flags[name] = String(value);
  }
  return flags;
}

const isSet = (text: string | undefined): boolean => text !== undefined && text.trim() !== "";

/**
 * Resolves a connector's settings from the file and the environment. Missing required settings
 * are reported here, in the file's terms (where to put each one); resolution then reports the
 * rest (malformed values, constraints) in its own words.
 */
function resolveJobSettings(
  definition: ConnectorDefinition,
  flags: Record<string, string>,
  where: string,
  context: Context,
) {
  const missing = definition.settings.fields.filter(
    (field) =>
      field.required === true &&
      !isSet(flags[field.name]) &&
      !isSet(context.env[envVarName(field.name, definition.name)]) &&
      !isSet(context.env[envVarName(field.name)]),
  );
  for (const field of missing) {
    const envVar = envVarName(field.name, definition.name);
    context.problems.push(
      field.secret === true
        ? `${where}: missing ${envVar} in the environment (a secret)`
        : `${where}: missing "${field.name}" in "settings" (or ${envVar} in the environment)`,
    );
  }
  const declaration: SettingsDeclaration = {
    ...definition.settings,
    fields: definition.settings.fields.map((field) =>
      missing.includes(field) ? { ...field, required: false } : field,
    ),
  };
  try {
    return resolveSettings(declaration, { connector: definition.name, flags, env: context.env });
  } catch (error) {
    if (!isIdsyncError(error)) throw error;
    context.problems.push(`${where}: ${error.message}`);
    return undefined;
  }
}

/** What one entry yields: its identity as far as it could be read, and the job when it is sound. */
interface ParsedEntry {
  readonly name: string | undefined;
  readonly file: string | undefined;
  readonly job: ServeJob | undefined;
}

function parseEntry(raw: unknown, index: number, out: string, context: Context): ParsedEntry {
  const { problems } = context;
  let where = `connectors[${index}]`;
  if (!isRecord(raw)) {
    problems.push(`${where} must be an object with "name" and "every"`);
    return { name: undefined, file: undefined, job: undefined };
  }
  const names = CONNECTORS.map((c) => c.name).join(", ");
  const definition = typeof raw["name"] === "string" ? findConnector(raw["name"]) : undefined;
  if (typeof raw["name"] !== "string")
    problems.push(`${where}: "name" must be ${choiceText(CONNECTORS.map((c) => c.name))}`);
  else if (!definition) problems.push(`${where}: no connector named "${raw["name"]}" (choose one of ${names})`);
  if (definition) where += ` (${definition.name})`;
  unknownKeys(raw, ENTRY_KEYS, where, problems);

  const every = raw["every"] === undefined ? { problem: 'is missing (e.g. "6h")' } : parseEvery(raw["every"]);
  if (typeof every !== "number") problems.push(`${where}: "every" ${every.problem}`);

  let file: string | undefined;
  if (raw["file"] === undefined) {
    if (definition) file = path.resolve(out, `${definition.name}.c1z`);
  } else if (typeof raw["file"] !== "string" || raw["file"].trim() === "") {
    problems.push(`${where}: "file" must be a file name such as "${definition?.name ?? "clockify"}.c1z"`);
  } else {
    file = path.resolve(out, raw["file"].trim());
  }

  if (!definition) return { name: undefined, file, job: undefined };
  const flags = fileSettings(raw["settings"], definition, where, problems);
  const settings = resolveJobSettings(definition, flags, where, context);
  const job =
    settings === undefined || file === undefined || typeof every !== "number"
      ? undefined
      : { definition, name: definition.name, file, every: String(raw["every"]).trim(), everyMs: every, settings };
  return { name: definition.name, file, job };
}

/**
 * Checks a parsed config file and resolves every connector's settings against `env`. Throws one
 * {@link ConfigError} listing every problem. `cwd` anchors a relative `out`.
 */
export function parseServeConfig(
  raw: unknown,
  source: string,
  env: Readonly<Record<string, string | undefined>>,
  cwd = process.cwd(),
): ServeConfig {
  const problems: string[] = [];
  const context: Context = { env, problems };
  if (!isRecord(raw))
    throw new ConfigError(`${source}: the config must be a JSON object with "connectors"`, { hint: HINT });
  unknownKeys(raw, TOP_KEYS, "", problems);

  let out = cwd;
  if (raw["out"] !== undefined) {
    if (typeof raw["out"] !== "string" || raw["out"].trim() === "") problems.push(`"out" must be a folder path`);
    else out = path.resolve(cwd, raw["out"].trim());
  }

  let concurrency = DEFAULT_CONCURRENCY;
  if (raw["concurrency"] !== undefined) {
    const value = raw["concurrency"];
    if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > MAX_CONCURRENCY) {
      problems.push(`"concurrency" must be a whole number from 1 to ${MAX_CONCURRENCY}, got ${JSON.stringify(value)}`);
    } else {
      concurrency = value;
    }
  }

  let staleDays = STALE_LOGIN_DAYS;
  if (raw["staleDays"] !== undefined) {
    const value = raw["staleDays"];
    if (typeof value !== "number" || !Number.isInteger(value) || value < 1)
      problems.push(`"staleDays" must be a whole number of days above 0, got ${JSON.stringify(value)}`);
    else staleDays = value;
  }

  const jobs: ServeJob[] = [];
  const entries = raw["connectors"];
  if (!Array.isArray(entries) || entries.length === 0) {
    problems.push(`"connectors" must list at least one connector, e.g. [{"name":"clockify","every":"6h"}]`);
  } else {
    const parsed = entries.map((entry, index) => parseEntry(entry, index, out, context));
    const seenNames = new Set<string>();
    const seenFiles = new Map<string, string>();
    parsed.forEach((entry, index) => {
      if (entry.job) jobs.push(entry.job);
      const label = `connectors[${index}]${entry.name ? ` (${entry.name})` : ""}`;
      // Secrets come from one set of environment variables per connector, so a second tenant of
      // the same product needs a second process anyway.
      if (entry.name !== undefined && seenNames.has(entry.name)) {
        problems.push(
          `${label}: ${entry.name} is listed more than once; run another idsync serve for another ${entry.name} tenant`,
        );
      }
      if (entry.name !== undefined) seenNames.add(entry.name);
      if (entry.file === undefined) return;
      const other = seenFiles.get(entry.file);
      if (other !== undefined)
        problems.push(`${label}: ${other} writes ${entry.file} already; give each connector a "file" of its own`);
      else seenFiles.set(entry.file, label);
    });
  }

  if (problems.length > 0) {
    // One line, so a pod's last log line or a cron mail shows everything wrong at once.
    throw new ConfigError(`${source}: ${problems.join("; ")}`, { hint: HINT });
  }
  return { out, concurrency, staleDays, jobs };
}

const HINT =
  'each connector is {"name","every","file"?,"settings"?}; settings go under "settings" by flag name ("workspace-id"), ' +
  "secrets in BATON_<CONNECTOR>_<SETTING> environment variables (run `idsync serve --help`)";

/** Reads and checks the config file at `file`. Throws {@link ConfigError}. */
export function loadServeConfig(
  file: string,
  env: Readonly<Record<string, string | undefined>>,
  cwd = process.cwd(),
): ServeConfig {
  let text: string;
  try {
    text = fs.readFileSync(path.resolve(cwd, file), "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "unreadable";
    throw new ConfigError(`cannot read the config file ${file} (${code})`, {
      setting: "config",
      hint: "pass --config FILE, a JSON file",
    });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${file} is not valid JSON${jsonErrorPlace(error)}`, { setting: "config", hint: HINT });
  }
  return parseServeConfig(raw, file, env, cwd);
}

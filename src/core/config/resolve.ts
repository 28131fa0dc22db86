/**
 * @module
 * Resolving declared settings from flags and environment variables into typed values.
 *
 * Precedence, highest first: flag, `BATON_<CONNECTOR>_<NAME>`, `BATON_<NAME>`, default. The
 * product-prefixed variable beats Baton's unprefixed one so that one shell can hold settings for
 * several connectors (DESIGN.md, "Every setting is also accepted under Baton's unprefixed name").
 */
import { ConfigError } from "../errors/index.ts";
import { REDACTED, redact, registerSecret } from "../log/index.ts";
import { _camelName, type SettingField, type SettingsDeclaration, type SettingsValues } from "./define.ts";
import { _checkConnectorName, _checkValue, _shownEnv } from "./_validate.ts";
import { envVarName } from "./env-names.ts";

export interface ResolveInput {
  /** The connector's name, which prefixes its environment variables: `clockify` → `BATON_CLOCKIFY_*`. */
  readonly connector: string;
  /**
   * Parsed command-line flags by kebab-case name (`{ "api-key": "…" }`). `true` is a flag given
   * without a value. Unknown names are ignored: the command line has flags of its own.
   */
  readonly flags: Readonly<Record<string, string | boolean | undefined>>;
  /** The environment, usually `process.env`. */
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** Where a setting's value came from. */
export type SettingOrigin = "flag" | "env" | "default" | "unset";

/** One setting's provenance, safe to print: a secret's value is `[REDACTED]`. */
export interface SettingSource {
  readonly name: string;
  readonly flag: string;
  readonly origin: SettingOrigin;
  /** The environment variable that supplied the value, when `origin` is `env`. */
  readonly envVar?: string;
  readonly secret: boolean;
  /** The resolved text (after trimming); `[REDACTED]` for a set secret; absent when unset. */
  readonly value?: string;
}

export interface ResolvedSettings<D extends SettingsDeclaration> {
  readonly values: SettingsValues<D>;
  /** In declaration order. */
  readonly sources: readonly SettingSource[];
}

interface _Picked {
  readonly text: string | undefined;
  readonly origin: SettingOrigin;
  readonly envVar?: string;
  /** A flag given without a value for a setting that needs one. */
  readonly bareFlag?: boolean;
}

function _pick(field: SettingField, input: ResolveInput): _Picked {
  const flag = input.flags[field.name];
  if (typeof flag === "boolean") {
    if (field.kind === "boolean") return { text: String(flag), origin: "flag" };
    if (flag) return { text: undefined, origin: "flag", bareFlag: true };
  } else if (flag !== undefined && flag.trim() !== "") {
    return { text: flag.trim(), origin: "flag" };
  }
  // An empty variable counts as unset: `BATON_X= cmd` is how shells and CI templates unset things.
  for (const envVar of [envVarName(field.name, input.connector), envVarName(field.name)]) {
    const text = input.env[envVar]?.trim();
    if (text !== undefined && text !== "") return { text, origin: "env", envVar };
  }
  if (field.default !== undefined) return { text: field.default, origin: "default" };
  return { text: undefined, origin: "unset" };
}

/** How a setting is named in a message: its flag, and the variable it came from or would come from. */
function _label(field: SettingField, connector: string, picked?: _Picked): string {
  const envVar = picked?.envVar ?? _shownEnv(connector, field);
  return `--${field.name} (${envVar})`;
}

/**
 * How a refused value is described: by its length, never quoted. A value in the wrong setting
 * is often a key pasted one line off (an env0 secret in --api-key-id, a Clockify key in
 * --workspace-id), and that setting is not registered as a secret, so quoting it would print it.
 */
function _described(text: string): string {
  return `, got a value of ${text.length} ${text.length === 1 ? "character" : "characters"} (not shown, in case it is a secret)`;
}

interface _Problem {
  readonly setting: string;
  readonly message: string;
  readonly hint?: string;
  readonly swapped?: boolean;
}

/**
 * The secret setting whose value would pass `field`'s check, when `field`'s own value failed
 * it: the two were most likely given the wrong way round (a Clockify key and workspace id, a
 * key and a base URL). Only ever named, never quoted.
 */
function _swappedSecret(
  field: SettingField,
  fields: readonly SettingField[],
  picked: readonly _Picked[],
): SettingField | undefined {
  return fields.find((other, i) => {
    const text = picked[i]?.text;
    return other.secret === true && other !== field && text !== undefined && "value" in _checkValue(field, text);
  });
}

/**
 * Resolves settings and reports where each came from. Throws {@link ConfigError} like
 * {@link resolveSettings}.
 */
export function resolveSettingsWithSources<D extends SettingsDeclaration>(
  declaration: D,
  input: ResolveInput,
): ResolvedSettings<D> {
  _checkConnectorName(input.connector);
  const fields = declaration.fields;
  const picked = fields.map((field) => _pick(field, input));

  // Register first: a validation message, a log line or a crash below must already be scrubbed.
  fields.forEach((field, i) => {
    const text = picked[i]?.text;
    if (field.secret === true && text !== undefined) registerSecret(text);
  });

  const problems: _Problem[] = [];
  const values: Record<string, unknown> = {};
  const sources: SettingSource[] = [];
  fields.forEach((field, i) => {
    const pick = picked[i]!;
    const secret = field.secret === true;
    const source: { -readonly [K in keyof SettingSource]: SettingSource[K] } = {
      name: field.name,
      flag: `--${field.name}`,
      origin: pick.origin,
      secret,
    };
    if (pick.envVar !== undefined) source.envVar = pick.envVar;
    sources.push(source);
    let value: unknown = field.kind === "boolean" ? false : undefined;
    if (pick.bareFlag === true) {
      problems.push({ setting: field.name, message: `--${field.name} needs a value` });
    } else if (pick.text === undefined) {
      if (field.required === true) {
        problems.push({
          setting: field.name,
          message: `missing --${field.name} (or ${_shownEnv(input.connector, field)})`,
          hint: field.description,
        });
      }
    } else {
      source.value = secret ? REDACTED : pick.text;
      const checked = _checkValue(field, pick.text);
      if ("problem" in checked) {
        // No value is quoted back (see `_described`), and a custom validator's phrase is scrubbed
        // in case it quoted the value itself.
        const got = secret ? "" : _described(pick.text);
        const swappedWith = secret ? undefined : _swappedSecret(field, fields, picked);
        const hint = swappedWith
          ? `--${field.name} and --${swappedWith.name} look swapped: the value given as --${swappedWith.name} is what --${field.name} expects`
          : field.example !== undefined && !secret
            ? `for example ${field.example}`
            : undefined;
        problems.push({
          setting: field.name,
          message: redact(`${_label(field, input.connector, pick)} ${checked.problem}${got}`),
          ...(hint !== undefined ? { hint } : {}),
          ...(swappedWith ? { swapped: true } : {}),
        });
      } else {
        value = checked.value;
      }
    }
    values[_camelName(field.name)] = value;
  });

  const byName = new Map(fields.map((field, i) => [field.name, { field, pick: picked[i]! }]));
  for (const group of declaration.exclusive) {
    const explicit = group.flatMap((name) => {
      const entry = byName.get(name);
      return entry !== undefined && (entry.pick.origin === "flag" || entry.pick.origin === "env") ? [entry] : [];
    });
    if (explicit.length > 1) {
      problems.push({
        setting: explicit[0]!.field.name,
        message: `${explicit.map((e) => _label(e.field, input.connector, e.pick)).join(" and ")} cannot be used together; set only one`,
      });
    }
  }
  for (const group of declaration.requiredTogether) {
    const entries = group.flatMap((name) => byName.get(name) ?? []);
    const missing = entries.filter((e) => e.pick.text === undefined);
    if (missing.length > 0 && missing.length < entries.length) {
      problems.push({
        setting: missing[0]!.field.name,
        message: `${group.map((name) => `--${name}`).join(" and ")} must be set together: missing ${missing
          .map((e) => `--${e.field.name} (or ${_shownEnv(input.connector, e.field)})`)
          .join(", ")}`,
      });
    }
  }

  if (problems.length > 0) {
    // A swap explains more than the first problem does: lead with its hint.
    const first = problems.find((p) => p.swapped === true) ?? problems[0]!;
    // One line, so a cron mail or a CI log shows everything wrong at once.
    throw new ConfigError(problems.map((p) => p.message).join("; "), {
      setting: first.setting,
      ...(first.hint !== undefined ? { hint: first.hint } : {}),
    });
  }
  return { values: Object.freeze(values) as SettingsValues<D>, sources };
}

/**
 * Resolves a connector's settings into typed values with camelCase keys. Every secret's value is
 * registered for redaction before validation runs. Throws {@link ConfigError} with one line naming
 * each problem's flag and environment variable, e.g.
 * `--workspace-id (BATON_CLOCKIFY_WORKSPACE_ID) must be 24 hexadecimal characters, got a value of 3 characters (not shown, in case it is a secret)`.
 */
export function resolveSettings<D extends SettingsDeclaration>(declaration: D, input: ResolveInput): SettingsValues<D> {
  return resolveSettingsWithSources(declaration, input).values;
}

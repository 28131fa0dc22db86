/**
 * @module
 * A connector declares its settings once, as data. Flags, `BATON_*` environment variables,
 * validation, the `config` JSON, `--help` text, secret redaction and the TypeScript type of the
 * resolved values are all derived from that one list — there is no second interface to keep in
 * step (the faros counter-example in STYLE.md keeps three copies and they drift).
 */
import { _checkValue } from "./_validate.ts";

/** How a setting's text is parsed. */
export type SettingKind = "string" | "url" | "integer" | "boolean";

export interface SettingField {
  /** The flag name, kebab-case: `api-key` gives `--api-key`, `BATON_<CONNECTOR>_API_KEY`, `BATON_API_KEY`. */
  readonly name: string;
  /** One sentence for `--help` and the `config` schema; say where the user finds the value. */
  readonly description: string;
  /**
   * Never echoed (errors, schema, `config` output) and registered for log redaction as soon as
   * it is resolved.
   * @default false
   */
  readonly secret?: boolean;
  /**
   * Resolution fails with `missing --<name>` when no source sets it.
   * @default false
   */
  readonly required?: boolean;
  /** The value when no flag or environment variable sets it; validated when declared. */
  readonly default?: string;
  /**
   * `url` must be an absolute http(s) URL; `integer` resolves to a number; `boolean` resolves
   * to a boolean (unset is `false`) and accepts true/false, 1/0, yes/no, on/off.
   * @default "string"
   */
  readonly kind?: SettingKind;
  /** The only accepted values (matched without case, resolved to the declared spelling). */
  readonly choices?: readonly string[];
  /**
   * A regular expression the text must match — anchor it (`^…$`) — and what it means in words,
   * used in the error: `must be <expected>`.
   * @example { regex: /^[0-9a-f]{24}$/i, expected: "24 hexadecimal characters" }
   */
  readonly pattern?: { readonly regex: RegExp; readonly expected: string };
  /**
   * A last check on the trimmed text, after kind, choices and pattern passed. Returns the
   * problem as a phrase that follows the setting's name ("must end with /api/v1"), or undefined.
   */
  readonly validate?: (value: string) => string | undefined;
  /** An example value for `--help` and the schema (omitted there for secrets). */
  readonly example?: string;
  /**
   * A flag every Baton connector has (`--client-id`): messages and `--help` name Baton's
   * unprefixed variable, `BATON_CLIENT_ID`. The connector-prefixed one is still read.
   * @default false
   */
  readonly shared?: boolean;
}

/** Names of a field list, for typing the constraint lists. */
export type SettingName<F extends readonly SettingField[]> = F[number]["name"];

/** A declared settings list: what `defineSettings` returns and every other function takes. */
export interface SettingsDeclaration<F extends readonly SettingField[] = readonly SettingField[]> {
  readonly fields: F;
  /** Groups of settings of which at most one may be set explicitly (defaults do not count). */
  readonly exclusive: readonly (readonly SettingName<F>[])[];
  /** Groups of settings that must be set all together or not at all. */
  readonly requiredTogether: readonly (readonly SettingName<F>[])[];
}

type _Camel<S extends string> = S extends `${infer Head}-${infer Tail}` ? `${Head}${Capitalize<_Camel<Tail>>}` : S;

type _BaseValue<F extends SettingField> = F extends { readonly kind: "integer" }
  ? number
  : F extends { readonly kind: "boolean" }
    ? boolean
    : string;

// Booleans are never undefined (absent means false); other fields are when neither required
// nor defaulted.
type _AlwaysSet<F extends SettingField> = F extends { readonly kind: "boolean" }
  ? true
  : F extends { readonly required: true }
    ? true
    : F extends { readonly default: string }
      ? true
      : false;

/** The resolved type of one field. */
export type SettingValue<F extends SettingField> =
  _AlwaysSet<F> extends true ? _BaseValue<F> : _BaseValue<F> | undefined;

/**
 * The resolved values of a declaration, keys in camelCase:
 * `SettingsValues<typeof clockifySettings>` is
 * `{ apiKey: string; workspaceId: string; region: string | undefined; baseUrl: string }`.
 */
export type SettingsValues<D> =
  D extends SettingsDeclaration<infer F> ? { [K in F[number] as _Camel<K["name"]>]: SettingValue<K> } : never;

const KEBAB = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** `workspace-id` → `workspaceId`. */
export function _camelName(name: string): string {
  return name.replace(/-([a-z0-9])/g, (_match, c: string) => c.toUpperCase());
}

/**
 * Declares a connector's settings. An identity function at runtime apart from checking the
 * declaration itself (a bad default or an unknown name in a constraint is a programming error,
 * so it throws a `TypeError` at import time rather than a `ConfigError` at a user's prompt).
 *
 * @example
 * export const clockifySettings = defineSettings({
 *   fields: [
 *     { name: "api-key", description: "Clockify API key", secret: true, required: true },
 *     { name: "region", description: "Regional host", choices: ["euc1", "use2"] },
 *   ],
 * });
 */
export function defineSettings<const F extends readonly SettingField[]>(declaration: {
  readonly fields: F;
  readonly exclusive?: readonly (readonly NoInfer<SettingName<F>>[])[];
  readonly requiredTogether?: readonly (readonly NoInfer<SettingName<F>>[])[];
}): SettingsDeclaration<F> {
  const names = new Set<string>();
  const camelNames = new Set<string>();
  for (const field of declaration.fields) {
    const where = `setting "${field.name}"`;
    if (!KEBAB.test(field.name)) throw new TypeError(`${where}: names are kebab-case, e.g. "api-key"`);
    if (names.has(field.name) || camelNames.has(_camelName(field.name)))
      throw new TypeError(`${where} is declared twice`);
    names.add(field.name);
    camelNames.add(_camelName(field.name));
    if (field.description.trim() === "") throw new TypeError(`${where} needs a description`);
    if (field.required === true && field.default !== undefined)
      throw new TypeError(`${where}: a required setting cannot have a default`);
    if (field.choices !== undefined && field.choices.length === 0) throw new TypeError(`${where}: choices is empty`);
    if (field.kind === "boolean" && (field.choices !== undefined || field.pattern !== undefined)) {
      throw new TypeError(`${where}: a boolean takes no choices or pattern`);
    }
    if (field.default !== undefined) {
      const checked = _checkValue(field, field.default);
      if ("problem" in checked) throw new TypeError(`${where}: default "${field.default}" ${checked.problem}`);
    }
  }
  const checkGroups = (label: string, groups: readonly (readonly string[])[]): void => {
    for (const group of groups) {
      if (group.length < 2) throw new TypeError(`${label} group [${group.join(", ")}] needs at least two settings`);
      for (const name of group) if (!names.has(name)) throw new TypeError(`${label} names unknown setting "${name}"`);
    }
  };
  checkGroups("exclusive", declaration.exclusive ?? []);
  checkGroups("requiredTogether", declaration.requiredTogether ?? []);
  return Object.freeze({
    fields: declaration.fields,
    exclusive: declaration.exclusive ?? [],
    requiredTogether: declaration.requiredTogether ?? [],
  });
}

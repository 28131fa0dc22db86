/**
 * @module
 * Descriptions derived from a declaration: the `config` subcommand's JSON (committed as a
 * snapshot, so a changed flag shows up in review — habit 2) and what `--help` says of each setting.
 * Neither ever contains a value, only names, forms and non-secret defaults.
 */
import type { SettingKind, SettingsDeclaration } from "./define.ts";
import { _checkConnectorName, _expectedForm, _shownEnv } from "./_validate.ts";
import { envVarName } from "./env-names.ts";

/** One setting in the `config` JSON. Key order is fixed, so the JSON is byte-stable. */
export interface SettingSchema {
  readonly name: string;
  readonly flag: string;
  /** Environment variables, highest precedence first: prefixed, then Baton's unprefixed name. */
  readonly env: readonly string[];
  readonly description: string;
  readonly kind: SettingKind;
  readonly secret: boolean;
  readonly required: boolean;
  /** Omitted for secrets. */
  readonly default?: string;
  readonly choices?: readonly string[];
  /** The pattern's source, for tools that validate before running. */
  readonly pattern?: string;
  /** What a valid value looks like, in words. */
  readonly expected?: string;
  /** Omitted for secrets. */
  readonly example?: string;
}

export interface SettingsSchema {
  readonly connector: string;
  /** Where each setting comes from, highest precedence first. */
  readonly precedence: readonly string[];
  readonly fields: readonly SettingSchema[];
  readonly constraints: {
    /** At most one setting of each group may be set explicitly. */
    readonly exclusive: readonly (readonly string[])[];
    /** Each group's settings must be set all together or not at all. */
    readonly requiredTogether: readonly (readonly string[])[];
  };
}

/** The JSON-serialisable description of a connector's settings, for its `config` subcommand. */
export function settingsSchema(declaration: SettingsDeclaration, connector: string): SettingsSchema {
  _checkConnectorName(connector);
  const fields = declaration.fields.map((field): SettingSchema => {
    const secret = field.secret === true;
    const expected = _expectedForm(field);
    // Built key by key, in a fixed order, with absent keys left out (not `undefined`).
    const entry: Record<string, unknown> = {
      name: field.name,
      flag: `--${field.name}`,
      env: [envVarName(field.name, connector), envVarName(field.name)],
      description: field.description,
      kind: field.kind ?? "string",
      secret,
      required: field.required === true,
    };
    if (field.default !== undefined && !secret) entry.default = field.default;
    if (field.choices !== undefined) entry.choices = [...field.choices];
    if (field.pattern !== undefined) entry.pattern = field.pattern.regex.source;
    if (expected !== undefined) entry.expected = expected;
    if (field.example !== undefined && !secret) entry.example = field.example;
    return entry as unknown as SettingSchema;
  });
  return {
    connector,
    precedence: ["flag", envVarName("<NAME>", connector), envVarName("<NAME>"), "default"],
    fields,
    constraints: {
      exclusive: declaration.exclusive.map((group) => [...group]),
      requiredTogether: declaration.requiredTogether.map((group) => [...group]),
    },
  };
}

const PLACEHOLDER: Readonly<Record<SettingKind, string>> = {
  string: "string",
  url: "url",
  integer: "int",
  boolean: "",
};

/** What `--help` says of one setting. Never a secret's default or example. */
export interface SettingHelp {
  readonly name: string;
  readonly boolean: boolean;
  /** The value's name: `string`, `url` or `int`; empty for a boolean. */
  readonly placeholder: string;
  readonly description: string;
  /** In order: required, secret, the expected form, the default, an example. */
  readonly notes: readonly string[];
  /** The variable the help names: the prefixed one, or Baton's own for a shared flag. */
  readonly env: string;
}

/**
 * The `--help` of a declaration as data, for the command line to lay out with its other flags:
 * one entry per setting, and one sentence per constraint ("Only one of --region, --base-url may be set.").
 */
export function settingsHelp(
  declaration: SettingsDeclaration,
  connector: string,
): { fields: SettingHelp[]; constraints: string[] } {
  _checkConnectorName(connector);
  const fields = declaration.fields.map((field): SettingHelp => {
    const notes: string[] = [];
    if (field.required === true) notes.push("required");
    if (field.secret === true) notes.push("secret");
    // Kind-derived forms ("a whole number") repeat the placeholder; only say what it cannot.
    if (field.pattern !== undefined || field.choices !== undefined) notes.push(_expectedForm(field) ?? "");
    if (field.default !== undefined && field.secret !== true) notes.push(`default ${JSON.stringify(field.default)}`);
    if (field.example !== undefined && field.secret !== true) notes.push(`e.g. ${field.example}`);
    const kind = field.kind ?? "string";
    return {
      name: field.name,
      boolean: kind === "boolean",
      placeholder: PLACEHOLDER[kind],
      description: field.description,
      notes,
      env: _shownEnv(connector, field),
    };
  });
  const constraints = [
    ...declaration.exclusive.map((group) => `Only one of ${group.map((n) => `--${n}`).join(", ")} may be set.`),
    ...declaration.requiredTogether.map((group) => `${group.map((n) => `--${n}`).join(", ")} must be set together.`),
  ];
  return { fields, constraints };
}

/**
 * @module
 * A settings declaration (core/config) as command flags: the connectors' settings, Baton's
 * general flags and service mode's are declared once, as settings, and reach `--help` and the
 * parser through here. Their values, checks and defaults stay with the settings resolution,
 * which reads the environment too, so the flags carry them as notes, not as parser defaults.
 */
import { settingsHelp, type SettingsDeclaration } from "../core/index.ts";
import type { FlagSpec, FlagSpecs } from "./command.ts";

/** The flags of `declaration` for `connector`; `shorts` gives some a one-letter alias (`file` → `f`). */
export function settingFlags(
  declaration: SettingsDeclaration,
  connector: string,
  shorts: Readonly<Record<string, string>> = {},
): FlagSpecs {
  const flags: Record<string, FlagSpec> = {};
  for (const field of settingsHelp(declaration, connector).fields) {
    const short = shorts[field.name];
    flags[field.name] = {
      type: field.boolean ? "boolean" : "string",
      ...(short ? { short } : {}),
      ...(field.boolean ? {} : { value: field.placeholder }),
      description: field.description,
      notes: field.notes,
      env: field.env,
    };
  }
  return flags;
}

/** The sentences saying which of `declaration`'s settings go together or exclude each other. */
export function settingConstraints(declaration: SettingsDeclaration, connector: string): string[] {
  return settingsHelp(declaration, connector).constraints;
}

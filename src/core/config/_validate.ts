/**
 * @module
 * Parsing and checking one setting's text, and the names derived from a setting (flag and
 * environment variables). Shared by declaration checks, resolution and the schema.
 */
import type { SettingField } from "./define.ts";
import { envVarName } from "./env-names.ts";
import { choiceText } from "../wording.ts";

export type _Checked = { readonly value: string | number | boolean } | { readonly problem: string };

const TRUE_WORDS = new Set(["true", "1", "yes", "on"]);
const FALSE_WORDS = new Set(["false", "0", "no", "off"]);

/** What a valid value looks like, in words; undefined for free text. */
export function _expectedForm(field: SettingField): string | undefined {
  if (field.pattern !== undefined) return field.pattern.expected;
  if (field.choices !== undefined) return `one of ${field.choices.join(", ")}`;
  switch (field.kind ?? "string") {
    case "url":
      return "an absolute http(s) URL";
    case "integer":
      return "a whole number";
    case "boolean":
      return "true or false";
    case "string":
      return undefined;
  }
}

/** Parses and checks trimmed text: kind first, then choices, then pattern, then `validate`. */
export function _checkValue(field: SettingField, text: string): _Checked {
  let value: string | number | boolean = text;
  switch (field.kind ?? "string") {
    case "boolean": {
      const word = text.toLowerCase();
      if (TRUE_WORDS.has(word)) return { value: true };
      if (FALSE_WORDS.has(word)) return { value: false };
      return { problem: "must be true or false" };
    }
    case "integer":
      if (!/^[+-]?\d+$/.test(text) || !Number.isSafeInteger(Number(text))) return { problem: "must be a whole number" };
      value = Number(text);
      break;
    case "url": {
      let url: URL | undefined;
      try {
        url = new URL(text);
      } catch {
        url = undefined;
      }
      if (url === undefined || (url.protocol !== "https:" && url.protocol !== "http:") || url.hostname === "") {
        return {
          problem: `must be an absolute http(s) URL${field.example === undefined ? "" : ` such as ${field.example}`}`,
        };
      }
      break;
    }
    case "string":
      break;
  }
  if (field.choices !== undefined) {
    const match = field.choices.find((choice) => choice.toLowerCase() === text.toLowerCase());
    if (match === undefined) return { problem: `must be ${choiceText(field.choices)}` };
    value = match;
  }
  if (field.pattern !== undefined) {
    // A /g or /y regex keeps lastIndex between calls and would fail every second test.
    const regex = new RegExp(field.pattern.regex.source, field.pattern.regex.flags.replace(/[gy]/g, ""));
    if (!regex.test(text)) return { problem: `must be ${field.pattern.expected}` };
  }
  const problem = field.validate?.(text);
  if (problem !== undefined && problem !== "") return { problem };
  return { value };
}

/** The variable a message or `--help` names for a setting: Baton's own for a shared flag. */
export function _shownEnv(connector: string, field: { name: string; shared?: boolean }): string {
  return field.shared === true ? envVarName(field.name) : envVarName(field.name, connector);
}

const CONNECTOR_NAME = /^[a-z][a-z0-9-]*$/;

export function _checkConnectorName(connector: string): void {
  if (!CONNECTOR_NAME.test(connector))
    throw new TypeError(`connector name "${connector}" must be lower-case kebab-case`);
}

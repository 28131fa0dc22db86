/**
 * @module
 * RFC 4180 CSV: a header row, CRLF line ends, fields quoted when they hold a comma, a quote,
 * CR or LF (quotes doubled inside). Null is an empty field; booleans are `true`/`false`.
 *
 * `guardFormulas` puts `'` before a text field that starts with `=`, `+`, `-`, `@`, TAB or CR,
 * because Excel, LibreOffice and Google Sheets run such a cell as a formula and these fields hold
 * names anyone can give themselves in a SaaS product; the quote makes the cell show as text
 * (OWASP, https://owasp.org/www-community/attacks/CSV_Injection).
 */

export type CsvValue = string | number | boolean | null | undefined;

export interface CsvOptions {
  /**
   * Prefix `'` to a string that a spreadsheet would read as a formula. Numbers and booleans are
   * never prefixed.
   * @default false
   */
  guardFormulas?: boolean;
}

const NEEDS_QUOTES = /[",\r\n]/;
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvField(value: CsvValue, options: CsvOptions = {}): string {
  if (value === null || value === undefined) return "";
  const text =
    options.guardFormulas && typeof value === "string" && FORMULA_START.test(value) ? `'${value}` : String(value);
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvLine(values: readonly CsvValue[], options: CsvOptions = {}): string {
  return `${values.map((value) => csvField(value, options)).join(",")}\r\n`;
}

/**
 * @module
 * RFC 4180 CSV: a header row, CRLF line ends, fields quoted when they hold a comma, a quote,
 * CR or LF (quotes doubled inside). Null is an empty field; booleans are `true`/`false`.
 */

export type CsvValue = string | number | boolean | null | undefined;

const NEEDS_QUOTES = /[",\r\n]/;

export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return "";
  const text = String(value);
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvLine(values: readonly CsvValue[]): string {
  return `${values.map(csvField).join(",")}\r\n`;
}

/**
 * @module
 * The text of `export`'s rows, a CSV line or a JSON object each. A row is its principal's
 * columns, its entitlement's and its grant's; the first two repeat from row to row as the
 * same objects (`exportRowParts`), so each is formatted once and its text reused: a million
 * rows cost a million formattings of the three grant columns, not of seventeen. The text is
 * exactly `csvLine` of the row's values, or `JSON.stringify` of the row with its keys in
 * column order.
 */
import {
  csvField,
  GRANT_COLUMNS,
  PRINCIPAL_COLUMNS,
  TARGET_COLUMNS,
  type CsvOptions,
  type ExportRowParts,
} from "../../review/index.ts";

export type ExportFormat = "csv" | "json";

type Part = Readonly<Record<string, string | boolean | null>>;

export class ExportLines {
  readonly #format: ExportFormat;
  readonly #csv: CsvOptions;
  /** Text of the principal and target objects seen; an entry goes when its object does. */
  readonly #texts = new WeakMap<Part, string>();

  constructor(format: ExportFormat, csv: CsvOptions) {
    this.#format = format;
    this.#csv = csv;
  }

  /** The row's line: CSV with its CRLF, or the JSON object alone. */
  line(row: ExportRowParts): string {
    const principal = this.#cached(row.principal, PRINCIPAL_COLUMNS);
    const target = this.#cached(row.target, TARGET_COLUMNS);
    const grant = this.#text(row.grant, GRANT_COLUMNS);
    return this.#format === "csv" ? `${principal},${target},${grant}\r\n` : `{${principal},${target},${grant}}`;
  }

  #cached(part: Part, columns: readonly string[]): string {
    let text = this.#texts.get(part);
    if (text === undefined) {
      text = this.#text(part, columns);
      this.#texts.set(part, text);
    }
    return text;
  }

  /** The part's fields: CSV fields, or `"key":value` members, comma-separated. */
  #text(part: Part, columns: readonly string[]): string {
    let text = "";
    for (const [index, column] of columns.entries()) {
      const value = part[column];
      if (index > 0) text += ",";
      text +=
        this.#format === "csv" ? csvField(value, this.#csv) : `${JSON.stringify(column)}:${JSON.stringify(value)}`;
    }
    return text;
  }
}

/**
 * @module
 * How every count reaches a person: grouped digits and the noun in the number it needs, so
 * no line says "1 grants" or "2,000 user". One helper, for the command line and the reports.
 */

/**
 * "1 grant", "12,345 grants"; `many` for nouns whose plural is not `one` + "s".
 * @example countOf(2, "retry", "retries") // "2 retries"
 */
export function countOf(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;
}

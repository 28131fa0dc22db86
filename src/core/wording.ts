/**
 * @module
 * How counts and lists of things reach a person: grouped digits, the noun in the number it
 * needs ("1 grant", "2,000 users"), and lists cut to a few with how many more there are. One
 * place, so the command line, the sync summary and the connectors' errors read alike.
 */

/**
 * "1 grant", "12,345 grants"; `many` for nouns whose plural is not `one` + "s".
 * @example countOf(2, "retry", "retries") // "2 retries"
 */
export function countOf(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;
}

/** How many items `someOf` names before it says "and N more". */
export const NAMED_IN_A_LIST = 5;

/**
 * The first `max` labels, comma-separated, then "and N more" for the rest.
 * @example someOf(['"Acme" (64a6…)', '"Beta" (64b1…)']) // '"Acme" (64a6…), "Beta" (64b1…)'
 */
export function someOf(labels: readonly string[], max = NAMED_IN_A_LIST): string {
  const named = labels.slice(0, max).join(", ");
  return labels.length > max ? `${named} and ${(labels.length - max).toLocaleString("en-US")} more` : named;
}

/**
 * What a value must be, said for any number of choices: the choice itself when there is one,
 * "a or b" for two, "one of a, b, c" for more. Errors put it after "must be".
 * @example choiceText(["outstanding"]) // "outstanding"
 * @example choiceText(["console", "json"]) // "console or json"
 */
export function choiceText(choices: readonly string[]): string {
  if (choices.length <= 1) return choices.join("");
  if (choices.length === 2) return `${choices[0]} or ${choices[1]}`;
  return `one of ${choices.join(", ")}`;
}

/** `"Name" (id)`: how an error names a workspace, organization or account the user may pick. */
export function nameAndId(item: { readonly id: string; readonly name?: string | null | undefined }): string {
  return item.name ? `"${item.name}" (${item.id})` : item.id;
}

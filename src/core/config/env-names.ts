/**
 * @module
 * The one rule that names a setting's environment variable, as Baton's SDK does: `BATON_`, then
 * the connector's name when given, then the flag name, upper-cased with `-` turned into `_`.
 * Resolution, the `config` schema, `--help`, `idsync serve`'s messages and the tests that set
 * variables all call it, so a variable is never spelled two ways.
 */

/**
 * `envVarName("api-key", "clockify")` → `BATON_CLOCKIFY_API_KEY`; `envVarName("api-key")` →
 * `BATON_API_KEY`, Baton's unprefixed spelling, which the connector-prefixed one overrides.
 * A placeholder survives: `envVarName("<NAME>", "clockify")` → `BATON_CLOCKIFY_<NAME>`.
 */
export function envVarName(setting: string, connector?: string): string {
  const parts = connector === undefined ? ["BATON", setting] : ["BATON", connector, setting];
  return parts.join("_").toUpperCase().replaceAll("-", "_");
}

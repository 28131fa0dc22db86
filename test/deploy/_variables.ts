/**
 * @module
 * The environment variables idsync's connector binaries read, computed from the settings
 * declarations, so a deployment example naming anything else fails the test.
 */
import { serviceFlags, globalFlags } from "../../src/cli/global-flags.ts";
import { CONNECTORS } from "../../src/connectors/index.ts";
import { settingsSchema, type SettingsDeclaration } from "../../src/core/index.ts";

/**
 * Read from the environment as they are, not through settings: the ConductorOne API host,
 * this instance's host id and the temp folder's fallback in service mode, as Baton's Go SDK reads
 * them (ConductorOne/baton-sdk pkg/ugrpc/c1_credential_provider.go, pkg/tasks/c1api/service_client.go,
 * pkg/tempdir/tempdir.go), and Node's own extra CA certificates
 * (https://nodejs.org/api/cli.html#node_extra_ca_certsfile).
 */
export const DIRECT_VARIABLES: readonly string[] = [
  "BATON_C1_API_HOST",
  "BATON_HOST_ID",
  "BATON_TMPDIR",
  "NODE_EXTRA_CA_CERTS",
];

export interface KnownVariables {
  /** Every variable some connector binary reads. */
  readonly all: ReadonlySet<string>;
  /** Those holding a secret setting (API keys, the client secret). */
  readonly secret: ReadonlySet<string>;
}

/**
 * Each connector's settings, the general flags and service mode's flags, under both the
 * product-prefixed and Baton's unprefixed name, plus {@link DIRECT_VARIABLES}.
 */
export function knownVariables(): KnownVariables {
  const all = new Set<string>(DIRECT_VARIABLES);
  const secret = new Set<string>();
  for (const connector of CONNECTORS) {
    const declarations: SettingsDeclaration[] = [connector.settings, globalFlags, serviceFlags];
    for (const declaration of declarations) {
      for (const field of settingsSchema(declaration, connector.name).fields) {
        for (const name of field.env) {
          all.add(name);
          if (field.secret) secret.add(name);
        }
      }
    }
  }
  return { all, secret };
}

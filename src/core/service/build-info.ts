/**
 * @module
 * The build facts a Hello reports. Go sends its toolchain version, main module path and
 * version (baton-sdk `pkg/tasks/c1api/hello.go:84-117`); idsync sends Node's version, which
 * connector of idsync this is, and idsync's version. Free-form strings of at most 256 characters.
 */
import packageJson from "../../../package.json" with { type: "json" };
import type { ConnectorDefinition } from "../sync/index.ts";

export interface BuildInfo {
  langVersion: string;
  package: string;
  packageVersion: string;
}

export function buildInfo(definition: Pick<ConnectorDefinition, "name">): BuildInfo {
  return {
    langVersion: `node-${process.version}`,
    package: `${packageJson.name}/baton-${definition.name}`,
    packageVersion: packageJson.version,
  };
}

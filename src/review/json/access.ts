/**
 * @module
 * The JSON document of `idsync access` and the explorer's access view (shape in
 * docs/json-output.md).
 */
import type { AccessReport } from "../access.ts";
import { refJson, resourceJson } from "./shapes.ts";

export function accessJson(file: string, report: AccessReport) {
  return {
    file,
    syncId: report.syncId,
    principal: resourceJson(report.principal),
    access: report.entries.map((entry) => ({
      entitlementId: entry.entitlementId,
      slug: entry.slug,
      displayName: entry.entitlementName,
      resource: refJson(entry.resource.id, entry.resource.displayName),
      grantId: entry.grantId,
      direct: entry.direct,
      via: entry.via,
    })),
    count: report.entries.length,
  };
}

/**
 * @module
 * The four connectors the reliability table has a column for, each with its simulator, a tenant
 * big enough that its paged lists span more than one page at the connector's own page size, and
 * a key of the right shape that the simulator refuses (401).
 */
import { findConnector } from "../../src/connectors/index.ts";
import type { ConnectorDefinition } from "../../src/core/index.ts";
import { findSimulator, type SimulatorDefinition, type SimulatorOptions } from "../../src/simulators/index.ts";

export interface Subject {
  definition: ConnectorDefinition;
  simulator: SimulatorDefinition;
  /** The tenant every scenario syncs unless it asks for pages. */
  tenant: SimulatorOptions;
  /** A tenant whose paged lists have a second page, for the repeated and changed page scenarios. */
  pagedTenant: SimulatorOptions;
  /** How the connector pages, in a few words, for the document. */
  paging: string;
  /** The route of the member list, where faults that name `{list}` are aimed. */
  listPath: string;
  /** The route of a list the paged tenant has two pages of, where faults that name `{paged-list}` are aimed. */
  pagedListPath: string;
  /** The same settings with a well-formed key the API does not know. */
  refusedKey(settings: Record<string, string>): Record<string, string>;
}

function subject(name: string, rest: Omit<Subject, "definition" | "simulator">): Subject {
  const definition = findConnector(name);
  const simulator = findSimulator(name);
  if (!definition || !simulator) throw new Error(`no connector or simulator named ${name}`);
  return { definition, simulator, ...rest };
}

const SEED = { seed: 7, referenceDate: new Date("2026-01-01T00:00:00Z") };

export const SUBJECTS: readonly Subject[] = [
  subject("codefresh", {
    tenant: { ...SEED, users: 40 },
    pagedTenant: { ...SEED, users: 40 },
    // pageOfList in src/core/sync/paging/pagers.ts
    paging: "its lists come whole, so no page is ever a second one",
    listPath: "/api/accounts/:id/users",
    pagedListPath: "/api/accounts/:id/users",
    refusedKey: (settings) => ({ ...settings, "api-key": "5f1fd9044d0fc94ddff0d745.0123456789abcdef0123456789abcdef" }),
  }),
  subject("env0", {
    tenant: { ...SEED, users: 40 },
    pagedTenant: { ...SEED, users: 150, groups: 120 },
    // TEAMS_PAGE_LIMIT in src/connectors/env0/client.ts
    paging: "teams come 100 a page",
    listPath: "/organizations/:organizationId/users",
    pagedListPath: "/teams/organizations/:organizationId",
    refusedKey: (settings) => ({ ...settings, "api-key-secret": "not-the-secret-of-this-key-000000" }),
  }),
  subject("clockify", {
    tenant: { ...SEED, users: 40 },
    pagedTenant: { ...SEED, users: 1_300 },
    // PAGE_SIZE in src/connectors/clockify/client.ts
    paging: "members come 1,000 a page",
    listPath: "/api/v1/workspaces/:workspaceId/users",
    pagedListPath: "/api/v1/workspaces/:workspaceId/users",
    refusedKey: (settings) => ({ ...settings, "api-key": "MDAwMDAwMDAtMDAwMC0wMDAwLTAwMDAtMDAwMDAwMDAwMDAw" }),
  }),
  subject("runlayer", {
    tenant: { ...SEED, users: 40 },
    pagedTenant: { ...SEED, users: 250 },
    // PAGE_LIMIT in src/connectors/runlayer/client.ts
    paging: "users come 100 a page",
    listPath: "/api/v1/users",
    pagedListPath: "/api/v1/users",
    refusedKey: (settings) => ({ ...settings, "api-key": "rl_0000000000000000000000000000000000000000" }),
  }),
];

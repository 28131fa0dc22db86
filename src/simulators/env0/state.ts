/**
 * @module
 * Lookups an env0 answer needs, built once per tenant state (kit `indexOnce`): every request
 * authenticates and checks the caller's membership, and a page of teams names its API-key
 * members, none of which may scan the organization. Every change goes through
 * `mutateEnv0Tenant`, which appends to `mutations`.
 */

import { indexOnce, touch } from "../_kit/index.ts";
import type {
  Env0ApiKey,
  Env0Membership,
  Env0Organization,
  Env0PersonalKey,
  Env0Project,
  Env0Team,
  Env0Tenant,
} from "./tenant-types.ts";

export interface OrganizationIndex {
  organization: Env0Organization;
  members: Map<string, Env0Membership>;
  /** By internal id (what a team lists), not by the `apiKeyId` a caller presents. */
  apiKeys: Map<string, Env0ApiKey>;
  /** Teams by name then id, the order the paged listing serves. */
  teamsInOrder: Env0Team[];
}

export interface Env0Index {
  organizations: Map<string, OrganizationIndex>;
  personalKeys: Map<string, Env0PersonalKey>;
  /** Organization keys by the `apiKeyId` a caller presents. */
  organizationKeys: Map<string, Env0ApiKey>;
  projects: Map<string, { organization: Env0Organization; project: Env0Project }>;
}

export const compareTeams = (left: Env0Team, right: Env0Team): number =>
  left.name < right.name ? -1 : left.name > right.name ? 1 : left.id < right.id ? -1 : left.id > right.id ? 1 : 0;

function tenantStamp(tenant: Env0Tenant): string {
  return `${tenant.mutations.length}:${tenant.people.size}`;
}

export function env0Index(tenant: Env0Tenant): Env0Index {
  return indexOnce(tenant, "env0", tenantStamp(tenant), () => {
    const index: Env0Index = {
      organizations: new Map(),
      personalKeys: new Map(tenant.personalKeys.map((key) => [key.apiKeyId, key])),
      organizationKeys: new Map(),
      projects: new Map(),
    };
    let items = tenant.personalKeys.length;
    for (const organization of tenant.organizations) {
      index.organizations.set(organization.id, {
        organization,
        members: new Map(organization.members.map((member) => [member.userId, member])),
        apiKeys: new Map(organization.apiKeys.map((key) => [key.id, key])),
        teamsInOrder: [...organization.teams].sort(compareTeams),
      });
      for (const key of organization.apiKeys) index.organizationKeys.set(key.apiKeyId, key);
      for (const project of organization.projects) index.projects.set(project.id, { organization, project });
      items +=
        organization.members.length +
        2 * organization.apiKeys.length +
        organization.teams.length +
        organization.projects.length;
    }
    touch(tenant, items);
    return index;
  });
}

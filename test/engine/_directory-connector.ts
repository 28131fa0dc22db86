/**
 * An in-test connector for the directory API in `_directory-api.ts`, built on core's public
 * surface only, the way a product connector is.
 */
import {
  defineConnector,
  defineResourceType,
  defineSettings,
  HttpClient,
  headerAuth,
  newEntitlement,
  newGrant,
  newGroupResource,
  newResource,
  newRoleResource,
  newUserResource,
  urlPath,
  type Connector,
  type ConnectorDeps,
  type Page,
  type Resource,
  type ResourceSyncer,
} from "../../src/core/index.ts";

export const directorySettings = defineSettings({
  fields: [
    { name: "api-key", description: "Directory API key", secret: true, required: true },
    { name: "base-url", description: "Directory API URL", kind: "url", required: true },
  ],
});

const types = {
  org: defineResourceType({ id: "org", displayName: "Organisation" }),
  team: defineResourceType({ id: "team", displayName: "Team", traits: ["group"] }),
  user: defineResourceType({
    id: "user",
    displayName: "User",
    traits: ["user"],
    skipEntitlements: true,
    skipGrants: true,
  }),
  group: defineResourceType({ id: "group", displayName: "Group", traits: ["group"] }),
  role: defineResourceType({ id: "role", displayName: "Role", traits: ["role"] }),
};

interface Listed<T> {
  items: T[];
  next: string | null;
}

const empty = <T>(): Promise<Page<T>> => Promise.resolve({ items: [] });

/** Options a test may set to make the connector misbehave on purpose. */
export interface DirectoryQuirks {
  /** Users come back without their user trait. */
  dropUserTrait?: boolean;
}

export function directoryConnector(
  settings: { apiKey: string; baseUrl: string },
  deps: ConnectorDeps,
  quirks: DirectoryQuirks = {},
): Connector {
  const client = new HttpClient({
    baseUrl: settings.baseUrl,
    auth: headerAuth("X-Api-Key", settings.apiKey),
    logger: deps.logger,
    maxConcurrency: 8,
    ...(deps.fetch ? { fetch: deps.fetch } : {}),
    ...deps.http,
  });
  const list = async <T>(path: string, signal: AbortSignal, cursor?: string): Promise<Listed<T>> =>
    (await client.getJson<Listed<T>>(path, { query: { cursor }, signal })).body;
  const nextOf = (listed: Listed<unknown>) => listed.next ?? undefined;

  const orgs: ResourceSyncer = {
    resourceType: types.org,
    async list(ctx, { pageToken }) {
      const listed = await list<{ id: string; name: string }>("/orgs", ctx.signal, pageToken);
      return {
        items: listed.items.map((o) => newResource(types.org, o.id, o.name, { childResourceTypes: ["team"] })),
        nextPageToken: nextOf(listed),
      };
    },
    entitlements: () => empty(),
    grants: () => empty(),
  };

  const teams: ResourceSyncer = {
    resourceType: types.team,
    async list(ctx, { parentId, pageToken }) {
      if (!parentId) return { items: [] };
      const listed = await list<{ id: string; name: string; members: string[] }>(
        urlPath`/orgs/${parentId.resource}/teams`,
        ctx.signal,
        pageToken,
      );
      return {
        items: listed.items.map((t) =>
          newGroupResource(types.team, t.id, t.name, { parentId, profile: { members: t.members } }),
        ),
        nextPageToken: nextOf(listed),
      };
    },
    entitlements: async (_ctx, team) => ({ items: [newEntitlement(team, "member", { grantableTo: [types.user] })] }),
    grants: async (_ctx, team: Resource) => {
      const members = (team.group?.profile?.["members"] ?? []) as string[];
      return { items: members.map((id) => newGrant(team, "member", { resourceType: "user", resource: id })) };
    },
  };

  const users: ResourceSyncer = {
    resourceType: types.user,
    async list(ctx, { pageToken }) {
      const listed = await list<{ id: string; email: string; name: string; active: boolean }>(
        "/users",
        ctx.signal,
        pageToken,
      );
      return {
        items: listed.items.map((u) => {
          const user = newUserResource(types.user, u.id, u.name, {
            emails: [u.email],
            login: u.email,
            status: u.active ? "enabled" : "disabled",
          });
          if (quirks.dropUserTrait) delete user.user;
          return user;
        }),
        nextPageToken: nextOf(listed),
      };
    },
    entitlements: () => empty(),
    grants: () => empty(),
  };

  const groups: ResourceSyncer = {
    resourceType: types.group,
    async list(ctx, { pageToken }) {
      const listed = await list<{ id: string; name: string }>("/groups", ctx.signal, pageToken);
      return {
        items: listed.items.map((g) => newGroupResource(types.group, g.id, g.name)),
        nextPageToken: nextOf(listed),
      };
    },
    entitlements: async (_ctx, group) => ({ items: [newEntitlement(group, "member", { grantableTo: [types.user] })] }),
    async grants(ctx, group, pageToken) {
      const listed = await list<string>(urlPath`/groups/${group.id.resource}/members`, ctx.signal, pageToken);
      return {
        items: listed.items.map((id) => newGrant(group, "member", { resourceType: "user", resource: id })),
        nextPageToken: nextOf(listed),
      };
    },
  };

  const roles: ResourceSyncer = {
    resourceType: types.role,
    async list(ctx, { pageToken }) {
      const listed = await list<{ id: string; name: string }>("/roles", ctx.signal, pageToken);
      return {
        items: listed.items.map((r) => newRoleResource(types.role, r.id, r.name)),
        nextPageToken: nextOf(listed),
      };
    },
    entitlements: async (_ctx, role) => ({
      items: [newEntitlement(role, "assigned", { grantableTo: [types.user, types.group] })],
    }),
    async grants(ctx, role, pageToken) {
      const listed = await list<{ type: string; id: string }>(
        urlPath`/roles/${role.id.resource}/holders`,
        ctx.signal,
        pageToken,
      );
      return {
        items: listed.items.map((holder) =>
          holder.type === "group"
            ? newGrant(
                role,
                "assigned",
                { resourceType: "group", resource: holder.id },
                {
                  expandable: { entitlementIds: [`group:${holder.id}:member`] },
                },
              )
            : newGrant(role, "assigned", { resourceType: "user", resource: holder.id }),
        ),
        nextPageToken: nextOf(listed),
      };
    },
  };

  return {
    name: "directory",
    displayName: "Directory",
    syncers: [orgs, teams, users, groups, roles],
    maxConcurrency: 4,
    async validate(ctx) {
      await client.getJson("/me", { signal: ctx.signal });
    },
    requestStats: () => ({
      requests: client.stats.requests,
      retries: client.stats.retries,
      rateLimited: client.stats.rateLimited,
    }),
  };
}

export const directoryDefinition = defineConnector({
  name: "directory",
  displayName: "Directory",
  description: "The engine tests' directory API",
  settings: directorySettings,
  resourceTypes: Object.values(types),
  create: (settings, deps) => directoryConnector(settings, deps),
});

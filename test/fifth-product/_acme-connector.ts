/**
 * @module
 * Acme, a product idsync does not ship: the smallest connector the kit makes, written as a new
 * product's `src/connectors/acme/index.ts` would be (fifth-product.test.ts lints it as if it sat
 * there). Users paged by skip/limit with a stated pending-invite reason; roles read whole, the
 * admin one marked privileged. Everything else (retries, limits, error kinds, tokens, guards,
 * checkpoints, storage) comes from the kit and the engine.
 */
import {
  defineConnector,
  defineResourceType,
  defineSettings,
  headerAuth,
  HttpClient,
  newEntitlement,
  newGrant,
  newRoleResource,
  newUserResource,
  Once,
  pageOfList,
  skipLimitPage,
  type Resource,
  type ResourceSyncer,
} from "../../src/core/kit.ts";

export const KEY_HEADER = "x-acme-key";
export const ME_PATH = "/me";
export const USERS_PATH = "/users";
export const ROLES_PATH = "/roles";
/** Users asked per page; small, so the test tenant spans several pages. */
export const PAGE_LIMIT = 25;

export interface AcmeUser {
  id: string;
  email: string;
  name: string;
  state: "active" | "invited";
}
export interface AcmeRole {
  id: string;
  name: string;
  admin: boolean;
  members: string[];
}

const userType = defineResourceType({
  id: "user",
  displayName: "User",
  traits: ["user"],
  description: "An Acme user",
  skipEntitlements: true,
  skipGrants: true,
});
const roleType = defineResourceType({ id: "role", displayName: "Role", traits: ["role"], description: "An Acme role" });

const acmeSettings = defineSettings({
  fields: [
    { name: "api-key", description: "Acme API key, sent as x-acme-key", secret: true, required: true },
    { name: "base-url", description: "Acme API root", kind: "url", default: "https://api.acme.example" },
  ],
});

function toUserResource(user: AcmeUser): Resource {
  // The fact stated as data: review reads the reason, never these words.
  const invited = user.state === "invited";
  return newUserResource(userType, user.id, user.name, {
    emails: [user.email],
    ...(invited ? { status: "disabled", statusDetails: "invited, not yet joined" } : {}),
    statusReason: invited ? "pending_invite" : undefined,
  });
}

const toRoleResource = (role: AcmeRole): Resource =>
  newRoleResource(roleType, role.id, role.name, { privileged: role.admin });

export const acme = defineConnector({
  name: "acme",
  displayName: "Acme",
  description: "sync the users and roles of an Acme tenant into a c1z file",
  settings: acmeSettings,
  resourceTypes: [userType, roleType],
  create(settings, deps) {
    const http = new HttpClient({
      baseUrl: settings.baseUrl,
      auth: headerAuth(KEY_HEADER, settings.apiKey),
      logger: deps.logger,
      ...(deps.fetch ? { fetch: deps.fetch } : {}),
      ...deps.http,
    });
    const roles = new Once<AcmeRole[]>();
    const loadRoles = (signal: AbortSignal) =>
      roles.get(async () => (await http.getJson<AcmeRole[]>(ROLES_PATH, { signal })).body);
    const users: ResourceSyncer = {
      resourceType: userType,
      async list(ctx, { pageToken }) {
        const page = await skipLimitPage<AcmeUser>(
          {
            api: "Acme",
            what: "users",
            limit: PAGE_LIMIT,
            keyOf: (user) => user.id,
            fetch: async ({ skip, limit }, signal) => {
              const { body } = await http.getJson<{ data: AcmeUser[]; total: number }>(USERS_PATH, {
                query: { skip, limit },
                signal,
              });
              return { items: body.data, total: body.total };
            },
          },
          pageToken,
          ctx,
        );
        return { ...page, items: page.items.map(toUserResource) };
      },
      entitlements: () => Promise.resolve({ items: [] }),
      grants: () => Promise.resolve({ items: [] }),
    };
    const roleSyncer: ResourceSyncer = {
      resourceType: roleType,
      async list(ctx, { pageToken }) {
        return pageOfList(await loadRoles(ctx.signal), pageToken, ctx, { what: "roles", select: toRoleResource });
      },
      entitlements: (_ctx, role) =>
        Promise.resolve({ items: [newEntitlement(role, "assigned", { grantableTo: [userType] })] }),
      async grants(ctx, role, pageToken) {
        const found = (await loadRoles(ctx.signal)).find((candidate) => candidate.id === role.id.resource);
        const holders = (found?.members ?? []).map((id) =>
          newGrant(role, "assigned", { resourceType: userType.id, resource: id }),
        );
        return pageOfList(holders, pageToken, ctx, { what: `holders of role ${role.id.resource}` });
      },
    };
    return {
      name: "acme",
      displayName: "Acme",
      syncers: [users, roleSyncer],
      async validate(ctx) {
        const { body } = await http.getJson<{ id: string }>(ME_PATH, { signal: ctx.signal });
        return {
          caller: {
            id: { resourceType: userType.id, resource: body.id },
            description: "the API key's own user",
            source: `GET ${ME_PATH}`,
          },
        };
      },
      requestStats: () => {
        const { requests, retries, rateLimited } = http.stats;
        return { requests, retries, rateLimited };
      },
    };
  },
});

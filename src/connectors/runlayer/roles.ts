/**
 * @module
 * Runlayer's FGA roles (ASSUMPTION: `GET /roles`), each with one `assigned` entitlement, and its
 * holders from the role assignments (ASSUMPTION: `GET /roles/assignments?role=<key>`), both from
 * shared/apis/runlayer.md "Proposed endpoints". A user may hold several roles.
 *
 * Server Admin is held per MCP server. A grant id names only role and user, so a user who is
 * Server Admin of three servers has one grant whose metadata lists the three servers. To build it,
 * a server-scoped role's assignments are read whole in one call and grouped by user: that one
 * list is held in memory (Server Admin assignments number servers × admins, small next to the
 * user list), because the API gives no way to ask for one user's assignments of one role in a
 * single page. Org-wide roles stream page by page.
 */
import {
  newEntitlement,
  newGrant,
  newRoleResource,
  type Entitlement,
  type Grant,
  type JsonObject,
  type Page,
  type Resource,
  readWholeListing,
  skipLimitPage,
  type ResourceSyncer,
  type WithSignal,
} from "../../core/kit.ts";
import type { ApiAssignment, ApiRole, CountedPage, PageSource, SkipLimit } from "./client.ts";
import { runlayerListing } from "./paging.ts";
import { roleType, userType } from "./resource-types.ts";

/** What the roles syncer needs of the API. */
export interface RolesApi {
  listRoles: PageSource<ApiRole>;
  /** Assignments of one role (by key). */
  listAssignments(options: { role: string } & SkipLimit & WithSignal): Promise<CountedPage<ApiAssignment>>;
}

export const ASSIGNED = "assigned";
const SERVER_SCOPE = "server";

/** The role's key (`security_admin`): the sheet shows it under `key` or `id`. */
export function roleKey(role: ApiRole): string {
  const key = typeof role.key === "string" && role.key.trim() !== "" ? role.key : role.id;
  return String(key ?? "").trim();
}

/**
 * The documented FGA roles (runlayer.md "FGA roles", from docs.runlayer.com/platform-roles) by
 * their proposed keys: the admin roles are admin-grade, Server Admin too (an admin of the MCP
 * servers it is held on); the others are not. A key Runlayer adds later is left unmarked, and
 * readers judge it by its name.
 */
const ADMIN_GRADE: Readonly<Record<string, boolean>> = {
  super_admin: true,
  security_admin: true,
  it_admin: true,
  analytics_admin: true,
  server_admin: true,
  developer: false,
  helpdesk: false,
  user: false,
};

/** One FGA role; its profile keeps the key, the scope and the capabilities it carries. */
export function toRoleResource(role: ApiRole): Resource {
  const key = roleKey(role);
  const name = typeof role.name === "string" && role.name.trim() !== "" ? role.name.trim() : key;
  const profile: JsonObject = { key, scope: role.scope === SERVER_SCOPE ? SERVER_SCOPE : "organization" };
  if (Array.isArray(role.capabilities))
    profile["capabilities"] = role.capabilities.filter((c) => typeof c === "string");
  const description =
    typeof role.description === "string" && role.description.trim() !== "" ? role.description.trim() : undefined;
  return newRoleResource(roleType, key, name, {
    profile,
    privileged: Object.hasOwn(ADMIN_GRADE, key) ? ADMIN_GRADE[key] : undefined,
    ...(description ? { description } : {}),
  });
}

function isServerScoped(role: Resource): boolean {
  return role.role?.profile?.["scope"] === SERVER_SCOPE || role.profile?.["scope"] === SERVER_SCOPE;
}

export function roleEntitlement(role: Resource): Entitlement {
  const scope = isServerScoped(role) ? " on one or more MCP servers (listed in each grant's metadata)" : "";
  return newEntitlement(role, ASSIGNED, {
    displayName: `${role.displayName} role`,
    description: `Holds the Runlayer ${role.displayName} role${scope}`,
    grantableTo: [userType],
  });
}

/**
 * The grants of `role` from some of its assignments: one per user, in first-seen order. A user's
 * server-scoped assignments become `metadata.server_ids` (sorted); assignments naming another
 * role are skipped, so an API that ignores the `role` filter still yields the right grants.
 */
export function toRoleGrants(role: Resource, assignments: readonly ApiAssignment[]): Grant[] {
  const key = role.id.resource;
  const holders = new Map<string, { organization: boolean; servers: Set<string> }>();
  for (const assignment of assignments) {
    if (assignment.role !== key || typeof assignment.user_id !== "string" || assignment.user_id === "") continue;
    let holder = holders.get(assignment.user_id);
    if (!holder) holders.set(assignment.user_id, (holder = { organization: false, servers: new Set() }));
    if (
      assignment.scope_type === SERVER_SCOPE &&
      typeof assignment.scope_id === "string" &&
      assignment.scope_id !== ""
    ) {
      holder.servers.add(assignment.scope_id);
    } else {
      holder.organization = true;
    }
  }
  return [...holders].map(([userId, holder]) => {
    const metadata: JsonObject | undefined =
      holder.servers.size > 0
        ? { scope_type: holder.organization ? "organization" : SERVER_SCOPE, server_ids: [...holder.servers].sort() }
        : undefined;
    return newGrant(role, ASSIGNED, { resourceType: userType.id, resource: userId }, metadata ? { metadata } : {});
  });
}

/** `limit`: roles or assignments asked per request. */
export function rolesSyncer(api: RolesApi, limit: number): ResourceSyncer {
  const roles = runlayerListing((page) => api.listRoles(page), "roles", limit, roleKey);
  const assignments = (key: string) =>
    runlayerListing(
      (page) => api.listAssignments({ role: key, ...page }),
      `assignments of role ${key}`,
      limit,
      (assignment) => `${assignment.user_id}|${assignment.scope_id ?? ""}`,
    );
  return {
    resourceType: roleType,
    async list(ctx, { pageToken }): Promise<Page<Resource>> {
      const page = await skipLimitPage(roles, pageToken, ctx);
      return { ...page, items: page.items.map(toRoleResource) };
    },
    entitlements(_ctx, role): Promise<Page<Entitlement>> {
      return Promise.resolve({ items: [roleEntitlement(role)] });
    },
    async grants(ctx, role, pageToken): Promise<Page<Grant>> {
      const list = assignments(role.id.resource);
      if (isServerScoped(role))
        return { items: toRoleGrants(role, await readWholeListing((token) => skipLimitPage(list, token, ctx))) };
      const page = await skipLimitPage(list, pageToken, ctx);
      return {
        items: toRoleGrants(role, page.items),
        ...(page.nextPageToken ? { nextPageToken: page.nextPageToken } : {}),
      };
    },
  };
}

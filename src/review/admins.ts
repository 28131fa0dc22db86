/**
 * @module
 * Who holds an administrative role: the first question of an access review. Connectors mark
 * each role they know as admin-grade or not (`idsync_privileged` in the role's profile, core/model
 * facts.ts), from what the product says its roles can do, so a product whose admin role is
 * called "Gebieter" needs nothing here.
 *
 * A role with no marker (a file written before the marker existed, a connector such as Baton's
 * own, or a role the connector did not recognise) is judged by its name, as every idsync answer
 * was before: a role called "Owner", "Admin", "Workspace Admin", "Super Admin"… counts. For such
 * files the answer is a good first cut, and `grants` shows the rest.
 */
import { privilegeOf, resourceKey, type C1zReader, type Resource, type ResourceId } from "../core/index.ts";

const ADMIN_ROLE = /\b(owner|admin|administrator)\b/i;

/** The name fallback for unmarked roles. */
export function isAdminRoleName(name: string): boolean {
  // Role ids such as WORKSPACE_ADMIN or super_admin count too.
  return ADMIN_ROLE.test(name.replace(/[_-]/g, " "));
}

/** Whether a role resource is admin-grade: as its connector marked it, else by its name or id. */
export function isAdminRole(role: Resource): boolean {
  return privilegeOf(role) ?? (isAdminRoleName(role.displayName) || isAdminRoleName(role.id.resource));
}

/** The sync's admin-grade roles (resources of a type with the role trait), by resource key. */
export function adminRoles(reader: C1zReader, syncId: string): Map<string, ResourceId> {
  const roles = new Map<string, ResourceId>();
  for (const type of reader.resourceTypes(syncId)) {
    if (!type.traits.includes("role")) continue;
    for (const role of reader.resources(syncId, { resourceType: type.id }))
      if (isAdminRole(role)) roles.set(resourceKey(role.id), role.id);
  }
  return roles;
}

/** The distinct user principals holding any entitlement of an admin-grade role. */
export function adminUsers(
  reader: C1zReader,
  syncId: string,
  roles: ReadonlyMap<string, ResourceId> = adminRoles(reader, syncId),
): Set<string> {
  const userTypes = new Set(
    [...reader.resourceTypes(syncId)].filter((type) => type.traits.includes("user")).map((type) => type.id),
  );
  const admins = new Set<string>();
  for (const role of roles.values()) {
    for (const grant of reader.grants(syncId, { resource: role })) {
      if (userTypes.has(grant.principal.id.resourceType)) admins.add(resourceKey(grant.principal.id));
    }
  }
  return admins;
}

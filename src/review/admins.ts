/**
 * @module
 * Who holds an administrative role: the first question of an access review. A c1z does not
 * mark roles as privileged, so this reads the names: a role resource called "Owner", "Admin",
 * "Workspace Admin", "Super Admin"… counts. Every connector idsync ships names its roles that
 * way; for other files the answer is a good first cut, and `grants` shows the rest.
 */
import { resourceKey, type C1zReader } from "../core/index.ts";

const ADMIN_ROLE = /\b(owner|admin|administrator)\b/i;

export function isAdminRoleName(name: string): boolean {
  // Role ids such as WORKSPACE_ADMIN or super_admin count too.
  return ADMIN_ROLE.test(name.replace(/[_-]/g, " "));
}

/** The distinct user principals holding any entitlement of an admin-named role resource. */
export function adminUsers(reader: C1zReader, syncId: string): Set<string> {
  const roleTypes = [...reader.resourceTypes(syncId)].filter((type) => type.traits.includes("role")).map((type) => type.id);
  const userTypes = new Set(
    [...reader.resourceTypes(syncId)].filter((type) => type.traits.includes("user")).map((type) => type.id),
  );
  const admins = new Set<string>();
  for (const roleType of roleTypes) {
    for (const role of reader.resources(syncId, { resourceType: roleType })) {
      if (!isAdminRoleName(role.displayName) && !isAdminRoleName(role.id.resource)) continue;
      for (const grant of reader.grants(syncId, { resource: role.id })) {
        if (userTypes.has(grant.principal.id.resourceType)) admins.add(resourceKey(grant.principal.id));
      }
    }
  }
  return admins;
}

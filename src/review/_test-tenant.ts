/**
 * @module
 * Test support for the read side: a small tenant written as real c1z files with `C1zWriter`
 * — users including a pending invite and an API key, nested groups, roles, expandable
 * group→role grants — in two generations (the second mutated: a joiner, a leaver, a status
 * change, a new admin) for `diff`.
 */
import {
  C1zWriter,
  defineResourceType,
  expandGrants,
  newEntitlement,
  newGrant,
  newGroupResource,
  newRoleResource,
  newUserResource,
  type Grant,
  type Resource,
} from "../core/index.ts";
import { tempDir } from "../testkit/index.ts";

/** A fresh temp folder, removed when the test (or, given node:test's `{ after }`, the file) ends. */
export function tempFolder(t: { after(cleanUp: () => void): void }): string {
  return tempDir(t, "idsync-review-test-");
}

/** Baton's own files, kept in test/fixtures/baton-sdk/ (its README says where they come from). */
export { BATON_EXPANDED, BATON_FIXTURES, BATON_SYNC_ID, BATON_UNEXPANDED } from "../testkit/index.ts";

export const userType = defineResourceType({ id: "user", displayName: "User", traits: ["user"] });
export const groupType = defineResourceType({ id: "group", displayName: "Group", traits: ["group"] });
export const roleType = defineResourceType({ id: "role", displayName: "Role", traits: ["role"] });

export interface TenantOptions {
  /** 1: the tenant as first synced; 2: a month later. @default 1 */
  generation?: 1 | 2;
  /** Run grant expansion before ending the sync, as every idsync sync does. @default true */
  expand?: boolean;
}

/** The tenant's resources and grants for one generation. */
export function tenant(generation: 1 | 2 = 1): { resources: Resource[]; grants: Grant[] } {
  const second = generation === 2;
  const alice = newUserResource(userType, "u-alice", "Alice Admin", {
    emails: [second ? "alice@corp.example.com" : "alice@example.com"],
    lastLogin: new Date(second ? "2025-02-10T09:00:00Z" : "2025-01-10T09:00:00Z"),
    login: "alice",
  });
  const bob = newUserResource(userType, "u-bob", "Bob Builder", {
    emails: ["bob@example.com"],
    lastLogin: new Date("2024-06-01T12:00:00Z"),
    ...(second ? { status: "disabled" as const, statusDetails: "suspended" } : {}),
  });
  const carol = newUserResource(userType, "u-carol", "Carol Invitee", {
    emails: ["carol@example.com"],
    ...(second
      ? { lastLogin: new Date("2025-02-01T08:00:00Z") }
      : { status: "disabled" as const, statusDetails: "pending invite" }),
  });
  const ci = newUserResource(userType, "k-ci", "CI deploy key", {
    accountType: "service",
    login: "ci-deploy",
    lastLogin: new Date("2024-01-01T00:00:00Z"),
  });
  const dave = newUserResource(userType, "u-dave", 'Dave "The Dev", Jr.', {
    emails: ["dave@example.com"],
    lastLogin: new Date(second ? "2025-02-11T10:00:00Z" : "2025-01-11T10:00:00Z"),
  });
  const erin = newUserResource(userType, "u-erin", "Erin New", { emails: ["erin@example.com"] });
  const eng = newGroupResource(groupType, "g-eng", "Engineering");
  const platform = newGroupResource(groupType, "g-platform", "Platform");
  const security = newGroupResource(groupType, "g-sec", "Security");
  const admin = newRoleResource(roleType, "r-admin", "Admin");
  const dev = newRoleResource(roleType, "r-dev", second ? "Developers" : "Developer");

  const users = second ? [alice, bob, carol, dave, erin] : [alice, bob, carol, ci, dave];
  const groups = second ? [eng, platform, security] : [eng, platform];
  const grants: Grant[] = [
    newGrant(admin, "assigned", alice),
    newGrant(eng, "member", bob),
    newGrant(eng, "member", platform.id, { expandable: { entitlementIds: ["group:g-platform:member"] } }),
    newGrant(platform, "member", dave),
    newGrant(platform, "member", carol),
    newGrant(dev, "assigned", eng.id, { expandable: { entitlementIds: ["group:g-eng:member"] } }),
    ...(second ? [newGrant(admin, "assigned", bob), newGrant(eng, "member", erin)] : [newGrant(dev, "assigned", ci)]),
  ];
  return { resources: [...users, ...groups, admin, dev], grants };
}

/** Appends one finished full sync of the tenant to `target` (created when missing); returns its id. */
export async function writeTenant(target: string, options: TenantOptions = {}): Promise<string> {
  return writeSync(target, tenant(options.generation ?? 1), { expand: options.expand ?? true });
}

/**
 * Appends one finished full sync of `resources` and `grants` to `target`, with the user, group
 * and role types, a `member` entitlement per group and an `assigned` one per role.
 */
export async function writeSync(
  target: string,
  { resources, grants }: { resources: Resource[]; grants: Grant[] },
  options: { expand: boolean },
): Promise<string> {
  const writer = await C1zWriter.open(target);
  const syncId = writer.startSync();
  writer.putResourceTypes([userType, groupType, roleType]);
  writer.putResources(resources);
  writer.putEntitlements(
    resources.flatMap((resource) => {
      if (resource.group)
        return [
          newEntitlement(resource, "member", {
            displayName: `${resource.displayName} member`,
            grantableTo: [userType, groupType],
          }),
        ];
      if (resource.role)
        return [
          newEntitlement(resource, "assigned", {
            displayName: `${resource.displayName} role`,
            grantableTo: [userType, groupType],
          }),
        ];
      return [];
    }),
  );
  writer.putGrants(grants);
  if (options.expand) await expandGrants(writer);
  writer.endSync();
  await writer.save();
  return syncId;
}

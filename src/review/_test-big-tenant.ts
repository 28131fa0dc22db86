/**
 * @module
 * A large generated tenant for memory tests and the export benchmark: `users` users (some
 * pending invites, some API keys) spread over groups and roles, so that there are `grants`
 * grants in all. Rows are made a page at a time: the generator itself holds none of them.
 */
import {
  C1zWriter,
  newEntitlement,
  newGrant,
  newGroupResource,
  newRoleResource,
  newUserResource,
  type Grant,
  type Resource,
} from "../core/index.ts";
import { groupType, roleType, userType } from "./_test-tenant.ts";

const PAGE = 1_000;

export interface BigTenantOptions {
  grants: number;
  /** @default grants / 20 */
  users?: number;
  /** @default 200 */
  groups?: number;
  /** @default 20 */
  roles?: number;
}

function user(n: number): Resource {
  const id = `u-${String(n).padStart(7, "0")}`;
  if (n % 50 === 0) return newUserResource(userType, id, `API key ${n}`, { accountType: "service", login: `key-${n}` });
  return newUserResource(userType, id, `Person ${n}, "Team ${n % 17}"`, {
    emails: [`person.${n}@example.com`],
    ...(n % 40 === 1 ? { status: "disabled" as const, statusDetails: "pending invite" } : {}),
    lastLogin: new Date(Date.UTC(2025, 0, 1) - (n % 400) * 86_400_000),
  });
}

/** Writes the tenant as one finished full sync into `target`; returns the counts written. */
export async function writeBigTenant(
  target: string,
  options: BigTenantOptions,
): Promise<{ users: number; grants: number }> {
  const users = options.users ?? Math.max(1, Math.floor(options.grants / 20));
  const groups = Array.from({ length: options.groups ?? 200 }, (_, i) =>
    newGroupResource(groupType, `g-${i}`, `Group ${i}`),
  );
  const roles = Array.from({ length: options.roles ?? 20 }, (_, i) => newRoleResource(roleType, `r-${i}`, `Role ${i}`));
  const targets = [
    ...groups.map((group) => ({ resource: group, slug: "member" })),
    ...roles.map((role) => ({ resource: role, slug: "assigned" })),
  ];
  const writer = await C1zWriter.open(target);
  writer.startSync();
  writer.putResourceTypes([userType, groupType, roleType]);
  for (let start = 0; start < users; start += PAGE) {
    writer.putResources(Array.from({ length: Math.min(PAGE, users - start) }, (_, i) => user(start + i)));
  }
  writer.putResources([...groups, ...roles]);
  writer.putEntitlements(
    targets.map(({ resource, slug }) =>
      newEntitlement(resource, slug, { displayName: `${resource.displayName} ${slug}` }),
    ),
  );
  // Written target by target, as a connector lists each resource's grants: target t's j-th
  // grant goes to user (t × 7919 + j) mod users, distinct pairs while grants ≤ users × targets.
  const total = Math.min(options.grants, users * targets.length);
  const perTarget = Math.ceil(total / targets.length);
  let written = 0;
  let page: Grant[] = [];
  for (const [t, on] of targets.entries()) {
    for (let j = 0; j < perTarget && written < total; j++, written++) {
      const holder = (t * 7919 + j) % users;
      page.push(
        newGrant(on.resource, on.slug, { resourceType: "user", resource: `u-${String(holder).padStart(7, "0")}` }),
      );
      if (page.length === PAGE) {
        writer.putGrants(page);
        page = [];
      }
    }
  }
  writer.putGrants(page);
  writer.endSync();
  await writer.save();
  return { users, grants: total };
}

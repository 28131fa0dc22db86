/**
 * The rows the store benchmarks write: `users` users shaped as the connectors make them
 * (email, status, login, last login, profile), 20 groups, and one membership grant per user.
 */
import {
  newEntitlement,
  newGrant,
  newGroupResource,
  newUserResource,
  type Entitlement,
  type Grant,
  type Resource,
} from "../src/core/index.ts";

const userType = { id: "user", displayName: "User", traits: ["user" as const] };
const groupType = { id: "group", displayName: "Group", traits: ["group" as const] };

export interface StoreRows {
  users: Resource[];
  groups: Resource[];
  entitlements: Entitlement[];
  grants: Grant[];
}

export function storeRows(users: number, groupCount = 20): StoreRows {
  const groups = Array.from({ length: groupCount }, (_, g) =>
    newGroupResource(groupType, `g-${g}`, `Group ${g}`, { profile: { id: `g-${g}` } }),
  );
  const entitlements = groups.map((group) => newEntitlement(group, "member", { grantableTo: [userType] }));
  const list: Resource[] = [];
  const grants: Grant[] = [];
  for (let n = 0; n < users; n++) {
    const user = newUserResource(userType, `u-${String(n).padStart(7, "0")}`, `Person ${n}`, {
      emails: [`person.${n}@example.com`],
      ...(n % 40 === 1 ? { status: "disabled" as const, statusDetails: "pending invite" } : {}),
      login: `person.${n}@example.com`,
      lastLogin: new Date(Date.UTC(2025, 0, 1) - (n % 400) * 86_400_000),
      profile: { email: `person.${n}@example.com`, role: n % 10 === 0 ? "admin" : "member", team: `team-${n % 17}` },
    });
    list.push(user);
    grants.push(newGrant(groups[n % groupCount]!, "member", user));
  }
  return { users: list, groups, entitlements, grants };
}

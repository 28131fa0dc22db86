/**
 * @module
 * The file the reading benchmark reads: a synthetic tenant of `users` users written through
 * `C1zWriter` as one finished, expanded full sync, the same for the same seed. Shaped as the
 * connectors' files are: people with emails, statuses, last logins and profiles, some pending
 * invites, disabled accounts and API keys; a group per fifty users (each person in one to three);
 * eight roles, one a privileged admin role, each user holding one; and a few groups holding a
 * role through an expandable grant, which expansion spreads to their members.
 * Rows are made a page at a time: the generator holds none of them.
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
} from "../src/core/index.ts";
import { seededRandom } from "../src/testkit/random.ts";

const PAGE = 1_000;
const ROLE_NAMES = ["Admin", "Billing", "Developer", "Viewer", "Auditor", "Support", "Operator", "Member"];
/** One group in twenty holds a role for its members. */
const GROUPS_HOLDING_A_ROLE = 20;

const userType = defineResourceType({ id: "user", displayName: "User", traits: ["user"] });
const groupType = defineResourceType({ id: "group", displayName: "Group", traits: ["group"] });
const roleType = defineResourceType({ id: "role", displayName: "Role", traits: ["role"] });

export interface ReadingTenant {
  users: number;
  groups: number;
  roles: number;
  /** Grants in the file, derived ones included. */
  grants: number;
  /** A user holding roles directly and through a group, for `access`. */
  samplePrincipal: string;
}

const userId = (n: number): string => `u-${String(n).padStart(7, "0")}`;
const DAY_MS = 86_400_000;

/**
 * A last login `days` days before `now`, mostly recent as in a company in use: dormancy is
 * measured back from the sync's own time, so every user idle would make `review` list them all.
 */
function lastLogin(now: number, random: () => number): Date {
  const draw = random();
  const days = draw < 0.8 ? Math.floor(random() * 30) : 30 + Math.floor(random() * 370);
  return new Date(now - days * DAY_MS);
}

function user(n: number, now: number, random: () => number): Resource {
  if (n % 50 === 0) {
    return newUserResource(userType, userId(n), `API key ${n}`, {
      accountType: "service",
      login: `key-${n}`,
      lastLogin: lastLogin(now, random),
    });
  }
  const email = `person.${n}@example.com`;
  const pending = random() < 0.03;
  const disabled = !pending && random() < 0.05;
  return newUserResource(userType, userId(n), `Person ${n}`, {
    emails: [email],
    login: email,
    ...(pending
      ? { status: "disabled" as const, statusDetails: "pending invite" }
      : disabled
        ? { status: "disabled" as const }
        : {}),
    ...(pending || random() < 0.1 ? {} : { lastLogin: lastLogin(now, random) }),
    profile: { email, department: `dept-${n % 23}` },
  });
}

/**
 * Writes the tenant into `target` (a new file) and returns what it holds. Last logins count back
 * from `now`, the start of today (UTC) unless given, so the same seed gives the same rows all day.
 */
export async function writeReadingTenant(
  target: string,
  users: number,
  options: { seed?: number; now?: number } = {},
): Promise<ReadingTenant> {
  const random = seededRandom(options.seed ?? 1);
  const now = options.now ?? Math.floor(Date.now() / DAY_MS) * DAY_MS;
  const groupCount = Math.max(8, Math.round(users / 50));
  const groups = Array.from({ length: groupCount }, (_, g) =>
    newGroupResource(groupType, `g-${g}`, `Group ${g}`, { profile: { id: `g-${g}` } }),
  );
  const roles = ROLE_NAMES.map((name, r) => newRoleResource(roleType, `r-${r}`, name, { privileged: r === 0 }));
  const writer = await C1zWriter.open(target);
  writer.startSync();
  writer.putResourceTypes([userType, groupType, roleType]);
  writer.putResources([...groups, ...roles]);
  writer.putEntitlements([
    ...groups.map((group) => newEntitlement(group, "member", { grantableTo: [userType] })),
    ...roles.map((role) => newEntitlement(role, "assigned", { grantableTo: [userType, groupType] })),
  ]);
  let grants = 0;
  let samplePrincipal: string | undefined;
  for (let start = 0; start < users; start += PAGE) {
    const page: Resource[] = [];
    const held: Grant[] = [];
    for (let n = start; n < Math.min(users, start + PAGE); n++) {
      const person = user(n, now, random);
      page.push(person);
      const memberships = 1 + Math.floor(random() * 3);
      for (let m = 0; m < memberships; m++) {
        const group = (n * 7 + m * 13) % groupCount;
        held.push(newGrant(groups[group]!, "member", person.id));
        if (group % GROUPS_HOLDING_A_ROLE === 0 && n % 50 !== 0) samplePrincipal ??= `user:${person.id.resource}`;
      }
      // One user in twenty is an admin; the rest hold one of the other roles.
      const role = random() < 0.05 ? 0 : 1 + Math.floor(random() * (roles.length - 1));
      held.push(newGrant(roles[role]!, "assigned", person.id));
    }
    writer.putResources(page);
    writer.putGrants(held);
    grants += held.length;
  }
  const expandable: Grant[] = [];
  for (let g = 0; g < groupCount; g += GROUPS_HOLDING_A_ROLE) {
    const group = groups[g]!;
    expandable.push(
      newGrant(roles[g % roles.length]!, "assigned", group.id, {
        expandable: { entitlementIds: [`group:${group.id.resource}:member`] },
      }),
    );
  }
  writer.putGrants(expandable);
  const expansion = await expandGrants(writer);
  writer.endSync();
  await writer.save();
  return {
    users,
    groups: groupCount,
    roles: roles.length,
    grants: grants + expandable.length + expansion.derivedGrants,
    samplePrincipal: samplePrincipal ?? `user:${userId(0)}`,
  };
}

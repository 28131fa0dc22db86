/**
 * @module
 * Small builders shared by the tenant seed and `mutate()`: a Runlayer user for a roster person,
 * API keys, assignments, and the instance's MCP servers. Every date is a number of days before the
 * tenant's reference date (`SimulatorOptions.referenceDate`).
 */

import { DAY_MS, daysAgo, daysBefore, type Person, type Random } from "../_kit/index.ts";
import type { RoleKey, RunlayerAssignment, RunlayerServer, RunlayerUser } from "./tenant-types.ts";

/** The product name the shared roster knows this simulator by. */
export const PRODUCT = "runlayer";

/** Runlayer is young: the seeded users were created between about 16 months and a month before the reference date. */
export const CREATED_DAYS_AGO = { newest: 30, oldest: 487 } as const;
/** A recent sign-in is within the last 30 days (and not before the user existed). */
const RECENT_DAYS = 30;
/** A stale sign-in is more than 90 days old (the usual review threshold), so the user was created before that. */
export const STALE_DAYS = 90;
/** Room between a stale user's creation and their last sign-in. */
const STALE_CREATED_DAYS_AGO = { newest: STALE_DAYS + 30, oldest: CREATED_DAYS_AGO.oldest } as const;

const SERVER_NAMES = ["GitHub", "Linear", "Notion", "Slack", "Postgres (prod)", "Snowflake", "Jira", "Google Drive"];
export const SERVER_COUNT = 5;

/** Personal keys start `rl_`, organization keys `rl_org_` (runlayer.md, "Auth"); the rest is the simulator's. */
export function newPersonalKey(rng: Random): string {
  return `rl_${rng.hex(40)}`;
}

export function newOrgKey(rng: Random): string {
  return `rl_org_${rng.hex(40)}`;
}

export function newServers(rng: Random): RunlayerServer[] {
  return SERVER_NAMES.slice(0, SERVER_COUNT).map((name) => ({ id: rng.uuid(), name }));
}

/** When someone last signed in: in the last 30 days, more than 90 days ago, or never (`last_login_at` null). */
export type SignIn = "recent" | "stale" | "never";

export interface UserShape {
  active?: boolean;
  /** @default "recent" */
  signIn?: SignIn;
  /** @default between 30 and 487 days before the reference date (120 and 487 for a stale sign-in) */
  createdAt?: Date;
}

/** `reference`: the tenant's reference date, which every date is a number of days before. */
export function newUser(rng: Random, person: Person, reference: Date, shape: UserShape = {}): RunlayerUser {
  const signIn = shape.signIn ?? "recent";
  const window = signIn === "stale" ? STALE_CREATED_DAYS_AGO : CREATED_DAYS_AGO;
  const created = shape.createdAt ?? daysAgo(rng, reference, window.newest, window.oldest);
  const lastLogin = signIn === "never" ? null : lastSignIn(rng, reference, created, signIn);
  return {
    id: rng.uuid(),
    email: person.email,
    full_name: person.fullName,
    is_active: shape.active ?? true,
    created_at: created.toISOString(),
    last_login_at: lastLogin === null ? null : lastLogin.toISOString(),
    personKey: person.key,
  };
}

function lastSignIn(rng: Random, reference: Date, created: Date, signIn: "recent" | "stale"): Date {
  if (signIn === "stale") return rng.dateBetween(created, daysBefore(reference, STALE_DAYS + 1));
  const from = Math.max(created.getTime(), reference.getTime() - RECENT_DAYS * DAY_MS);
  return rng.dateBetween(new Date(from), reference);
}

export function orgAssignment(userId: string, role: RoleKey): RunlayerAssignment {
  return { user_id: userId, role, scope_type: "organization", scope_id: null };
}

export function serverAssignment(userId: string, serverId: string): RunlayerAssignment {
  return { user_id: userId, role: "server_admin", scope_type: "server", scope_id: serverId };
}

/**
 * Puts assignments in the order the API lists them: by role in catalogue order, then by the user's
 * position in the user list, then by server. A stable order keeps paging deterministic.
 */
export function sortAssignments(
  assignments: RunlayerAssignment[],
  roleOrder: readonly RoleKey[],
  users: readonly RunlayerUser[],
): void {
  const userIndex = new Map(users.map((user, index) => [user.id, index]));
  const rank = (assignment: RunlayerAssignment): [number, number, string] => [
    roleOrder.indexOf(assignment.role),
    userIndex.get(assignment.user_id) ?? Number.MAX_SAFE_INTEGER,
    assignment.scope_id ?? "",
  ];
  assignments.sort((a, b) => {
    const [ra, ua, sa] = rank(a);
    const [rb, ub, sb] = rank(b);
    return ra - rb || ua - ub || (sa < sb ? -1 : sa > sb ? 1 : 0);
  });
}

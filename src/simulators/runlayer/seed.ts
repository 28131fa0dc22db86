/**
 * @module
 * Small builders shared by the tenant seed and `mutate()`: a Runlayer user for a roster person,
 * API keys, assignments, and the instance's MCP servers.
 */

import type { Person, Random } from "../_kit/index.ts";
import type { RoleKey, RunlayerAssignment, RunlayerServer, RunlayerUser } from "./tenant-types.ts";

/** The product name the shared roster knows this simulator by. */
export const PRODUCT = "runlayer";

/** Runlayer is young: instances were set up from 2024 on. */
const CREATED_FROM = new Date(Date.UTC(2024, 2, 1));
const CREATED_TO = new Date(Date.UTC(2025, 5, 1));
/** "Now" for the seeded instance, so last sign-ins do not depend on the wall clock. */
export const SEEDED_AT = new Date(Date.UTC(2025, 6, 1));

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

export interface UserShape {
  active?: boolean;
  /** Never signed in: `last_login_at` is null. */
  neverSignedIn?: boolean;
  /** @default a moment between 2024-03 and 2025-06 */
  createdAt?: Date;
}

export function newUser(rng: Random, person: Person, shape: UserShape = {}): RunlayerUser {
  const created = shape.createdAt ?? rng.dateBetween(CREATED_FROM, CREATED_TO);
  const lastLogin = shape.neverSignedIn ? null : rng.dateBetween(created, SEEDED_AT);
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
export function sortAssignments(assignments: RunlayerAssignment[], roleOrder: readonly RoleKey[], users: readonly RunlayerUser[]): void {
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

/**
 * @module
 * The shape of a seeded Runlayer instance. Field names follow the endpoints shared/apis/runlayer.md
 * proposes ("Proposed endpoints — ASSUMPTION"): users with `full_name`, `is_active`,
 * `last_login_at`; FGA roles keyed by the snake_case of their display names; assignments of a role
 * to a user, org-wide or on one MCP server.
 */

/** The FGA role keys (runlayer.md, "FGA roles" and "Proposed role keys"). */
export const ROLE_KEYS = [
  "super_admin",
  "security_admin",
  "it_admin",
  "analytics_admin",
  "developer",
  "helpdesk",
  "user",
  "server_admin",
] as const;
export type RoleKey = (typeof ROLE_KEYS)[number];

export type RoleScope = "organization" | "server";

export interface RunlayerRole {
  /** A UUID; the `key` is what assignments and users name. */
  id: string;
  key: RoleKey;
  name: string;
  description: string;
  capabilities: string[];
  scope: RoleScope;
}

export interface RunlayerUser {
  /** A UUID. */
  id: string;
  email: string;
  full_name: string;
  is_active: boolean;
  /** ISO-8601 UTC. */
  created_at: string;
  /** ISO-8601 UTC, or null for someone who never signed in. */
  last_login_at: string | null;
  /** Key of the person in the kit's shared roster (same person, same email in other products). */
  personKey: number;
}

/** An MCP server registered in the instance (the confirmed `GET /servers`). */
export interface RunlayerServer {
  id: string;
  name: string;
}

export interface RunlayerAssignment {
  user_id: string;
  role: RoleKey;
  scope_type: RoleScope;
  /** The server's id for a server-scoped assignment, else null. */
  scope_id: string | null;
}

/**
 * An API key. Personal keys act as their user, limited by that user's roles; organization keys
 * (`rl_org_…`) carry narrow machine roles and cannot read users (runlayer.md, "Auth").
 */
export type RunlayerApiKey = { kind: "personal"; userId: string } | { kind: "organization"; roles: string[] };

/** Users every test can rely on, whatever the seed and size. Ids. */
export interface RunlayerFixtures {
  /** Super Admin; the admin key is theirs (syncs everything). */
  superAdminId: string;
  /** A second Super Admin. */
  otherSuperAdminId: string;
  /** Holds Security Admin and Developer. */
  securityDeveloperId: string;
  /** Helpdesk (can read users and roles, nothing else of note). */
  helpdeskId: string;
  /** Developer only; the developer key is theirs (→ 403 on users and roles). */
  developerId: string;
  /** `is_active: false`. */
  inactiveId: string;
  /** `last_login_at: null`. */
  neverSignedInId: string;
  /** Active, last signed in more than 90 days before the reference date. */
  staleLoginId: string;
  /** Server Admin on two MCP servers (and User org-wide). */
  serverAdminId: string;
}

/** What one `mutate()` changed, by user id. */
export interface RunlayerMutationLog {
  generation: number;
  joined: string[];
  /** Deleted from the instance: gone from every list, assignments included. */
  removed: string[];
  /** `is_active` set to false. */
  deactivated: string[];
  /** Given Helpdesk in addition to their roles. */
  promoted: string[];
}

export interface RunlayerTenant {
  seed: number;
  /** What every date of the instance is a number of days before, `mutate()`'s included (`SimulatorOptions.referenceDate`). */
  referenceDate: Date;
  /** How many times `mutate()` has run. */
  generation: number;
  /** A Super Admin's personal key: syncs everything. */
  adminKey: string;
  /** A Developer's personal key: valid, `GET /users/me` works, 403 on users, roles and assignments. */
  developerKey: string;
  /** An organization key (Deploy role): valid, 403 on every user endpoint. */
  orgKey: string;
  apiKeys: Record<string, RunlayerApiKey>;
  /** In creation order, which is the order `GET /users` lists them. */
  users: RunlayerUser[];
  roles: RunlayerRole[];
  servers: RunlayerServer[];
  /** Grouped by role in the catalogue's order, then by user in `users` order. */
  assignments: RunlayerAssignment[];
  fixtures: RunlayerFixtures;
  /** How many people of the roster slice this tenant has used, so joiners are new people. */
  rosterDrawn: number;
  mutations: RunlayerMutationLog[];
}

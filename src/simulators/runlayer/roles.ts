/**
 * @module
 * The FGA role catalogue (shared/apis/runlayer.md, "FGA roles (documented)"): eight fixed roles,
 * seven org-wide and Server Admin per MCP server. The capability names are the simulator's own —
 * ASSUMPTION: the docs say each role carries fixed capabilities shown under Admin → Roles, but do
 * not list them; what matters here is which roles can read users and roles (Super Admin, Security
 * Admin and Helpdesk).
 */

import type { Random } from "../_kit/index.ts";
import type { RoleKey, RunlayerRole } from "./tenant-types.ts";

/** The capability that `GET /users`, `/roles` and `/roles/assignments` require. */
export const READ_USERS = "users:read";
export const READ_ROLES = "roles:read";

interface RoleSpec {
  key: RoleKey;
  name: string;
  description: string;
  capabilities: string[];
  scope: "organization" | "server";
}

const CATALOGUE: readonly RoleSpec[] = [
  {
    key: "super_admin",
    name: "Super Admin",
    description: "Full control of the organization, its users, roles, servers and policies",
    capabilities: [
      READ_USERS,
      "users:write",
      READ_ROLES,
      "roles:assign",
      "servers:manage",
      "policies:manage",
      "audit_logs:read",
      "settings:manage",
    ],
    scope: "organization",
  },
  {
    key: "security_admin",
    name: "Security Admin",
    description: "Manages policies, reviews audit logs and who holds which role",
    capabilities: [READ_USERS, READ_ROLES, "roles:assign", "policies:manage", "audit_logs:read"],
    scope: "organization",
  },
  {
    key: "it_admin",
    name: "IT Admin",
    description: "Manages MCP servers, clients and deployments",
    capabilities: ["servers:manage", "deployments:manage", "clients:manage"],
    scope: "organization",
  },
  {
    key: "analytics_admin",
    name: "Analytics Admin",
    description: "Reads usage analytics and reports",
    capabilities: ["analytics:read"],
    scope: "organization",
  },
  {
    key: "developer",
    name: "Developer",
    description: "Builds and deploys MCP servers, plugins and skills",
    capabilities: ["servers:create", "deployments:manage", "skills:write", "plugins:write"],
    scope: "organization",
  },
  {
    key: "helpdesk",
    name: "Helpdesk",
    description: "Looks up users and their roles to help them",
    capabilities: [READ_USERS, READ_ROLES],
    scope: "organization",
  },
  {
    key: "user",
    name: "User",
    description: "Uses the MCP servers they are allowed to reach",
    capabilities: ["servers:use"],
    scope: "organization",
  },
  {
    key: "server_admin",
    name: "Server Admin",
    description: "Administers one MCP server: its tools, access and settings",
    capabilities: ["server:configure", "server:access:manage"],
    scope: "server",
  },
];

/** The eight roles with ids drawn from `rng`, in the catalogue's order. */
export function createRoles(rng: Random): RunlayerRole[] {
  return CATALOGUE.map((spec) => ({ id: rng.uuid(), ...spec, capabilities: [...spec.capabilities] }));
}

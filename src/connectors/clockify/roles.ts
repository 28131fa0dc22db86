/**
 * @module
 * Clockify's workspace roles. The values of `roles[].role` in the member listing
 * (`include-roles=true`) are WORKSPACE_OWN, WORKSPACE_ADMIN, TEAM_MANAGER and PROJECT_MANAGER;
 * the owner holds WORKSPACE_OWN alongside WORKSPACE_ADMIN. Sources: Clockify's own browser
 * extension (clockify/browser-extension `src/enums/workspace-permissions.enum.js`, which tells an
 * owner or admin by exactly those two values), ynput/OpenPype
 * (`openpype/modules/clockify/constants.py`, `ADMIN_PERMISSION_NAMES`), and PyClockifyClient's
 * recorded listing (`tests/test_user.py`). `OWNER` is only a value of the OpenAPI's role
 * *filters* (docs.clockify.me, getWorkspacesOfUser, filterUsersOfWorkspace), never listed.
 *
 * Any other value a member holds becomes a role too, named by its value and described as
 * unrecognised, with a warning: a role Clockify adds later is never dropped.
 *
 * Each role has one entitlement, `assigned`, whose grants the users syncer emits from each
 * member's roles (users.ts): the roles arrive with the members, so no request is needed for them.
 *
 * The role values held come from the same listing, through the census at the end of this file:
 * a value idsync does not know must still become a role resource during the resources phase,
 * before the grants that point at it. The users listing tells the census what each page held;
 * the roles listing, which the engine runs alongside it, waits for that walk to end and reads the
 * values off it, so the common sync walks the members once. Only a walk seen whole counts: from
 * the first page to the last, in this process, page after page. A sync resumed in the middle of
 * the member listing or after it, or a sync of roles alone, has no such walk, and the roles
 * listing then walks the members itself.
 */
import {
  newEntitlement,
  newGrant,
  newRoleResource,
  type Entitlement,
  type Grant,
  type JsonObject,
  type Resource,
  type ResourceSyncer,
  type SyncContext,
} from "../../core/kit.ts";
import type { ApiUser } from "./client.ts";
import { memberPage, type MembersSource } from "./paging.ts";
import { roleType, userType } from "./resource-types.ts";

export const ROLE_SLUG = "assigned";

/**
 * `privileged`: the owner and workspace admins are the admin-grade roles, the two values Clockify's
 * browser extension (`src/enums/workspace-permissions.enum.js`) and OpenPype's
 * `ADMIN_PERMISSION_NAMES` treat as admin; managers act only on the members or projects they manage.
 */
const KNOWN_ROLES = {
  WORKSPACE_OWN: {
    displayName: "Owner",
    privileged: true,
    description: "Owns the workspace: every admin right, plus its subscription, SSO and deletion",
  },
  WORKSPACE_ADMIN: {
    displayName: "Workspace admin",
    privileged: true,
    description: "Administers the workspace: members, groups, projects, settings and everyone's time",
  },
  TEAM_MANAGER: {
    displayName: "Team manager",
    privileged: false,
    description: "Sees and manages the time of the members they manage; each grant lists them",
  },
  PROJECT_MANAGER: {
    displayName: "Project manager",
    privileged: false,
    description: "Manages the projects they are assigned to; each grant lists them",
  },
} as const;

export type RoleName = keyof typeof KNOWN_ROLES;

/** The role values idsync knows, in the order they are listed. */
export const ROLE_NAMES = Object.keys(KNOWN_ROLES) as RoleName[];

export function isRoleName(value: unknown): value is RoleName {
  return typeof value === "string" && Object.hasOwn(KNOWN_ROLES, value);
}

/** The role resource of a role value; its id is the value itself, e.g. `role:WORKSPACE_OWN`. */
export function toRoleResource(value: string): Resource {
  if (isRoleName(value)) {
    const text = KNOWN_ROLES[value];
    return newRoleResource(roleType, value, text.displayName, {
      description: text.description,
      privileged: text.privileged,
      profile: { clockifyRole: value, recognised: true },
    });
  }
  // Not marked either way: idsync cannot tell what a value it does not know allows.
  return newRoleResource(roleType, value, value, {
    description: `A Clockify role value idsync does not recognise, held by members of the workspace; synced as Clockify sent it`,
    profile: { clockifyRole: value, recognised: false },
  });
}

export function toRoleEntitlement(role: Resource): Entitlement {
  return newEntitlement(role, ROLE_SLUG, {
    displayName: `${role.displayName} role`,
    description: `Holds the ${role.displayName} role in the Clockify workspace`,
    grantableTo: [userType],
  });
}

/**
 * `userId` holds role `value`: `role:<VALUE>:assigned:user:<userId>`. `entities`, what the role
 * covers besides the workspace (the members or groups a team manager manages, a project manager's
 * projects), goes in the grant's metadata.
 */
export function roleGrant(value: string, userId: string, entities?: JsonObject[]): Grant {
  return newGrant(
    toRoleResource(value),
    ROLE_SLUG,
    { resourceType: userType.id, resource: userId },
    entities && entities.length > 0 ? { metadata: { entities } } : {},
  );
}

/** The role values held, by walking the member listing (when the census has no whole walk). */
async function walkMembers(source: MembersSource, pageSize: number, ctx: SyncContext): Promise<RoleTally> {
  const tally = new Map<string, number>();
  let token: string | undefined;
  do {
    const page = await memberPage(source, token, pageSize, ctx);
    countRoles(page.items, tally);
    token = page.nextPageToken;
  } while (token !== undefined);
  return tally;
}

export interface RolesSyncerDeps {
  census: RoleCensus;
  source: MembersSource;
  /** Page size of the listing's own walk, the users listing's. */
  pageSize: number;
}

export function rolesSyncer({ census, source, pageSize }: RolesSyncerDeps): ResourceSyncer {
  return {
    resourceType: roleType,
    async list(ctx) {
      const held = (await census.completedWalk(ctx.signal)) ?? (await walkMembers(source, pageSize, ctx));
      const unknown = [...held.keys()].filter((value) => !isRoleName(value)).sort();
      if (unknown.length > 0) {
        ctx.logger.warn(
          "members hold Clockify roles idsync does not recognise; each is synced as a role named by its value",
          {
            roles: Object.fromEntries(unknown.map((value) => [value, held.get(value) ?? 0])),
          },
        );
      }
      return { items: [...ROLE_NAMES, ...unknown].map(toRoleResource) };
    },
    entitlements: (_ctx, role) => Promise.resolve({ items: [toRoleEntitlement(role)] }),
    // See the module comment: users.ts emits these grants from each member's roles.
    grants: () => Promise.resolve({ items: [] }),
  };
}

// ── the census of role values held ──────────────────────────────────────────

/** Role value → how many members hold it. */
export type RoleTally = ReadonlyMap<string, number>;

/** Role values as Clockify sends them, each once per member, in the API's order. */
export function roleValuesOf(user: ApiUser): string[] {
  const values = (user.roles ?? [])
    .map((entry) => entry?.role)
    .filter((role): role is string => typeof role === "string" && role !== "");
  return [...new Set(values)];
}

/** Adds the members' role values to `tally`. */
export function countRoles(users: readonly ApiUser[], tally: Map<string, number>): void {
  for (const user of users) for (const role of roleValuesOf(user)) tally.set(role, (tally.get(role) ?? 0) + 1);
}

class Walk {
  readonly tally = new Map<string, number>();
  /** The token of the page the walk expects next. */
  expected: string | undefined = undefined;
  readonly outcome: Promise<RoleTally | undefined>;
  settle!: (tally: RoleTally | undefined) => void;

  constructor() {
    this.outcome = new Promise((resolve) => (this.settle = resolve));
  }
}

export class RoleCensus {
  #walk: Walk | undefined;

  /**
   * The users listing is about to fetch the page `token` names (undefined: the first). Called
   * before the listing awaits anything, so a roles listing started right after it finds the walk.
   */
  pageRequested(token: string | undefined): void {
    if (token === undefined) {
      this.#walk?.settle(undefined);
      this.#walk = new Walk();
    } else if (this.#walk !== undefined && this.#walk.expected !== token) {
      // Not the page that follows: a walk with a gap cannot say which values exist.
      this.#walk.settle(undefined);
      this.#walk = undefined;
    }
  }

  /** The page came back with these members; `next` is the next page's token, undefined after the last. */
  pageListed(users: readonly ApiUser[], next: string | undefined): void {
    const walk = this.#walk;
    if (walk === undefined) return;
    countRoles(users, walk.tally);
    walk.expected = next;
    if (next === undefined) walk.settle(walk.tally);
  }

  /** The page failed: this walk will not complete. */
  pageFailed(): void {
    this.#walk?.settle(undefined);
    this.#walk = undefined;
  }

  /**
   * The tally of this process's whole walk, once it has ended; undefined when there is no walk
   * from the first page, or it broke off. Rejects when `signal` aborts first.
   */
  async completedWalk(signal: AbortSignal): Promise<RoleTally | undefined> {
    const walk = this.#walk;
    if (walk === undefined) return undefined;
    signal.throwIfAborted();
    let onAbort: (() => void) | undefined;
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => reject(signal.reason);
      signal.addEventListener("abort", onAbort, { once: true });
    });
    try {
      return await Promise.race([walk.outcome, aborted]);
    } finally {
      if (onAbort) signal.removeEventListener("abort", onAbort);
    }
  }
}

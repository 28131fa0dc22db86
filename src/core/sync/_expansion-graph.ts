/**
 * @module
 * A generated grant graph for grant expansion's benchmark and tests, shaped like a Baton
 * tenant: users are members of groups, groups are granted projects (members of the group get
 * the project), projects are granted roles (members of the project get the role), and some
 * users hold projects' roles directly too.
 *
 * With the default sizes (35,000 users, 17 groups, 100 projects, 100 roles) it has 66,601
 * grants and expands to 418,389 derived grants, the figures of the graph issue 16 measures.
 * How: user u is in group u % 17; project p is granted to group p % 17; role r is granted to
 * project r, and roles 0‥3 to project r + 50 as well; `overlapping` users hold the role of
 * their group's first project directly (expansion merges its sources instead of deriving it),
 * and the other direct role grants are on roles their holder cannot reach.
 */
import {
  newEntitlement,
  newGrant,
  newGroupResource,
  newResource,
  newRoleResource,
  newUserResource,
} from "../model/index.ts";
import type { Entitlement, Grant, Resource } from "../model/index.ts";

export interface ExpansionGraphSizes {
  /** @default 35_000 */
  users?: number;
  /** @default 17 */
  groups?: number;
  /** @default 100 */
  projects?: number;
  /** @default 100 (at most `projects`) */
  roles?: number;
  /** Roles also granted to a second project. @default 4 */
  doubleRoles?: number;
  /** Direct user grants on roles. @default 31,397 */
  directGrants?: number;
  /** How many of those the user also reaches through expansion. @default 1,718 */
  overlapping?: number;
}

const userType = { id: "user", displayName: "User", traits: ["user" as const] };
const groupType = { id: "group", displayName: "Group", traits: ["group" as const] };
const projectType = { id: "project", displayName: "Project", traits: [] };
const roleType = { id: "role", displayName: "Role", traits: ["role" as const] };

export interface ExpansionGraph {
  resources: Resource[];
  entitlements: Entitlement[];
  /** Written in pages, so a caller can stream them into a writer. */
  grantPages(pageSize?: number): Generator<Grant[]>;
}

export function expansionGraph(sizes: ExpansionGraphSizes = {}): ExpansionGraph {
  const users = sizes.users ?? 35_000;
  const groupCount = sizes.groups ?? 17;
  const projectCount = sizes.projects ?? 100;
  const roleCount = Math.min(sizes.roles ?? 100, projectCount);
  const doubleRoles = Math.min(sizes.doubleRoles ?? 4, roleCount);
  const directGrants = Math.min(sizes.directGrants ?? 31_397, users);
  const overlapping = Math.min(sizes.overlapping ?? 1_718, directGrants);

  const people = Array.from({ length: users }, (_, u) =>
    newUserResource(userType, `u${u}`, `Person ${u}`, { emails: [`person.${u}@example.com`] }),
  );
  const groups = Array.from({ length: groupCount }, (_, g) => newGroupResource(groupType, `g${g}`, `Group ${g}`));
  const projects = Array.from({ length: projectCount }, (_, p) => newResource(projectType, `p${p}`, `Project ${p}`));
  const roles = Array.from({ length: roleCount }, (_, r) => newRoleResource(roleType, `r${r}`, `Role ${r}`));
  const member = (resource: Resource) => newEntitlement(resource, "member");
  const assigned = (resource: Resource) => newEntitlement(resource, "assigned");
  const groupMember = groups.map(member);
  const projectMember = projects.map(member);
  const roleAssigned = roles.map(assigned);

  // A role no user of group g reaches: not granted to any project of g (r % groups ≠ g), and not a doubled one.
  const unreachableRole = (g: number): number => {
    for (let r = doubleRoles; r < roleCount; r++) {
      if (r % groupCount !== g && (r + 50) % groupCount !== g) return r;
    }
    throw new Error("the graph is too small to hold a direct grant nobody reaches");
  };

  function* grantPages(pageSize = 1_000): Generator<Grant[]> {
    let page: Grant[] = [];
    const push = (grant: Grant) => {
      page.push(grant);
      if (page.length >= pageSize) {
        const full = page;
        page = [];
        return full;
      }
      return undefined;
    };
    const all = function* (): Generator<Grant> {
      for (let u = 0; u < users; u++) yield newGrant(groups[u % groupCount]!, "member", people[u]!);
      for (let p = 0; p < projectCount; p++) {
        const group = groups[p % groupCount]!;
        yield newGrant(projects[p]!, "member", group, {
          expandable: { entitlementIds: [groupMember[p % groupCount]!.id] },
        });
      }
      for (let r = 0; r < roleCount; r++) {
        const via = r < doubleRoles ? [r, (r + 50) % projectCount] : [r];
        for (const p of via) {
          yield newGrant(roles[r]!, "assigned", projects[p]!, {
            expandable: { entitlementIds: [projectMember[p]!.id] },
          });
        }
      }
      for (let u = 0; u < directGrants; u++) {
        const g = u % groupCount;
        // Role g is on project g, which is granted to group g: reached through expansion.
        const role = u < overlapping ? g : unreachableRole(g);
        yield newGrant(roles[role]!, "assigned", people[u]!);
      }
    };
    for (const grant of all()) {
      const full = push(grant);
      if (full) yield full;
    }
    if (page.length > 0) yield page;
  }

  return {
    resources: [...people, ...groups, ...projects, ...roles],
    entitlements: [...groupMember, ...projectMember, ...roleAssigned],
    grantPages,
  };
}

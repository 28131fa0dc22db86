/**
 * @module
 * `team`: the account's teams (`GET /team`), the built-in `users` and `admins` included, each with
 * a `member` entitlement granted to its members.
 */
import {
  newEntitlement,
  newGrant,
  newGroupResource,
  pageOfList,
  type Resource,
  type ResourceSyncer,
} from "../../core/kit.ts";
import type { AccountSource } from "./account.ts";
import type { TeamRecord } from "./client.ts";
import { teamType, userType } from "./resource-types.ts";

export const MEMBER = "member";

export function toTeamResource(team: TeamRecord): Resource {
  return newGroupResource(teamType, team.id, team.name, {
    ...(team.type === "admin" ? { description: "Codefresh's built-in team of the account's admins" } : {}),
    profile: { type: team.type, tags: team.tags },
  });
}

export function teamsSyncer(source: AccountSource): ResourceSyncer {
  return {
    resourceType: teamType,
    async list(ctx, { pageToken }) {
      const teams = await source.teams(ctx);
      return pageOfList(teams, pageToken, ctx, { what: "teams", select: toTeamResource });
    },
    entitlements(_ctx, resource) {
      return Promise.resolve({
        items: [
          newEntitlement(resource, MEMBER, {
            displayName: `${resource.displayName} team member`,
            description: `Member of the Codefresh team ${resource.displayName}`,
            grantableTo: [userType],
          }),
        ],
      });
    },
    async grants(ctx, resource, pageToken) {
      const team = await source.team(ctx, resource.id.resource);
      if (!team) {
        // Only after a resume, when the list fetched again no longer has a team stored before.
        ctx.logger.warn("a team listed earlier in this sync is gone; it gets no member grants", {
          team: resource.displayName,
          teamId: resource.id.resource,
        });
        return { items: [] };
      }
      return pageOfList(team.memberIds, pageToken, ctx, {
        what: `members of team ${team.name}`,
        select: (userId) => newGrant(resource, MEMBER, { resourceType: userType.id, resource: userId }),
      });
    },
  };
}

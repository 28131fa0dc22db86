/**
 * @module
 * env0 teams as `team` (GROUP) resources with a `member` entitlement. The list is paged by env0's
 * `nextPageKey` (passed through as the page token) or, from older env0, one bare array. A
 * team's grants come from the members the listing carries (see team-members.ts): people by
 * their user id, API keys by their internal id.
 */
import { newEntitlement, newGrant, newGroupResource, cursorPage, type CursorListing, type Grant, type Page, type Resource, type ResourceSyncer } from "../../core/kit.ts";
import type { Env0Api, Env0Team } from "./client.ts";
import { teamType, userType } from "./resource-types.ts";
import { TeamMembersLookup } from "./team-members.ts";
import { apiKeyResourceId, memberResourceId } from "./users.ts";

export function toTeamResource(team: Env0Team): Resource {
  return newGroupResource(teamType, team.id, team.name, {
    ...(team.description ? { description: team.description } : {}),
    profile: { teamId: team.id, ...(team.description ? { description: team.description } : {}) },
  });
}

/**
 * Which `user` resource a team member is. An API key sits in a team under its internal id (the
 * Terraform provider's env0_user_team_assignment: "can also be an id of a 'User' API key"), so
 * the organization's key ids decide; everyone else is a person.
 */
export function teamMemberResourceId(userId: string, apiKeyIds: ReadonlySet<string>): string {
  return apiKeyIds.has(userId) ? apiKeyResourceId(userId) : memberResourceId(userId);
}

export function teamsSyncer(client: Pick<Env0Api, "listTeams" | "getTeam" | "listApiKeys">, members = new TeamMembersLookup(client)): ResourceSyncer {
  return {
    resourceType: teamType,
    async list(ctx, { pageToken }): Promise<Page<Resource>> {
      const listing: CursorListing<Resource> = {
        api: "env0",
        what: "teams",
        fetch: async (pageKey, signal) => {
          const page = await client.listTeams(signal, pageKey);
          members.remember(page.teams);
          return { items: page.teams.map(toTeamResource), next: page.nextPageKey };
        },
      };
      return cursorPage(listing, pageToken, ctx);
    },
    entitlements(_ctx, resource) {
      return Promise.resolve({
        items: [
          newEntitlement(resource, "member", {
            displayName: `${resource.displayName} team member`,
            description: `Member of the env0 team ${resource.displayName}`,
            grantableTo: [userType],
          }),
        ],
      });
    },
    async grants(ctx, resource): Promise<Page<Grant>> {
      const [team, keys] = await Promise.all([members.membersOf(resource.id.resource, ctx.signal), client.listApiKeys(ctx.signal)]);
      if (!team.found) {
        ctx.logger.warn("team no longer listed by env0; no member grants for it", { team: resource.id.resource });
        return { items: [] };
      }
      const keyIds = new Set(keys.map((key) => key.id));
      const items: Grant[] = team.memberIds.map((userId) =>
        newGrant(resource, "member", { resourceType: userType.id, resource: teamMemberResourceId(userId, keyIds) }),
      );
      return { items };
    },
  };
}

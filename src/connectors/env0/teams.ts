/**
 * @module
 * env0 teams as `team` (GROUP) resources with a `member` entitlement. The list is paged by env0's
 * `nextPageKey` (passed through as the page token) or, from older env0, one bare array. A
 * team's grants come from `GET /teams/{id}`, whose members are people (by user id) and API keys
 * (by their internal id).
 */
import { newEntitlement, newGrant, newGroupResource, type Grant, type Page, type Resource, type ResourceSyncer } from "../../core/index.ts";
import type { Env0Api, Env0Team } from "./client.ts";
import { teamType, userType } from "./resource-types.ts";
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

export function teamsSyncer(client: Pick<Env0Api, "listTeams" | "getTeam" | "listApiKeys">): ResourceSyncer {
  return {
    resourceType: teamType,
    async list(ctx, { pageToken }): Promise<Page<Resource>> {
      const page = await client.listTeams(ctx.signal, pageToken);
      return { items: page.teams.map(toTeamResource), ...(page.nextPageKey ? { nextPageToken: page.nextPageKey } : {}) };
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
      const [team, keys] = await Promise.all([client.getTeam(ctx.signal, resource.id.resource), client.listApiKeys(ctx.signal)]);
      const keyIds = new Set(keys.map((key) => key.id));
      const seen = new Set<string>();
      const items: Grant[] = [];
      for (const user of team.users ?? []) {
        const id = teamMemberResourceId(user.user_id, keyIds);
        if (seen.has(id)) continue;
        seen.add(id);
        items.push(newGrant(resource, "member", { resourceType: userType.id, resource: id }));
      }
      return { items };
    },
  };
}

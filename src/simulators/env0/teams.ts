/**
 * @module
 * `GET /teams/organizations/{organizationId}` (shared/apis/env0.md, "Endpoints"): newer env0 pages it
 * as `{teams, nextPageKey}` with `limit`, `name` and `offset=<nextPageKey>`; older provider versions
 * read a bare array of every team. The simulator serves either shape (`teamsShape`).
 */

import { Buffer } from "node:buffer";

import { badRequest } from "./errors.ts";
import { renderTeam } from "./render.ts";
import type { Env0Organization, Env0Team, Env0Tenant } from "./tenant-types.ts";

export type TeamsShape = "paged" | "array";

/** ASSUMPTION: 100 is both the default and the largest page (the provider sends 100; env0's other lists cap `limit` at 100). */
export const MAX_TEAMS_LIMIT = 100;

const compare = (left: Env0Team, right: Env0Team): number =>
  left.name < right.name ? -1 : left.name > right.name ? 1 : left.id < right.id ? -1 : left.id > right.id ? 1 : 0;

/**
 * The key names the last team of a page, as a DynamoDB-style "last evaluated key" would, so the
 * next page starts after it even if teams were added or removed in between. Opaque to clients.
 */
function encodeKey(team: Env0Team): string {
  return Buffer.from(JSON.stringify({ name: team.name, id: team.id })).toString("base64url");
}

function decodeKey(text: string): Pick<Env0Team, "name" | "id"> | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(text, "base64url").toString("utf8")) as unknown;
    if (typeof parsed !== "object" || parsed === null) return undefined;
    const { name, id } = parsed as Record<string, unknown>;
    return typeof name === "string" && typeof id === "string" ? { name, id } : undefined;
  } catch {
    return undefined;
  }
}

export function teamsResponse(tenant: Env0Tenant, organization: Env0Organization, search: URLSearchParams, shape: TeamsShape): Response {
  const name = search.get("name")?.toLowerCase();
  const teams = organization.teams.filter((team) => name === undefined || team.name.toLowerCase().includes(name)).sort(compare);
  if (shape === "array") return Response.json(teams.map((team) => renderTeam(tenant, organization, team)));

  const rawLimit = search.get("limit");
  const limit = rawLimit === null ? MAX_TEAMS_LIMIT : Number(rawLimit);
  if (!Number.isInteger(limit) || limit < 1) return badRequest("/querystring/limit must be integer >= 1");
  if (limit > MAX_TEAMS_LIMIT) return badRequest(`/querystring/limit must be <= ${MAX_TEAMS_LIMIT}`);
  const offset = search.get("offset");
  let start = 0;
  if (offset !== null && offset !== "") {
    const after = decodeKey(offset);
    if (!after) return badRequest("/querystring/offset is not a valid page key");
    const index = teams.findIndex((team) => compare(team, { ...team, ...after }) > 0);
    start = index < 0 ? teams.length : index;
  }
  const page = teams.slice(start, start + limit);
  const last = page.at(-1);
  const more = start + limit < teams.length && last !== undefined;
  return Response.json({ teams: page.map((team) => renderTeam(tenant, organization, team)), ...(more ? { nextPageKey: encodeKey(last) } : {}) });
}

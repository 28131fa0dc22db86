/**
 * @module
 * `GET /teams/organizations/{organizationId}` (shared/apis/env0.md, "Endpoints"): newer env0 pages it
 * as `{teams, nextPageKey}` with `limit`, `name` and `offset=<nextPageKey>`; older provider versions
 * read a bare array of every team. The simulator serves either shape (`teamsShape`).
 */

import { Buffer } from "node:buffer";

import { touch } from "../_kit/index.ts";
import { badRequest } from "./errors.ts";
import { renderTeam } from "./render.ts";
import { compareTeams as compare, env0Index } from "./state.ts";
import type { Env0Organization, Env0Team, Env0Tenant } from "./tenant-types.ts";

export type TeamsShape = "paged" | "array";

/** ASSUMPTION: 100 is both the default and the largest page (the provider sends 100; env0's other lists cap `limit` at 100). */
export const MAX_TEAMS_LIMIT = 100;

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

/** Where the first team sorting after `after` sits, by binary search: a page must not scan the list. */
function firstAfter(teams: readonly Env0Team[], after: Pick<Env0Team, "name" | "id">): number {
  let low = 0;
  let high = teams.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const team = teams[middle] as Env0Team;
    if (compare(team, { ...team, ...after }) > 0) high = middle;
    else low = middle + 1;
  }
  return low;
}

export function teamsResponse(
  tenant: Env0Tenant,
  organization: Env0Organization,
  search: URLSearchParams,
  shape: TeamsShape,
): Response {
  const name = search.get("name")?.toLowerCase();
  // Sorted once per tenant state; only a `name` search (rare, never paged by the connector) filters the whole list.
  const inOrder = env0Index(tenant).organizations.get(organization.id)?.teamsInOrder ?? [];
  if (name !== undefined) touch(tenant, inOrder.length);
  const teams = name === undefined ? inOrder : inOrder.filter((team) => team.name.toLowerCase().includes(name));
  if (shape === "array") {
    touch(tenant, teams.length);
    return Response.json(teams.map((team) => renderTeam(tenant, organization, team)));
  }

  const rawLimit = search.get("limit");
  const limit = rawLimit === null ? MAX_TEAMS_LIMIT : Number(rawLimit);
  if (!Number.isInteger(limit) || limit < 1) return badRequest("/querystring/limit must be integer >= 1");
  if (limit > MAX_TEAMS_LIMIT) return badRequest(`/querystring/limit must be <= ${MAX_TEAMS_LIMIT}`);
  const offset = search.get("offset");
  let start = 0;
  if (offset !== null && offset !== "") {
    const after = decodeKey(offset);
    if (!after) return badRequest("/querystring/offset is not a valid page key");
    start = firstAfter(teams, after);
  }
  const page = teams.slice(start, start + limit);
  touch(tenant, page.length);
  const last = page.at(-1);
  const more = start + limit < teams.length && last !== undefined;
  return Response.json({
    teams: page.map((team) => renderTeam(tenant, organization, team)),
    ...(more ? { nextPageKey: encodeKey(last) } : {}),
  });
}

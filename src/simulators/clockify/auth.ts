/**
 * @module
 * Clockify's auth check: exactly one auth header, and it must be a known `X-Api-Key`
 * (shared/apis/clockify.md, "Auth" and "Errors"). Then, per workspace, who may see what.
 */

import { indexOnce, touch } from "../_kit/index.ts";
import { accessDenied, apiKeyDoesNotExist, multipleOrNoneTokens, tokenNotValid } from "./errors.ts";
import { tenantStamp } from "./state.ts";
import type { ClockifyAccount, ClockifyMember, ClockifyTenant, ClockifyWorkspace } from "./tenant-types.ts";

export interface Caller {
  account: ClockifyAccount;
}

/** The caller behind the request's key, or the 401 Clockify answers. */
export function authenticate(request: Request, tenant: ClockifyTenant): Caller | Response {
  const apiKey = request.headers.get("x-api-key");
  const addonToken = request.headers.get("x-addon-token");
  const authorization = request.headers.get("authorization");
  const bearer = authorization !== null && /^bearer(\s|$)/i.test(authorization);
  const presented = [apiKey !== null, addonToken !== null, bearer].filter(Boolean).length;
  // A Bearer header is refused even alone: Clockify has no bearer auth on this API.
  if (presented !== 1 || bearer) return multipleOrNoneTokens();
  if (addonToken !== null) return tokenNotValid();
  // Two X-Api-Key headers arrive folded into one "a, b" value; that is "multiple" too.
  if (apiKey === null || apiKey.includes(",")) return multipleOrNoneTokens();
  const userId = Object.hasOwn(tenant.apiKeys, apiKey) ? tenant.apiKeys[apiKey] : undefined;
  const account = userId === undefined ? undefined : tenant.accounts.get(userId);
  return account ? { account } : apiKeyDoesNotExist();
}

export interface WorkspaceAccess {
  workspace: ClockifyWorkspace;
  member: ClockifyMember;
  admin: boolean;
}

/** Each workspace by id, with its members by user id: every request checks the caller's membership. */
function workspaceIndex(
  tenant: ClockifyTenant,
): Map<string, { workspace: ClockifyWorkspace; members: Map<string, ClockifyMember> }> {
  return indexOnce(tenant, "workspaces", tenantStamp(tenant), () => {
    const index = new Map(
      tenant.workspaces.map((workspace) => [
        workspace.id,
        { workspace, members: new Map(workspace.members.map((member) => [member.userId, member])) },
      ]),
    );
    touch(
      tenant,
      tenant.workspaces.reduce((sum, workspace) => sum + workspace.members.length, 0),
    );
    return index;
  });
}

/** The caller's ACTIVE membership of a workspace, or Clockify's 403 (also for unknown ids, see `accessDenied`). */
export function workspaceAccess(
  tenant: ClockifyTenant,
  caller: Caller,
  workspaceId: string,
): WorkspaceAccess | Response {
  const entry = workspaceIndex(tenant).get(workspaceId);
  const workspace = entry?.workspace;
  const member = entry?.members.get(caller.account.id);
  if (!workspace || !member || member.status !== "ACTIVE") return accessDenied();
  const admin = member.roles.some((grant) => grant.role === "WORKSPACE_OWN" || grant.role === "WORKSPACE_ADMIN");
  return { workspace, member, admin };
}

/** Listing users and groups is for owners and workspace admins; a member's key gets 403 (clockify.md, "Errors"). */
export function adminAccess(tenant: ClockifyTenant, caller: Caller, workspaceId: string): WorkspaceAccess | Response {
  const access = workspaceAccess(tenant, caller, workspaceId);
  if (access instanceof Response) return access;
  return access.admin ? access : accessDenied();
}

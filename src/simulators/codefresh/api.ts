/**
 * @module
 * The Codefresh API as a fetch handler, for every path the connector uses (shared/apis/codefresh.md,
 * "Endpoints the connector needs"): `GET /user`, `GET /accounts/{id}/users`, `GET /team` and
 * `GET /service-users`, all bare JSON with no paging. Order of checks: the key (401, or 403 for a restricted key) for every path,
 * as an auth middleware runs before routing; then the route (404); then scopes and the account (403/404).
 */

import { createRouter, route, touch, type FetchHandler } from "../_kit/index.ts";
import { authenticate, type Caller } from "./auth.ts";
import { missingScope, notFound, notYourAccount } from "./errors.ts";
import { renderCurrentUser, renderMember, renderServiceUser, renderTeam } from "./render.ts";
import type { CodefreshTenant } from "./tenant-types.ts";

/** The API's path prefix: the SaaS base URL is `https://g.codefresh.io/api`, on-prem `https://<host>/api`. */
export const BASE_PATH = "/api";

/**
 * ASSUMPTION: scope names. Codefresh keys carry scopes chosen at creation; the sheet says a key
 * without the scope for a resource gets 403, not which scope each path needs.
 */
const USERS_SCOPE = "account";
const TEAMS_SCOPE = "team";
const SERVICE_USERS_SCOPE = "service-user";

export function createCodefreshApi(tenant: CodefreshTenant, basePath: string = BASE_PATH): FetchHandler {
  const base = basePath.replace(/\/+$/, "");
  const router = createRouter<Caller>(
    [
      route<Caller>("GET", `${base}/user`, (_request, { state }) =>
        Response.json(renderCurrentUser(tenant, state.user)),
      ),

      route<Caller>("GET", `${base}/accounts/:accountId/users`, (_request, { params, state }) => {
        if (state.key.restricted) return missingScope(USERS_SCOPE);
        const accountId = params["accountId"] ?? "";
        const account = tenant.accounts.find((candidate) => candidate.id === accountId);
        if (!account) return notFound(`Account ${accountId} not found`);
        // The API only acts on the key's own account, whatever else its user belongs to.
        if (account !== state.account) return notYourAccount(accountId);
        // One unpaged answer: the whole member list is the page.
        touch(tenant, account.memberIds.length);
        return Response.json(
          account.memberIds.flatMap((id) => {
            const user = tenant.users.get(id);
            return user ? [renderMember(user)] : [];
          }),
        );
      }),

      route<Caller>("GET", `${base}/team`, (_request, { state }) => {
        if (state.key.restricted) return missingScope(TEAMS_SCOPE);
        // ASSUMPTION: a key whose active account is gone has no account to list teams of.
        if (!state.account) return notFound("Account not found");
        const accountId = state.account.id;
        return Response.json(
          tenant.teams.filter((team) => team.accountId === accountId).map((team) => renderTeam(tenant, team)),
        );
      }),

      // The key's account's service accounts (terraform-provider-codefresh codefresh/cfclient/service_user.go, GetServiceUserList).
      route<Caller>("GET", `${base}/service-users`, (_request, { state }) => {
        if (state.key.restricted) return missingScope(SERVICE_USERS_SCOPE);
        if (!state.account) return notFound("Account not found");
        const accountId = state.account.id;
        return Response.json(
          tenant.serviceUsers.filter((serviceUser) => serviceUser.accountId === accountId).map(renderServiceUser),
        );
      }),
    ],
    {
      notFound: (request, url) => notFound(`Cannot ${request.method} ${url.pathname}`),
      // ASSUMPTION: a wrong method on a known path is a 404 too, as Express answers by default.
      methodNotAllowed: (request, url) => notFound(`Cannot ${request.method} ${url.pathname}`),
      ignoreTrailingSlash: true,
    },
  );

  return async (request) => {
    const caller = authenticate(request, tenant);
    if (caller instanceof Response) return caller;
    return router(request, caller);
  };
}

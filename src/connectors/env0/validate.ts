/**
 * @module
 * The check before a sync (env0.md: "Validate that the configured org id is in it"): the key works,
 * it can see the configured organization, and it may read that organization's members and API keys.
 * Each failure has its own message and says what to do. No message quotes the key id: given in
 * the wrong setting, it is the secret.
 */
import { ApiError, nameAndId, someOf, type SyncContext } from "../../core/kit.ts";
import type { Env0Api, Env0Organization } from "./client.ts";
import { keyLooksSwapped } from "./config.ts";

const ORGANIZATIONS_ENDPOINT = "GET /organizations";
const SWAPPED_HINT =
  "--api-key-id and --api-key-secret (BATON_ENV0_API_KEY_ID / BATON_ENV0_API_KEY_SECRET) look swapped: give the key's id in the first and the secret env0 showed once, at creation, in the second";

/** The two halves of the key, only to tell whether they look swapped. */
export interface Env0Credentials {
  apiKeyId: string;
  apiKeySecret: string;
}

export async function validateAccess(
  client: Pick<Env0Api, "organizationId" | "listOrganizations" | "listApiKeys">,
  credentials: Env0Credentials,
  ctx: SyncContext,
): Promise<void> {
  let organizations: Env0Organization[];
  try {
    organizations = await client.listOrganizations({ signal: ctx.signal });
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    if (error.kind === "unauthenticated") {
      const swapped = keyLooksSwapped(credentials.apiKeyId, credentials.apiKeySecret);
      const why = swapped
        ? "the key id and secret look swapped"
        : "the key id or secret is wrong, or the key was deleted";
      throw error.restated(`env0 refused the API key: ${why} (${error.message})`, swapped ? SWAPPED_HINT : error.hint);
    }
    if (error.kind === "permission-denied")
      throw error.restated(`the env0 API key may not list its organizations (${error.message})`);
    throw error;
  }

  const wanted = client.organizationId;
  const organization = organizations.find((candidate) => candidate.id.toLowerCase() === wanted);
  if (!organization) {
    throw new ApiError("not-found", `env0 organization ${wanted} is not among the organizations the API key can see`, {
      endpoint: ORGANIZATIONS_ENDPOINT,
      hint:
        organizations.length > 0
          ? `the key sees ${someOf(organizations.map(nameAndId))}: correct --organization-id, or use a key of organization ${wanted}`
          : `the key sees no organization: use a key created in organization ${wanted} (Organization Settings → API Keys)`,
    });
  }

  // A cheap read that needs the same permission as the members list; the sync reuses its answer.
  try {
    await client.listApiKeys({ signal: ctx.signal });
  } catch (error) {
    if (error instanceof ApiError && error.kind === "permission-denied") {
      throw error.restated(
        `the env0 API key can see organization "${organization.name}" as ${organization.role ?? "a member"} but may not list its members and API keys (${error.message})`,
        "use an organization API key with the Admin role (Organization Settings → API Keys), or a personal key of an organization admin",
      );
    }
    throw error;
  }
  ctx.logger.info("env0 credentials verified", {
    organization: organization.name,
    organizationId: organization.id,
    role: organization.role,
  });
  // No caller for the engine to look for in the users (core/sync/answer-checks.ts): env0 has no
  // call naming whose key this is (env0.md; terraform-provider-env0 `client/` reads none), the
  // usual organization key is no member but an API key, and the API-key list that holds it is
  // the very answer such a check would judge. The shrink guard still covers env0.
}

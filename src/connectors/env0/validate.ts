/**
 * @module
 * The check before a sync (env0.md: "Validate that the configured org id is in it"): the key works,
 * it can see the configured organization, and it may read that organization's members and API keys.
 * Each failure has its own message and says what to do.
 */
import { ApiError, nameAndId, someOf, type SyncContext } from "../../core/index.ts";
import type { Env0Api, Env0Organization } from "./client.ts";

const ORGANIZATIONS_ENDPOINT = "GET /organizations";

export async function validateAccess(client: Pick<Env0Api, "organizationId" | "listOrganizations" | "listApiKeys">, apiKeyId: string, ctx: SyncContext): Promise<void> {
  let organizations: Env0Organization[];
  try {
    organizations = await client.listOrganizations(ctx.signal);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    if (error.kind === "unauthenticated") throw error.restated(`env0 refused API key "${apiKeyId}": the key id or secret is wrong, or the key was deleted (${error.message})`);
    if (error.kind === "permission-denied") throw error.restated(`env0 API key "${apiKeyId}" may not list its organizations (${error.message})`);
    throw error;
  }

  const wanted = client.organizationId;
  const organization = organizations.find((candidate) => candidate.id.toLowerCase() === wanted);
  if (!organization) {
    throw new ApiError("not-found", `env0 organization ${wanted} is not among the organizations API key "${apiKeyId}" can see`, {
      endpoint: ORGANIZATIONS_ENDPOINT,
      hint:
        organizations.length > 0
          ? `the key sees ${someOf(organizations.map(nameAndId))}: correct --organization-id, or use a key of organization ${wanted}`
          : `the key sees no organization: use a key created in organization ${wanted} (Organization Settings → API Keys)`,
    });
  }

  // A cheap read that needs the same permission as the members list; the sync reuses its answer.
  try {
    await client.listApiKeys(ctx.signal);
  } catch (error) {
    if (error instanceof ApiError && error.kind === "permission-denied") {
      throw error.restated(
        `env0 API key "${apiKeyId}" can see organization "${organization.name}" as ${organization.role ?? "a member"} but may not list its members and API keys (${error.message})`,
        "use an organization API key with the Admin role (Organization Settings → API Keys), or a personal key of an organization admin",
      );
    }
    throw error;
  }
  ctx.logger.info("env0 credentials verified", { organization: organization.name, organizationId: organization.id, role: organization.role });
}

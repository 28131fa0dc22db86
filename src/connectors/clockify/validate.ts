/**
 * @module
 * The check at the start of a sync: the key works, the workspace is one of the key's user's, and
 * that user may list its members. Three failures a person can act on, each with its own message:
 * a refused key (401), an unknown workspace, a key of a non-admin (403).
 *
 * The workspace is looked for in `GET /workspaces` rather than asked for directly, because Clockify
 * answers an unknown workspace id with the same 403 "Access Denied" as a non-admin's key.
 *
 * It also learns the key's own user (`GET /user`): `GET /workspaces` lists only workspaces the
 * user is an active member of, so the member listing must hold them, and the engine fails a sync
 * whose listing does not (core/sync/answer-checks.ts).
 */
import {
  ApiError,
  nameAndId,
  someOf,
  type NumberedPageAnswer,
  type SyncContext,
  type Validation,
} from "../../core/kit.ts";
import {
  ADMIN_HINT,
  CURRENT_USER_PATH,
  KEY_HINT,
  WORKSPACES_PATH,
  type ApiUser,
  type ApiUserRef,
  type ApiWorkspace,
  type NumberedPageRequest,
} from "./client.ts";
import { userType } from "./resource-types.ts";

/** What validation needs of the API. */
export interface ValidationSource {
  readonly workspaceId: string;
  listWorkspaces(options: { signal?: AbortSignal | undefined }): Promise<ApiWorkspace[]>;
  currentUser(options: { signal?: AbortSignal | undefined }): Promise<ApiUserRef>;
  listUsers(request: NumberedPageRequest): Promise<NumberedPageAnswer<ApiUser>>;
}

export async function validateWorkspace(source: ValidationSource, ctx: SyncContext): Promise<Validation> {
  const id = source.workspaceId;
  let workspaces: ApiWorkspace[];
  try {
    workspaces = await source.listWorkspaces({ signal: ctx.signal });
  } catch (error) {
    if (error instanceof ApiError && error.kind === "unauthenticated")
      throw error.restated(`Clockify refused the API key: ${error.message}`, error.hint ?? KEY_HINT);
    throw error;
  }

  const workspace = workspaces.find((candidate) => candidate.id.toLowerCase() === id.toLowerCase());
  if (workspace === undefined) {
    const visible =
      workspaces.length > 0
        ? `the key's user is in ${someOf(workspaces.map(nameAndId))}`
        : "the key's user is in no workspace";
    throw new ApiError(
      "not-found",
      `Clockify workspace ${id} is not among the workspaces this API key's user is an active member of`,
      {
        endpoint: `GET ${WORKSPACES_PATH}`,
        hint:
          `${visible}: correct --workspace-id (BATON_CLOCKIFY_WORKSPACE_ID), copied from the workspace settings URL, clockify.me/workspaces/<id>/settings; ` +
          "a workspace hosted in a regional data center needs --region (euc1, use2, euw2 or apse2)",
      },
    );
  }

  // The smallest real listing: exactly the permission the sync needs.
  try {
    await source.listUsers({ page: 1, pageSize: 1, signal: ctx.signal });
  } catch (error) {
    if (error instanceof ApiError && error.kind === "permission-denied") {
      const name = workspace.name ? `"${workspace.name}" (${id})` : id;
      throw error.restated(
        `the API key's user is not an owner or admin of Clockify workspace ${name}, so it cannot list the members: ${error.message}`,
        ADMIN_HINT,
      );
    }
    throw error;
  }
  ctx.logger.info("Clockify API key and workspace validated", { workspace: workspace.name ?? id });
  const me = await source.currentUser({ signal: ctx.signal });
  if (typeof me.id !== "string" || me.id === "") return {};
  return {
    caller: {
      id: { resourceType: userType.id, resource: me.id },
      description: "the API key's own user",
      source: `GET ${CURRENT_USER_PATH}`,
    },
  };
}

/**
 * @module
 * One task from ConductorOne, answered. idsync's connectors only read, so besides syncs and
 * hellos every task gets the answer a Go connector run without `--provisioning` or
 * `--ticketing` gives (baton-sdk `pkg/tasks/c1api/manager.go:425-482`, the handlers beside it,
 * `internal/connector/noop_provisioner.go`, `noop_ticketing.go`), so that nothing is left
 * unanswered. Go leaves a few of those unfinished on a connector error; here each is finished.
 */
import { Code } from "@connectrpc/connect";
import { IdsyncError } from "../errors/index.ts";
import type { Task } from "../model/gen/c1/connectorapi/baton/v1/baton_pb.js";
import { runFullSync } from "./full-sync.ts";
import type { TaskContext, TaskResult } from "./task-context.ts";

/** The task's type as baton.proto names it (`sync_full`), for logs; `unknown` for one this build does not know. */
export function taskType(task: Task): string {
  return task.taskType.case?.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`) ?? "unknown";
}

const PROVISIONING = new Set([
  "grant",
  "revoke",
  "createAccount",
  "createResource",
  "deleteResource",
  "rotateCredentials",
  "issueCredential",
]);
const TICKETING = new Set([
  "createTicketTask",
  "getTicket",
  "bulkCreateTickets",
  "bulkGetTickets",
  "listTicketSchemas",
]);
const ACTIONS = new Set(["actionGetSchema", "actionInvoke", "actionStatus"]);

function failure(message: string, hint?: string): IdsyncError {
  return new IdsyncError("fatal", message, hint ? { hint } : {});
}

export async function runTask(ctx: TaskContext, task: Task): Promise<TaskResult> {
  const id = task.id;
  const type = task.taskType;
  switch (type.case) {
    case "syncFull":
      return runFullSync(ctx, id, type.value);
    case "hello":
      // Answered by a Hello naming the task, and no FinishTask (hello.go:142-161).
      await ctx.hello(id);
      return { outcome: "answered" };
    case "actionListSchemas":
      await ctx.finishWithSuccess(id, { typeUrl: "type.googleapis.com/c1.connector.v2.ListActionSchemasResponse" });
      return { outcome: "success" };
    case "listEventFeeds":
      await ctx.finishWithSuccess(id, { typeUrl: "type.googleapis.com/c1.connector.v2.ListEventFeedsResponse" });
      return { outcome: "success" };
  }
  const kind = type.case ?? "";
  if (PROVISIONING.has(kind)) {
    return ctx.finishWithError(
      id,
      failure("provisioning is not enabled: idsync connectors only read", "grant and revoke in the product itself"),
      {
        code: Code.FailedPrecondition,
        nonRetryable: true,
      },
    );
  }
  if (TICKETING.has(kind))
    return ctx.finishWithError(id, failure("ticketing is not enabled"), { code: Code.Unknown, nonRetryable: false });
  if (ACTIONS.has(kind))
    return ctx.finishWithError(id, failure("the connector has no actions"), {
      code: Code.NotFound,
      nonRetryable: false,
    });
  if (kind === "listEvents")
    return ctx.finishWithError(id, failure("the connector has no event feeds"), {
      code: Code.NotFound,
      nonRetryable: false,
    });
  // event_feed, create_sync_diff, compact_syncs, and any type added after this build.
  return ctx.finishWithError(id, failure("unsupported task type"), { code: Code.Unknown, nonRetryable: false });
}

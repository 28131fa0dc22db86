/**
 * @module
 * The tasks a test queues on the fake and how they go on the wire: `c1.connectorapi.baton.v1.Task`
 * with a 27-character KSUID-like id and one `task_type` case (baton.proto:32-232), or — to see
 * what a client does with a task type it does not know — a case this proto lacks, as raw bytes.
 */
import { create, type MessageInitShape } from "@bufbuild/protobuf";
import { WireType } from "@bufbuild/protobuf/wire";
import { randomBytes } from "node:crypto";

import { TaskSchema, type Task } from "../../core/model/gen/c1/connectorapi/baton/v1/baton_pb.js";

/** The `task_type` cases of baton.proto (lines 205-230), by their proto names. */
export const TASK_TYPES = [
  "none",
  "hello",
  "sync_full",
  "grant",
  "revoke",
  "create_account",
  "create_resource",
  "delete_resource",
  "rotate_credentials",
  "event_feed",
  "create_ticket_task",
  "list_ticket_schemas",
  "get_ticket",
  "bulk_create_tickets",
  "bulk_get_tickets",
  "action_list_schemas",
  "action_get_schema",
  "action_invoke",
  "action_status",
  "create_sync_diff",
  "compact_syncs",
  "list_event_feeds",
  "list_events",
  "issue_credential",
] as const;
export type TaskType = (typeof TASK_TYPES)[number];

/** How the fake answers a sync_full task's heartbeats; beats count from 1 per task. */
export interface HeartbeatScript {
  /** Answer `cancelled: true` on this beat (and on any after it). */
  cancelAtBeat?: number;
  /** Answer these beats with 14 Unavailable. */
  failBeats?: number[];
}

export interface SyncFullTaskSpec {
  type: "sync_full";
  skipEntitlementsAndGrants?: boolean;
  syncResourceTypeIds?: string[];
  skipExpandGrants?: boolean;
  skipGrants?: boolean;
  /** `"sqlite"` or `"pebble"`; unset by default, as C1 leaves it. */
  storageEngine?: string;
  debug?: boolean;
  heartbeat?: HeartbeatScript;
  /** Fail this many of the task's first UploadAsset streams with 14 Unavailable. */
  uploadFailures?: number;
}

export interface OtherTaskSpec {
  type: Exclude<TaskType, "sync_full">;
  debug?: boolean;
}

/** A task whose `task_type` case is field `fieldNumber`, which this proto does not define. */
export interface UnknownTaskSpec {
  type: "unknown";
  /** @default 150 */
  fieldNumber?: number;
}

export type TaskSpec = SyncFullTaskSpec | OtherTaskSpec | UnknownTaskSpec;

/** KSUID's epoch, 2014-05-13T16:53:20Z (github.com/segmentio/ksuid `epochStamp`). */
const KSUID_EPOCH_S = 1_400_000_000;
const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
/** Task ids match `^[a-zA-Z0-9]{27}$` (baton.proto, e.g. the Heartbeat and FinishTask task_id rules). */
export const TASK_ID_PATTERN = /^[a-zA-Z0-9]{27}$/;

/** A KSUID's shape: 4 bytes of seconds since its epoch and 16 random bytes, base62 in 27 characters. */
export function newTaskId(nowMs = Date.now()): string {
  const bytes = Buffer.concat([Buffer.alloc(4), randomBytes(16)]);
  bytes.writeUInt32BE(Math.max(0, Math.floor(nowMs / 1000) - KSUID_EPOCH_S), 0);
  let value = BigInt(`0x${bytes.toString("hex")}`);
  let text = "";
  while (value > 0n) {
    text = BASE62[Number(value % 62n)]! + text;
    value /= 62n;
  }
  return text.padStart(27, "0");
}

function camelCase(protoName: string): string {
  return protoName.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

/** The field numbers `Task` defines; an "unknown" task must use another. */
const KNOWN_TASK_FIELDS = new Set(TaskSchema.fields.map((field) => field.number));

/** A realistic grant: role `admin`'s `assigned` entitlement for user `u-ada`. */
function grantPayload() {
  const role = { id: { resourceType: "role", resource: "admin" }, displayName: "Admin" };
  const entitlement = {
    id: "role:admin:assigned",
    resource: role,
    displayName: "Admin role",
    description: "Holders of the Admin role",
    slug: "assigned",
    grantableTo: [{ id: "user", displayName: "User" }],
  };
  const principal = { id: { resourceType: "user", resource: "u-ada" }, displayName: "Ada Lovelace" };
  return { entitlement, principal, grant: { id: "role:admin:assigned:user:u-ada", entitlement, principal } };
}

function syncFullValue(spec: SyncFullTaskSpec) {
  return {
    skipEntitlementsAndGrants: spec.skipEntitlementsAndGrants ?? false,
    syncResourceTypeIds: spec.syncResourceTypeIds ?? [],
    skipExpandGrants: spec.skipExpandGrants ?? false,
    skipGrants: spec.skipGrants ?? false,
    storageEngine: spec.storageEngine ?? "",
  };
}

/** Checks a spec before it is queued; throws a TypeError naming what is wrong. */
export function checkTaskSpec(spec: TaskSpec): void {
  if (spec.type === "unknown") {
    const field = spec.fieldNumber ?? 150;
    if (!Number.isInteger(field) || field < 1 || field > 536_870_911 || (field >= 19_000 && field <= 19_999))
      throw new TypeError(`not a usable protobuf field number: ${field}`);
    if (KNOWN_TASK_FIELDS.has(field))
      throw new TypeError(`field ${field} is one Task defines; an unknown task needs another`);
    return;
  }
  if (!(TASK_TYPES as readonly string[]).includes(spec.type))
    throw new TypeError(`no task type "${String(spec.type)}"; one of ${TASK_TYPES.join(", ")} or unknown`);
}

/** The Task message for a spec. */
export function buildTask(id: string, spec: TaskSpec): Task {
  if (spec.type === "unknown") {
    const task = create(TaskSchema, { id });
    // The case's value is an empty message: a length-delimited field whose bytes are its length, 0.
    task.$unknown = [{ no: spec.fieldNumber ?? 150, wireType: WireType.LengthDelimited, data: new Uint8Array([0]) }];
    return task;
  }
  const payloads = grantPayload();
  const value =
    spec.type === "sync_full"
      ? syncFullValue(spec)
      : spec.type === "grant"
        ? { entitlement: payloads.entitlement, principal: payloads.principal }
        : spec.type === "revoke"
          ? { grant: payloads.grant }
          : {};
  return create(TaskSchema, {
    id,
    debug: spec.debug ?? false,
    taskType: { case: camelCase(spec.type), value },
  } as MessageInitShape<typeof TaskSchema>);
}

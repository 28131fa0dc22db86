/**
 * @module
 * One UploadAsset stream (client streaming), checked message by message as baton-sdk sends it
 * (`pkg/tasks/c1api/service_client.go:167-291`): first `metadata` naming this host and a sync_full
 * task that is out and unfinished, then `data` messages of 1 byte to 1 MiB
 * (`UploadData.data [(validate.rules).bytes = {min_len: 1, max_len: 1048576}]`), then exactly one
 * `eof` whose 32-byte `sha256_checksum` is the SHA-256 of all the data, then the half-close.
 *
 * The fake keeps the bytes, every chunk size, whether the checksum matched and which c1z it is
 * (`C1ZF\0` v1, `C1Z3\0` v3). A scripted failure answers the first N complete streams of a task
 * with 14 Unavailable after reading them whole.
 */
import { createHash, type Hash } from "node:crypto";
import path from "node:path";

import {
  BatonServiceUploadAssetResponseSchema,
  type BatonServiceUploadAssetRequest,
  type BatonServiceUploadAssetResponse,
} from "../../core/model/gen/c1/connectorapi/baton/v1/baton_pb.js";
import { create } from "@bufbuild/protobuf";
import { replaceFileSafely } from "../_kit/files.ts";
import { codeName, GrpcCode, GrpcError, violation } from "./grpc-wire.ts";
import { monotonicNow, type Records, type UploadRecord } from "./records.ts";
import { refuse, type BatonServiceFake, type TaskState } from "./service.ts";
import { annotationProblems, taskIdProblems } from "./validate.ts";

export const MAX_CHUNK_BYTES = 1024 * 1024;
const C1Z_MAGIC = { v1: Buffer.from("C1ZF\x00", "latin1"), v3: Buffer.from("C1Z3\x00", "latin1") };

function c1zVersion(bytes: Buffer): "v1" | "v3" | undefined {
  if (bytes.subarray(0, 5).equals(C1Z_MAGIC.v1)) return "v1";
  if (bytes.subarray(0, 5).equals(C1Z_MAGIC.v3)) return "v3";
  return undefined;
}

export class UploadSession {
  readonly #service: BatonServiceFake;
  readonly #records: Records;
  readonly #uploadsDir: string | undefined;
  readonly #at = monotonicNow();
  readonly #chunks: Buffer[] = [];
  readonly #hash: Hash = createHash("sha256");
  #task: TaskState | undefined;
  #checksumOk: boolean | undefined;
  #eof = false;
  #closed = false;

  constructor(service: BatonServiceFake, records: Records, uploadsDir?: string) {
    this.#service = service;
    this.#records = records;
    this.#uploadsDir = uploadsDir;
  }

  /** Checks one message; throws the GrpcError to answer when it breaks the protocol. */
  message(request: BatonServiceUploadAssetRequest): void {
    const msg = request.msg;
    if (this.#eof) throw violation(GrpcCode.InvalidArgument, `UploadAsset: a ${msg.case ?? "empty"} message after eof`);
    if (msg.case === undefined)
      throw violation(GrpcCode.InvalidArgument, "UploadAsset: msg is required (metadata, data or eof)");
    if (!this.#task && msg.case !== "metadata")
      throw violation(GrpcCode.InvalidArgument, `UploadAsset: the first message is ${msg.case}, not metadata`);
    if (msg.case === "metadata") {
      if (this.#task) throw violation(GrpcCode.InvalidArgument, "UploadAsset: a second metadata message");
      const problems = [
        ...this.#service.checkHostId("UploadAsset", msg.value.hostId),
        ...taskIdProblems("UploadAsset", msg.value.taskId),
        ...annotationProblems("UploadAsset metadata", msg.value.annotations),
      ];
      refuse(this.#records, problems);
      const task = this.#service.handedOut("UploadAsset", msg.value.taskId);
      if (task.spec.type !== "sync_full")
        throw violation(
          GrpcCode.FailedPrecondition,
          `UploadAsset: task ${task.id} is a ${task.spec.type} task, which uploads nothing`,
        );
      if (task.finished)
        throw violation(GrpcCode.FailedPrecondition, `UploadAsset: task ${task.id} is already finished`);
      this.#task = task;
      task.uploadStreams++;
      return;
    }
    if (msg.case === "data") {
      const size = msg.value.data.length;
      if (size < 1 || size > MAX_CHUNK_BYTES)
        throw violation(
          GrpcCode.InvalidArgument,
          `UploadAsset: a data message of ${size} bytes; each must be 1..${MAX_CHUNK_BYTES}`,
        );
      this.#chunks.push(Buffer.from(msg.value.data));
      this.#hash.update(msg.value.data);
      return;
    }
    const checksum = msg.value.sha256Checksum;
    if (checksum.length !== 32)
      throw violation(GrpcCode.InvalidArgument, `UploadAsset: eof sha256_checksum is ${checksum.length} bytes, not 32`);
    const problems = annotationProblems("UploadAsset eof", msg.value.annotations);
    if (problems.length > 0) throw violation(GrpcCode.InvalidArgument, problems[0]!);
    this.#eof = true;
    this.#checksumOk = Buffer.from(checksum).equals(this.#hash.digest());
    if (!this.#checksumOk)
      throw violation(
        GrpcCode.InvalidArgument,
        `UploadAsset: eof sha256_checksum does not match the ${this.#bytes().length} bytes sent`,
      );
  }

  /** Whether the stream's EOF has arrived. */
  get sawEof(): boolean {
    return this.#eof;
  }

  /** The client half-closed: accept the file, or throw the GrpcError to answer. */
  async end(): Promise<BatonServiceUploadAssetResponse> {
    if (!this.#eof)
      throw violation(
        GrpcCode.InvalidArgument,
        this.#task ? "UploadAsset: the stream ended without eof" : "UploadAsset: the stream ended without any message",
      );
    const task = this.#task!;
    const bytes = this.#bytes();
    if (c1zVersion(bytes) === undefined)
      throw violation(
        GrpcCode.InvalidArgument,
        `UploadAsset: the ${bytes.length} bytes of task ${task.id} are not a c1z (no C1ZF or C1Z3 header)`,
      );
    if (task.uploadStreams <= (task.spec.type === "sync_full" ? (task.spec.uploadFailures ?? 0) : 0)) {
      throw new GrpcError(
        GrpcCode.Unavailable,
        `scripted Unavailable for upload ${task.uploadStreams} of task ${task.id}`,
      );
    }
    if (this.#uploadsDir) saveUpload(this.#uploadsDir, task.id, bytes);
    task.acceptedUploads++;
    this.close(GrpcCode.OK, "");
    return create(BatonServiceUploadAssetResponseSchema, {});
  }

  /** Records the stream once, with how it ended. */
  close(code: number, message: string): void {
    if (this.#closed) return;
    this.#closed = true;
    const bytes = this.#bytes();
    const record: UploadRecord = {
      at: this.#at,
      endedAt: monotonicNow(),
      taskId: this.#task?.id ?? "",
      bytes,
      chunkSizes: this.#chunks.map((chunk) => chunk.length),
      checksumOk: this.#checksumOk,
      c1zVersion: c1zVersion(bytes),
      complete: this.#eof,
      accepted: code === GrpcCode.OK,
      code,
      message,
    };
    this.#records.uploads.push(record);
    const chunks = `${record.chunkSizes.length} chunk${record.chunkSizes.length === 1 ? "" : "s"}`;
    this.#records.log(
      `UploadAsset task=${record.taskId || "?"} ${bytes.length} bytes in ${chunks} ${code === GrpcCode.OK ? "ok" : codeName(code)}`,
    );
    this.#records.changed();
  }

  /** For the server: how an error ends this stream. */
  fail(error: unknown): void {
    if (error instanceof GrpcError) this.close(error.code, error.message);
    else this.close(GrpcCode.Internal, error instanceof Error ? error.message : String(error));
  }

  #bytes(): Buffer {
    return Buffer.concat(this.#chunks);
  }
}

/** `DIR/<task id>.c1z`, mode 0600, written whole then renamed into place; a retried upload replaces it. */
function saveUpload(dir: string, taskId: string, bytes: Buffer): void {
  replaceFileSafely(path.join(dir, `${taskId}.c1z`), bytes);
}

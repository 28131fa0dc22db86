/**
 * @module
 * `c1.connectorapi.baton.v1.BatonService` as the fake ConductorOne answers it, on decoded messages
 * (the wire is `server.ts`'s). It holds the task queue and what became of each task it handed out,
 * checks every request against the proto's rules and the protocol baton-sdk v0.25.0 follows
 * (the fact sheet's §4–5 and §7.2), records what it saw and answers as a real server would:
 * a broken rule is `InvalidArgument`, a call for a task it never handed out `NotFound`, a call that
 * does not fit the task's state `FailedPrecondition`.
 */
import { create } from "@bufbuild/protobuf";
import { DurationSchema, type Duration } from "@bufbuild/protobuf/wkt";

import {
  BatonServiceFinishTaskResponseSchema,
  BatonServiceGetTaskResponseSchema,
  BatonServiceHeartbeatResponseSchema,
  BatonServiceHelloResponseSchema,
  type BatonServiceFinishTaskRequest,
  type BatonServiceFinishTaskResponse,
  type BatonServiceGetTaskRequest,
  type BatonServiceGetTaskResponse,
  type BatonServiceHeartbeatRequest,
  type BatonServiceHeartbeatResponse,
  type BatonServiceHelloRequest,
  type BatonServiceHelloResponse,
} from "../../core/model/gen/c1/connectorapi/baton/v1/baton_pb.js";
import { codeName, GrpcCode, GrpcError, violation } from "./grpc-wire.ts";
import { monotonicNow, type Records } from "./records.ts";
import type { FakeC1Script } from "./script.ts";
import { buildTask, checkTaskSpec, newTaskId, TASK_ID_PATTERN, type TaskSpec } from "./tasks.ts";
import { annotationProblems, characters, helloProblems, hostIdProblems, taskIdProblems } from "./validate.ts";

/** A task the fake queued, and what has happened to it since. */
export interface TaskState {
  id: string;
  spec: TaskSpec;
  /** Monotonic ms when GetTask handed it out; undefined while queued. */
  handedOutAt: number | undefined;
  finished: boolean;
  beats: number;
  uploadStreams: number;
  acceptedUploads: number;
}

export interface ServiceOptions {
  records: Records;
  script: () => FakeC1Script;
  /** The host id every request must carry (BATON_HOST_ID); otherwise the first Hello's is expected throughout. */
  expectedHostId?: string | undefined;
  /** The client's `--task-concurrency`: no GetTask may come while this many tasks are out and unfinished. */
  taskConcurrency?: number | undefined;
}

/**
 * Records each problem, in order, and if there was any answers with the first. The error thrown is
 * not marked a violation again: its problem is already recorded.
 */
export function refuse(records: Records, problems: string[], code: GrpcCode = GrpcCode.InvalidArgument): void {
  if (problems.length === 0) return;
  for (const problem of problems) records.violation(problem);
  throw new GrpcError(code, problems[0]!);
}

function duration(ms: number): Duration {
  const whole = Math.max(0, Math.round(ms));
  return create(DurationSchema, { seconds: BigInt(Math.floor(whole / 1000)), nanos: (whole % 1000) * 1_000_000 });
}

/** Tasks that hold a client's slot until it finishes them: all but `hello` and `none` (Go: runner.go:244-292). */
function holdsSlot(task: TaskState): boolean {
  return task.spec.type !== "hello" && task.spec.type !== "none";
}

export class BatonServiceFake {
  readonly queue: TaskState[] = [];
  readonly tasks = new Map<string, TaskState>();
  readonly #records: Records;
  readonly #script: () => FakeC1Script;
  readonly #expectedHostId: string | undefined;
  readonly #taskConcurrency: number | undefined;
  #hostId: string | undefined;
  #helloAccepted = false;

  constructor(options: ServiceOptions) {
    this.#records = options.records;
    this.#script = options.script;
    this.#expectedHostId = options.expectedHostId;
    this.#taskConcurrency = options.taskConcurrency;
  }

  queueTask(spec: TaskSpec): string {
    checkTaskSpec(spec);
    const id = newTaskId();
    const task: TaskState = {
      id,
      spec: structuredClone(spec),
      handedOutAt: undefined,
      finished: false,
      beats: 0,
      uploadStreams: 0,
      acceptedUploads: 0,
    };
    this.queue.push(task);
    this.tasks.set(id, task);
    this.#records.changed();
    return id;
  }

  #refuse(problems: string[], code: GrpcCode = GrpcCode.InvalidArgument): void {
    refuse(this.#records, problems, code);
  }

  /** The host id must be the expected one, or else the same in every request. */
  checkHostId(where: string, hostId: string): string[] {
    const problems = hostIdProblems(where, hostId);
    if (problems.length > 0) return problems;
    const expected = this.#expectedHostId ?? this.#hostId;
    if (expected !== undefined && hostId !== expected)
      return [`${where}: host_id "${hostId}" is not the expected "${expected}"`];
    this.#hostId ??= hostId;
    return [];
  }

  /** The task a request names, or the answer NotFound for an id this fake never handed out. */
  handedOut(where: string, taskId: string): TaskState {
    const task = this.tasks.get(taskId);
    if (!task || task.handedOutAt === undefined)
      throw violation(GrpcCode.NotFound, `${where}: task ${taskId} was never handed out`);
    return task;
  }

  /** Pops the next scripted failure for a method, if any. */
  #scripted(queue: GrpcCode[], method: string): void {
    const code = queue.shift();
    if (code !== undefined) throw new GrpcError(code, `scripted ${codeName(code)} for ${method}`);
  }

  hello(request: BatonServiceHelloRequest): BatonServiceHelloResponse {
    const problems = [
      ...helloProblems(request),
      ...(characters(request.hostId) >= 1 ? this.checkHostId("Hello", request.hostId) : []),
    ];
    if (request.taskId !== "") {
      const task = this.tasks.get(request.taskId);
      if (!task || task.handedOutAt === undefined || task.spec.type !== "hello")
        problems.push(`Hello: task_id ${request.taskId} is not a hello task this server handed out`);
    }
    const record = { at: monotonicNow(), request, code: GrpcCode.OK as number };
    this.#records.hellos.push(record);
    try {
      this.#refuse(problems);
      this.#scripted(this.#script().helloFailures, "Hello");
    } catch (error) {
      record.code = error instanceof GrpcError ? error.code : GrpcCode.Internal;
      throw error;
    }
    this.#helloAccepted = true;
    this.#records.log(`Hello host=${request.hostId}${request.taskId ? ` task=${request.taskId}` : ""} ok`);
    return create(BatonServiceHelloResponseSchema, {});
  }

  getTask(request: BatonServiceGetTaskRequest): BatonServiceGetTaskResponse {
    this.#refuse(this.checkHostId("GetTask", request.hostId));
    if (!this.#helloAccepted) throw violation(GrpcCode.FailedPrecondition, "GetTask: no Hello was accepted first");
    const running = [...this.tasks.values()].filter(
      (task) => task.handedOutAt !== undefined && !task.finished && holdsSlot(task),
    );
    if (this.#taskConcurrency !== undefined && running.length >= this.#taskConcurrency) {
      // The client polls only with a free slot (runner.go:223-230); an answer it could not run would be lost.
      this.#records.violation(
        `GetTask: ${running.length} tasks are running, the client's limit is ${this.#taskConcurrency}`,
      );
    }
    const script = this.#script();
    this.#scripted(script.getTaskFailures, "GetTask");
    const task = this.queue.shift();
    const response = create(BatonServiceGetTaskResponseSchema, {
      nextPoll: duration(script.nextPollMs),
      nextHeartbeat: duration(script.nextHeartbeatMs),
    });
    if (task) {
      task.handedOutAt = monotonicNow();
      response.task = buildTask(task.id, task.spec);
    }
    this.#records.log(task ? `GetTask task=${task.id} ${task.spec.type}` : "GetTask no task");
    return response;
  }

  heartbeat(request: BatonServiceHeartbeatRequest): BatonServiceHeartbeatResponse {
    this.#refuse([
      ...this.checkHostId("Heartbeat", request.hostId),
      ...taskIdProblems("Heartbeat", request.taskId),
      ...annotationProblems("Heartbeat", request.annotations),
      ...(request.taskIds.length > 100 ? [`Heartbeat: ${request.taskIds.length} task_ids, more than 100`] : []),
      ...request.taskIds
        .filter((id) => !TASK_ID_PATTERN.test(id))
        .map((id) => `Heartbeat: task_ids holds ${JSON.stringify(id)}, not 27 letters and digits`),
    ]);
    const task = this.handedOut("Heartbeat", request.taskId);
    if (task.spec.type !== "sync_full")
      throw violation(
        GrpcCode.FailedPrecondition,
        `Heartbeat: task ${task.id} is a ${task.spec.type} task; only sync_full tasks heartbeat`,
      );
    if (task.finished) throw violation(GrpcCode.FailedPrecondition, `Heartbeat: task ${task.id} is already finished`);
    const beat = ++task.beats;
    const plan = task.spec.heartbeat ?? {};
    const record = { at: monotonicNow(), taskId: task.id, beat, answer: "ok", request };
    this.#records.heartbeats.push(record);
    if (plan.failBeats?.includes(beat)) {
      record.answer = codeName(GrpcCode.Unavailable);
      this.#records.log(`Heartbeat task=${task.id} #${beat} Unavailable (scripted)`);
      throw new GrpcError(GrpcCode.Unavailable, `scripted Unavailable for heartbeat ${beat}`);
    }
    const cancelled = plan.cancelAtBeat !== undefined && beat >= plan.cancelAtBeat;
    record.answer = cancelled ? "cancelled" : "ok";
    this.#records.log(`Heartbeat task=${task.id} #${beat} ${record.answer}`);
    return create(BatonServiceHeartbeatResponseSchema, {
      nextHeartbeat: duration(this.#script().nextHeartbeatMs),
      cancelled,
    });
  }

  finishTask(request: BatonServiceFinishTaskRequest): BatonServiceFinishTaskResponse {
    const final = request.finalState;
    const problems = [
      ...this.checkHostId("FinishTask", request.hostId),
      ...taskIdProblems("FinishTask", request.taskId),
    ];
    if (final.case === undefined) problems.push("FinishTask: final_state is required (error or success)");
    if (final.case === "success") {
      if (request.status)
        problems.push(`FinishTask: status is set (code ${request.status.code}) on a success; it must be unset`);
      problems.push(...annotationProblems("FinishTask success", final.value.annotations));
    }
    if (final.case === "error") {
      if (!request.status || request.status.code === GrpcCode.OK)
        problems.push("FinishTask: an error without a status code; status.code must be non-zero");
      problems.push(...annotationProblems("FinishTask error", final.value.annotations));
    }
    this.#refuse(problems);
    const task = this.handedOut("FinishTask", request.taskId);
    if (task.finished) throw violation(GrpcCode.FailedPrecondition, `FinishTask: task ${task.id} was already finished`);
    this.#scripted(this.#script().finishFailures, "FinishTask");
    const outcome = final.case === "success" ? "success" : "error";
    if (outcome === "success" && task.spec.type === "sync_full" && task.acceptedUploads === 0) {
      // A real server cannot refuse this, but a sync that says "done" without its file lost everything.
      this.#records.violation(`FinishTask: sync_full task ${task.id} finished with success but no upload was accepted`);
    }
    task.finished = true;
    const code = request.status?.code ?? 0;
    const message = request.status?.message ?? "";
    const nonRetryable = final.case === "error" ? final.value.nonRetryable : false;
    this.#records.finishes.push({
      at: monotonicNow(),
      taskId: task.id,
      spec: task.spec,
      outcome,
      code,
      message,
      nonRetryable,
      request,
    });
    this.#records.log(
      `FinishTask task=${task.id} ${outcome}${outcome === "error" ? ` ${codeName(code)}${nonRetryable ? " non-retryable" : ""} ${JSON.stringify(message)}` : ""}`,
    );
    return create(BatonServiceFinishTaskResponseSchema, {});
  }
}

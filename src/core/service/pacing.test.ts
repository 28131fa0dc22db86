import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Code } from "@connectrpc/connect";
import { ApiError, ConfigError, InterruptedError, SyncError } from "../errors/index.ts";
import { registerSecret } from "../log/index.ts";
import { heartbeatIntervalMs } from "./heartbeats.ts";
import { taskFailure } from "./outcome.ts";
import { pollErrorWaitMs, pollIntervalMs } from "./runner.ts";

describe("service mode pacing", () => {
  it("polls at next_poll, clamped to 1 s – 5 min (Go: manager.go:102-111, with a 1 s floor of ours)", () => {
    assert.equal(pollIntervalMs(undefined), 1000);
    assert.equal(pollIntervalMs(0), 1000);
    assert.equal(pollIntervalMs(2000), 2000);
    assert.equal(pollIntervalMs(10 * 60_000), 5 * 60_000);
  });

  it("waits n² seconds after the nth failed poll in a row, at most a minute (runner.go:197-203)", () => {
    assert.deepEqual([1, 2, 3, 4, 7, 8, 20].map(pollErrorWaitMs), [1000, 4000, 9000, 16_000, 49_000, 60_000, 60_000]);
  });

  it("heartbeats every next_heartbeat, 30 s when ConductorOne names none, within 1 s – 5 min (manager.go:88-99)", () => {
    assert.equal(heartbeatIntervalMs(undefined), 30_000);
    assert.equal(heartbeatIntervalMs(0), 30_000);
    assert.equal(heartbeatIntervalMs(200), 1000);
    assert.equal(heartbeatIntervalMs(2000), 2000);
    assert.equal(heartbeatIntervalMs(3_600_000), 300_000);
  });
});

describe("taskFailure", () => {
  it("gives each kind of failure the gRPC code ConductorOne reads, final where retrying cannot help", () => {
    const cases: Array<[unknown, Code, boolean]> = [
      [new ApiError("unauthenticated", "refused", { endpoint: "GET /user" }), Code.Unauthenticated, true],
      [new ApiError("permission-denied", "no", { endpoint: "GET /user" }), Code.PermissionDenied, true],
      [new ConfigError("bad setting"), Code.InvalidArgument, true],
      [new ApiError("not-found", "gone", { endpoint: "GET /x" }), Code.NotFound, true],
      [new ApiError("unavailable", "503", { endpoint: "GET /x" }), Code.Unavailable, false],
      [new ApiError("rate-limited", "429", { endpoint: "GET /x" }), Code.ResourceExhausted, false],
      [new ApiError("timeout", "slow", { endpoint: "GET /x" }), Code.DeadlineExceeded, false],
      [new SyncError("a page token repeated"), Code.Internal, false],
      [new InterruptedError("SIGTERM"), Code.Canceled, false],
      [new Error("a bug"), Code.Unknown, false],
    ];
    for (const [error, code, nonRetryable] of cases) {
      const failure = taskFailure(error);
      assert.equal(failure.code, code, String(error));
      assert.equal(failure.nonRetryable, nonRetryable, String(error));
    }
  });

  it("says the message and hint, with secrets redacted", () => {
    registerSecret("sk-very-secret-value");
    const failure = taskFailure(
      new ApiError("unauthenticated", "refused key sk-very-secret-value", {
        endpoint: "GET /user",
        hint: "check the key",
      }),
    );
    assert.equal(failure.message, "refused key [REDACTED]; check the key");
  });
});

/**
 * @module
 * What a test can script on the fake ConductorOne. The object is live: a test may change it at
 * any moment and the next request sees the change. Failure queues are consumed from the front,
 * one entry per request of that kind.
 */
import type { GrpcCode } from "./grpc-wire.ts";

export interface TokenScript {
  /** HTTP statuses to answer, one per token request, before issuing tokens again (e.g. `[401]`, `[500, 500]`). */
  failStatuses: number[];
  /**
   * `expires_in` of the tokens issued.
   * @default 3600
   */
  expiresIn: number;
  /**
   * `token_type` of the tokens issued; x/oauth2 turns any case of "bearer" into `Bearer`.
   * @default "Bearer"
   */
  tokenType: string;
}

export interface FakeC1Script {
  token: TokenScript;
  /** Codes to answer Hello calls with, first to last (e.g. `[GrpcCode.Unavailable, GrpcCode.Unavailable]`). */
  helloFailures: GrpcCode[];
  getTaskFailures: GrpcCode[];
  finishFailures: GrpcCode[];
  /**
   * `next_poll` of every GetTask answer.
   * @default 1000
   */
  nextPollMs: number;
  /**
   * `next_heartbeat` of every GetTask and Heartbeat answer.
   * @default 1000
   */
  nextHeartbeatMs: number;
}

export function defaultScript(): FakeC1Script {
  return {
    token: { failStatuses: [], expiresIn: 3600, tokenType: "Bearer" },
    helloFailures: [],
    getTaskFailures: [],
    finishFailures: [],
    nextPollMs: 1000,
    nextHeartbeatMs: 1000,
  };
}

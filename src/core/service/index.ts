export { runServiceMode, pollIntervalMs, pollErrorWaitMs, type ServiceModeOptions } from "./runner.ts";
export { parseServiceCredentials, type ServiceCredentials } from "./credentials.ts";
export { clientAssertion, TokenSource } from "./token.ts";
export { heartbeatIntervalMs, MAX_FAILED_HEARTBEATS, TaskCancelledError } from "./heartbeats.ts";
export { ServiceError } from "./errors.ts";
export { taskFailure, type TaskFailure } from "./outcome.ts";
export { UPLOAD_CHUNK_BYTES } from "./upload.ts";
export { osInfo, hostId } from "./host-info.ts";

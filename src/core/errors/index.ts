export { IdsyncError, isIdsyncError, type ErrorKind, type IdsyncErrorOptions } from "./idsync-error.ts";
export { ConfigError } from "./config-error.ts";
export { ApiError, type ApiErrorKind, type ApiErrorDetails } from "./api-error.ts";
export { C1zFileError } from "./c1z-file-error.ts";
export { LocalFileError } from "./local-file-error.ts";
export { SyncError } from "./sync-error.ts";
export { InterruptedError } from "./interrupted-error.ts";
export { EXIT_CODES, exitCodeFor } from "./exit-codes.ts";

export { REDACTED, registerSecret, redact, redactValue, _clearSecretsForTests } from "./secrets.ts";
export { redactHeaders, isSensitiveHeader, isSensitiveField, type HeadersLike } from "./headers.ts";
export {
  createLogger,
  silentLogger,
  LOG_LEVELS,
  type Logger,
  type LoggerOptions,
  type LogLevel,
  type LogFormat,
  type LogFields,
} from "./logger.ts";

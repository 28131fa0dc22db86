/**
 * @module
 * Failures of calls to ConductorOne, with their gRPC code kept: service mode decides on codes
 * (what to retry, what ends the process) the way baton-sdk does, and the kind gives the exit code.
 */
import { Code, type ConnectError } from "@connectrpc/connect";
import { IdsyncError, type ErrorKind } from "../errors/index.ts";

/**
 * Codes after which trying the same call again cannot help: Go's startup Hello gives up on
 * exactly these (`pkg/tasks/c1api/manager.go:178-207`).
 */
const FINAL_CODES = new Set([
  Code.Unauthenticated,
  Code.PermissionDenied,
  Code.InvalidArgument,
  Code.Unimplemented,
  Code.FailedPrecondition,
  Code.NotFound,
]);

/** Node's names for a server certificate that cannot be trusted. */
const CERTIFICATE_ERRORS = new Set([
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "CERT_HAS_EXPIRED",
  "CERT_NOT_YET_VALID",
  "ERR_TLS_CERT_ALTNAME_INVALID",
]);

function kindFor(code: Code): ErrorKind {
  switch (code) {
    case Code.Unauthenticated:
      return "unauthenticated";
    case Code.PermissionDenied:
      return "permission-denied";
    case Code.NotFound:
      return "not-found";
    case Code.DeadlineExceeded:
      return "timeout";
    case Code.InvalidArgument:
    case Code.Unimplemented:
    case Code.FailedPrecondition:
      return "fatal";
    default:
      return "unavailable";
  }
}

function hintFor(code: Code): string | undefined {
  switch (code) {
    case Code.Unauthenticated:
      return "ConductorOne did not accept the connector's token: check BATON_CLIENT_ID and BATON_CLIENT_SECRET";
    case Code.PermissionDenied:
      return "the client credentials are not those of a connector allowed to run here; check the connector in ConductorOne";
    case Code.Unimplemented:
    case Code.NotFound:
      return "the host does not serve ConductorOne's connector API; check the client id's host and BATON_C1_API_HOST";
    default:
      return undefined;
  }
}

/** A node error code somewhere down the cause chain. */
export function causeCode(error: unknown): string | undefined {
  for (
    let current = error, depth = 0;
    current && depth < 6;
    current = (current as { cause?: unknown }).cause, depth++
  ) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") return code;
  }
  return undefined;
}

export function isCertificateError(error: unknown): boolean {
  const code = causeCode(error);
  return code !== undefined && CERTIFICATE_ERRORS.has(code);
}

/** What went wrong on the network, in a user's words where there are some. */
export function describeCauseCode(error: unknown): string {
  const code = causeCode(error);
  if (code === "ECONNREFUSED") return "nothing accepts connections there";
  if (code === "ENOTFOUND") return "the host name does not resolve";
  if (code) return code;
  return error instanceof Error ? error.message : String(error);
}

const UNTRUSTED_HINT =
  "for a private CA, point NODE_EXTRA_CA_CERTS at its PEM file; otherwise check BATON_C1_API_HOST and any TLS-intercepting proxy";

/** Trying again cannot make a certificate trusted, so this ends service mode. */
export function untrustedCertificate(where: string, cause: unknown): IdsyncError {
  return new IdsyncError("fatal", `${where}: the server's TLS certificate is not trusted (${causeCode(cause)})`, {
    cause,
    hint: UNTRUSTED_HINT,
  });
}

export class ServiceError extends IdsyncError {
  /** The gRPC status code (Connect's `Code`, numbered as gRPC numbers them). */
  readonly code: Code;
  readonly method: string;
  /** Whether the same call can succeed later. */
  readonly retryable: boolean;

  constructor(
    kind: ErrorKind,
    message: string,
    options: { code: Code; method: string; retryable: boolean; hint?: string; cause?: unknown },
  ) {
    super(kind, message, { hint: options.hint, cause: options.cause });
    this.name = "ServiceError";
    this.code = options.code;
    this.method = options.method;
    this.retryable = options.retryable;
  }

  static fromRpc(method: string, target: string, error: ConnectError): ServiceError {
    const where = `${method} at ${target}`;
    const nodeCode = causeCode(error.cause);
    if (nodeCode && CERTIFICATE_ERRORS.has(nodeCode)) {
      return new ServiceError("fatal", `${where}: the server's TLS certificate is not trusted (${nodeCode})`, {
        code: Code.Unavailable,
        method,
        retryable: false,
        cause: error,
        hint: UNTRUSTED_HINT,
      });
    }
    if (
      nodeCode === "ECONNREFUSED" ||
      nodeCode === "ENOTFOUND" ||
      nodeCode === "EAI_AGAIN" ||
      nodeCode === "ECONNRESET" ||
      nodeCode === "ETIMEDOUT"
    ) {
      return new ServiceError("unavailable", `${where}: cannot connect: ${describeCauseCode(error.cause)}`, {
        code: Code.Unavailable,
        method,
        retryable: true,
        cause: error,
      });
    }
    return new ServiceError(kindFor(error.code), `${where} failed: ${Code[error.code]} ${error.rawMessage}`.trim(), {
      code: error.code,
      method,
      retryable: !FINAL_CODES.has(error.code),
      cause: error,
      ...(hintFor(error.code) ? { hint: hintFor(error.code)! } : {}),
    });
  }
}

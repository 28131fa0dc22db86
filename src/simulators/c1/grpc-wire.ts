/**
 * @module
 * The gRPC-over-HTTP/2 wire, written from the protocol description
 * (https://github.com/grpc/grpc/blob/master/doc/PROTOCOL-HTTP2.md) and not from any gRPC library, so
 * that a mistake in the client's library cannot hide behind the same mistake here:
 *
 * - every message is a 5-byte prefix — a compressed flag (0 or 1) and a big-endian 32-bit length —
 *   followed by that many bytes;
 * - the answer is `:status 200` with `content-type: application/grpc`, the messages, then trailers
 *   `grpc-status` and `grpc-message`, the message percent-encoded.
 *
 * The codes a real grpc-go server gives for broken framing: a compressed flag without an encoding is
 * `Internal`, a message over the receive limit `ResourceExhausted` (grpc-go `rpc_util.go`
 * `checkRecvPayload`/`recvAndDecompress`).
 */

/** Status codes (https://github.com/grpc/grpc/blob/master/doc/statuscodes.md). */
export const GrpcCode = {
  OK: 0,
  Canceled: 1,
  Unknown: 2,
  InvalidArgument: 3,
  DeadlineExceeded: 4,
  NotFound: 5,
  AlreadyExists: 6,
  PermissionDenied: 7,
  ResourceExhausted: 8,
  FailedPrecondition: 9,
  Aborted: 10,
  OutOfRange: 11,
  Unimplemented: 12,
  Internal: 13,
  Unavailable: 14,
  DataLoss: 15,
  Unauthenticated: 16,
} as const;
export type GrpcCode = (typeof GrpcCode)[keyof typeof GrpcCode];

const CODE_NAMES = new Map<number, string>(Object.entries(GrpcCode).map(([name, code]) => [code, name]));

/** `Unavailable` for 14, `code 99` for a number outside the table. */
export function codeName(code: number): string {
  return CODE_NAMES.get(code) ?? `code ${code}`;
}

/** grpc-go's default receive limit (`defaultServerMaxReceiveMessageSize`, 4 MiB). */
export const MAX_RECEIVE_BYTES = 4 * 1024 * 1024;

const PREFIX_BYTES = 5;

/**
 * How a call ends when it does not end OK. `violation` is set when the client broke the protocol, as
 * opposed to an answer the test scripted; the server records it.
 */
export class GrpcError extends Error {
  readonly code: GrpcCode;
  readonly violation: boolean;

  constructor(code: GrpcCode, message: string, options: { violation?: boolean } = {}) {
    super(message);
    this.name = "GrpcError";
    this.code = code;
    this.violation = options.violation ?? false;
  }
}

/** A protocol violation: answered with `code` and recorded. */
export function violation(code: GrpcCode, message: string): GrpcError {
  return new GrpcError(code, message, { violation: true });
}

/** One message with its length prefix, uncompressed. */
export function encodeFrame(message: Uint8Array): Buffer {
  const prefix = Buffer.alloc(PREFIX_BYTES);
  prefix.writeUInt8(0, 0);
  prefix.writeUInt32BE(message.length, 1);
  return Buffer.concat([prefix, message]);
}

/**
 * Splits a request body into messages as its bytes arrive, whatever the DATA frame boundaries.
 * Throws a GrpcError violation for a compressed or oversize message, and `finish()` for bytes
 * left over when the body ends.
 */
export class FrameReader {
  #pending: Buffer = Buffer.alloc(0);
  readonly #maxBytes: number;

  constructor(maxBytes = MAX_RECEIVE_BYTES) {
    this.#maxBytes = maxBytes;
  }

  /** The complete messages now readable. */
  push(chunk: Uint8Array): Uint8Array[] {
    this.#pending = this.#pending.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.#pending, chunk]);
    const messages: Uint8Array[] = [];
    while (this.#pending.length >= PREFIX_BYTES) {
      const flag = this.#pending.readUInt8(0);
      const length = this.#pending.readUInt32BE(1);
      if (flag === 1) throw violation(GrpcCode.Internal, "grpc: compressed flag set with identity or empty encoding");
      if (flag !== 0) throw violation(GrpcCode.Internal, `grpc: invalid message flag ${flag}`);
      if (length > this.#maxBytes)
        throw violation(
          GrpcCode.ResourceExhausted,
          `grpc: received message larger than max (${length} vs. ${this.#maxBytes})`,
        );
      if (this.#pending.length < PREFIX_BYTES + length) break;
      messages.push(this.#pending.subarray(PREFIX_BYTES, PREFIX_BYTES + length));
      this.#pending = this.#pending.subarray(PREFIX_BYTES + length);
    }
    return messages;
  }

  /** Whether bytes of an unfinished message are held. */
  get pending(): boolean {
    return this.#pending.length > 0;
  }

  /** The body ended: any bytes still held are a cut-off message. */
  finish(): void {
    if (this.#pending.length > 0)
      throw violation(
        GrpcCode.Internal,
        `grpc: the request ended inside a message (${this.#pending.length} bytes left over)`,
      );
  }
}

/**
 * `grpc-message` encoding: UTF-8, then every byte outside printable ASCII 0x20–0x7E, and `%` itself,
 * as `%XX` (PROTOCOL-HTTP2.md, "Status-Message").
 */
export function percentEncode(message: string): string {
  let encoded = "";
  for (const byte of Buffer.from(message, "utf8")) {
    encoded +=
      byte >= 0x20 && byte <= 0x7e && byte !== 0x25
        ? String.fromCharCode(byte)
        : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return encoded;
}

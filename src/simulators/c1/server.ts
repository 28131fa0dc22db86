/**
 * @module
 * One TLS port serving both halves of ConductorOne that a connector talks to, as baton-sdk expects
 * them on one host (fact sheet §7.1): `POST /auth/v1/token` over HTTP/1.1 or HTTP/2, and
 * `c1.connectorapi.baton.v1.BatonService` as gRPC over HTTP/2, routed on `:path` and
 * `content-type: application/grpc*`. ALPN offers `h2` (grpc-go insists on it) and `http/1.1`.
 *
 * Every gRPC call is recorded, must carry `authorization: Bearer <a token this server issued>`
 * (else 16 Unauthenticated) and a user agent starting with the client name; the methods baton-sdk
 * does not use (GetTasks, StartDebugging) answer 12 Unimplemented, as does any unknown method.
 */
import { fromBinary, toBinary, type DescMessage } from "@bufbuild/protobuf";
import { once } from "node:events";
import http2 from "node:http2";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

import {
  BatonServiceFinishTaskRequestSchema,
  BatonServiceFinishTaskResponseSchema,
  BatonServiceGetTaskRequestSchema,
  BatonServiceGetTaskResponseSchema,
  BatonServiceHeartbeatRequestSchema,
  BatonServiceHeartbeatResponseSchema,
  BatonServiceHelloRequestSchema,
  BatonServiceHelloResponseSchema,
  BatonServiceUploadAssetRequestSchema,
  BatonServiceUploadAssetResponseSchema,
} from "../../core/model/gen/c1/connectorapi/baton/v1/baton_pb.js";
import { codeName, encodeFrame, FrameReader, GrpcCode, GrpcError, percentEncode, violation } from "./grpc-wire.ts";
import { monotonicNow, type CallRecord, type Records } from "./records.ts";
import type { BatonServiceFake } from "./service.ts";
import { TOKEN_PATH, type TokenEndpoint } from "./token-endpoint.ts";
import { UploadSession } from "./upload.ts";

const SERVICE = "c1.connectorapi.baton.v1.BatonService";
/**
 * How long a stream that ends without its EOF is given to turn out to be a cancel: connect-node
 * ends the request body and only then resets the stream when a call is aborted (a few
 * milliseconds apart on loopback), where grpc-go resets at once.
 */
const RESET_GRACE_MS = 250;
const MAX_TOKEN_BODY_BYTES = 64 * 1024;

interface Unary {
  input: DescMessage;
  output: DescMessage;
  handle: (request: never) => unknown;
}

type AnyRequest = http2.Http2ServerRequest | IncomingMessage;
/** What both response flavours share. */
interface AnyResponse {
  writeHead(status: number, headers: Record<string, string>): unknown;
  write(chunk: Uint8Array): unknown;
  addTrailers(trailers: Record<string, string>): void;
  end(chunk?: string): unknown;
  readonly writableEnded: boolean;
  readonly destroyed?: boolean;
}

export interface ServerParts {
  tokens: TokenEndpoint;
  service: BatonServiceFake;
  records: Records;
  clientName: string;
  uploadsDir?: string | undefined;
}

export interface ListeningServer {
  port: number;
  /**
   * Starts answering. Until then every request gets 503: the client id names the port, so the
   * parts that check credentials can only be made once it is known.
   */
  attach(parts: ServerParts): void;
  close(): Promise<void>;
}

function header(request: AnyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(", ") : value;
}

async function readText(request: AnyRequest, limit: number): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** Whether the client reset the stream, waiting a moment for it when the upload ended unfinished. */
async function resetFollows(request: AnyRequest, sawEof: boolean): Promise<boolean> {
  if (request.aborted || sawEof) return request.aborted;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(done, RESET_GRACE_MS);
    request.once("aborted", done);
    function done(): void {
      clearTimeout(timer);
      request.off("aborted", done);
      resolve();
    }
  });
  return request.aborted;
}

function respondGrpc(res: AnyResponse, code: number, message: string, body?: Uint8Array): void {
  if (res.writableEnded || res.destroyed) return;
  res.writeHead(200, { "content-type": "application/grpc" });
  if (body) res.write(encodeFrame(body));
  res.addTrailers({ "grpc-status": String(code), "grpc-message": percentEncode(message) });
  res.end();
}

/** The request handler for one fake. */
function handler(parts: ServerParts): (request: AnyRequest, res: AnyResponse) => void {
  const { records, service, tokens } = parts;
  const unary: Record<string, Unary> = {
    Hello: {
      input: BatonServiceHelloRequestSchema,
      output: BatonServiceHelloResponseSchema,
      handle: (r: never) => service.hello(r),
    },
    GetTask: {
      input: BatonServiceGetTaskRequestSchema,
      output: BatonServiceGetTaskResponseSchema,
      handle: (r: never) => service.getTask(r),
    },
    Heartbeat: {
      input: BatonServiceHeartbeatRequestSchema,
      output: BatonServiceHeartbeatResponseSchema,
      handle: (r: never) => service.heartbeat(r),
    },
    FinishTask: {
      input: BatonServiceFinishTaskRequestSchema,
      output: BatonServiceFinishTaskResponseSchema,
      handle: (r: never) => service.finishTask(r),
    },
  };
  const unimplemented = new Set(["GetTasks", "StartDebugging"]);

  const end = (call: CallRecord, res: AnyResponse, code: number, message: string, body?: Uint8Array): void => {
    call.code = code;
    call.message = message;
    call.endedAt = monotonicNow();
    if (code !== GrpcCode.OK) {
      const taskId = (call.request as { taskId?: string } | undefined)?.taskId;
      records.log(`${call.method}${taskId ? ` task=${taskId}` : ""} ${codeName(code)}: ${message}`);
    }
    respondGrpc(res, code, message, body);
    records.changed();
  };

  const fail = (call: CallRecord, res: AnyResponse, error: unknown, request?: AnyRequest): void => {
    if (request?.aborted || (error as { code?: unknown } | undefined)?.code === "ERR_STREAM_PREMATURE_CLOSE") {
      // The client cancelled the call (as a stopping connector does with a GetTask in flight):
      // legitimate, and nothing can be answered.
      call.code = GrpcCode.Canceled;
      call.message = "the client cancelled the call";
      call.endedAt = monotonicNow();
      records.changed();
      return;
    }
    const grpc =
      error instanceof GrpcError
        ? error
        : new GrpcError(
            GrpcCode.Internal,
            `fake ConductorOne bug: ${error instanceof Error ? error.message : String(error)}`,
            { violation: true },
          );
    if (grpc.violation) records.violation(grpc.message);
    end(call, res, grpc.code, grpc.message);
  };

  const decode = (schema: DescMessage, bytes: Uint8Array, method: string): never => {
    try {
      return fromBinary(schema, bytes) as never;
    } catch (error) {
      throw violation(
        GrpcCode.Internal,
        `grpc: error unmarshalling ${method} request: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  };

  async function serveUnary(request: AnyRequest, res: AnyResponse, call: CallRecord, method: Unary): Promise<void> {
    const reader = new FrameReader();
    const messages: Uint8Array[] = [];
    for await (const chunk of request as AsyncIterable<Buffer>) messages.push(...reader.push(chunk));
    // A message cut short is the client's violation unless the client is cancelling the call.
    if (reader.pending && (await resetFollows(request, false))) throw new Error("the client cancelled the call");
    reader.finish();
    if (messages.length !== 1)
      throw violation(
        GrpcCode.Internal,
        `grpc: a unary ${call.method} call carried ${messages.length} request messages, not 1`,
      );
    call.request = decode(method.input, messages[0]!, call.method);
    const response = method.handle(call.request as never);
    end(call, res, GrpcCode.OK, "", toBinary(method.output, response as never));
  }

  async function serveUpload(request: AnyRequest, res: AnyResponse, call: CallRecord): Promise<void> {
    const session = new UploadSession(service, records, parts.uploadsDir);
    const decoded: unknown[] = [];
    call.request = decoded;
    const reader = new FrameReader();
    let ended = false;
    const cancelled = (): void => {
      if (ended) return;
      // The client reset the stream or went away: nothing can be answered, and it broke no rule.
      ended = true;
      session.close(GrpcCode.Canceled, "the client cancelled the stream");
      call.code = GrpcCode.Canceled;
      call.message = "the client cancelled the stream";
      call.endedAt = monotonicNow();
      records.changed();
    };
    request.once("aborted", cancelled);
    request.once("close", cancelled);
    try {
      for await (const chunk of request as AsyncIterable<Buffer>) {
        for (const bytes of reader.push(chunk)) {
          const message = decode(BatonServiceUploadAssetRequestSchema, bytes, "UploadAsset");
          decoded.push(message);
          records.changed();
          session.message(message);
        }
      }
      if (await resetFollows(request, session.sawEof)) return cancelled();
      reader.finish();
      const response = await session.end();
      ended = true;
      end(call, res, GrpcCode.OK, "", toBinary(BatonServiceUploadAssetResponseSchema, response));
    } catch (error) {
      if (ended) return;
      ended = true;
      session.fail(error);
      request.resume(); // drain what the client still sends
      throw error;
    }
  }

  async function serveGrpc(request: AnyRequest, res: AnyResponse, path: string): Promise<void> {
    const call: CallRecord = {
      method: path.startsWith(`/${SERVICE}/`) ? path.slice(SERVICE.length + 2) : path,
      at: monotonicNow(),
      endedAt: undefined,
      authorization: header(request, "authorization"),
      userAgent: header(request, "user-agent"),
      request: undefined,
      code: undefined,
      message: undefined,
    };
    records.calls.push(call);
    records.changed();
    try {
      if (request.httpVersionMajor !== 2)
        throw violation(GrpcCode.Internal, `gRPC over HTTP/${request.httpVersion}; it needs HTTP/2`);
      if (request.method !== "POST")
        throw violation(GrpcCode.Internal, `gRPC call with method ${request.method}, not POST`);
      const contentType = header(request, "content-type") ?? "";
      if (!/^application\/grpc(\+proto)?(;|$)/.test(contentType))
        throw violation(
          GrpcCode.Internal,
          `content-type ${contentType} is not application/grpc or application/grpc+proto`,
        );
      const encoding = header(request, "grpc-encoding");
      if (encoding !== undefined && encoding !== "identity")
        throw violation(GrpcCode.Unimplemented, `grpc: Decompressor is not installed for grpc-encoding "${encoding}"`);
      const known =
        path.startsWith(`/${SERVICE}/`) &&
        (call.method in unary || call.method === "UploadAsset" || unimplemented.has(call.method));
      // Unknown methods are refused before any interceptor runs, so without looking at the token.
      if (!known) throw violation(GrpcCode.Unimplemented, `unknown method ${path}`);
      const refusal = tokens.refusal(call.authorization);
      if (refusal) throw violation(GrpcCode.Unauthenticated, `${call.method}: ${refusal}`);
      if (!call.userAgent?.startsWith(`${parts.clientName} `)) {
        // ConductorOne would not refuse the call for it, but baton-sdk always puts the client name first.
        records.violation(
          `${call.method}: user-agent ${JSON.stringify(call.userAgent ?? "")} does not start with "${parts.clientName} "`,
        );
      }
      if (unimplemented.has(call.method))
        throw new GrpcError(GrpcCode.Unimplemented, `method ${call.method} not implemented`);
      if (call.method === "UploadAsset") await serveUpload(request, res, call);
      else await serveUnary(request, res, call, unary[call.method]!);
    } catch (error) {
      if (call.code === undefined) fail(call, res, error, request);
    }
  }

  async function serveToken(request: AnyRequest, res: AnyResponse): Promise<void> {
    const body = await readText(request, MAX_TOKEN_BODY_BYTES);
    if (body === undefined) {
      records.violation(`token request: a body over ${MAX_TOKEN_BODY_BYTES} bytes`);
      res.writeHead(413, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: "invalid_request" }));
      return;
    }
    const answer = tokens.answer({ method: request.method ?? "", headers: request.headers, body });
    res.writeHead(answer.status, { "content-type": "application/json", "cache-control": "no-store" });
    res.end(JSON.stringify(answer.body));
  }

  return (request, res) => {
    const path = (request.url ?? "/").split("?")[0]!;
    const contentType = header(request, "content-type") ?? "";
    const work =
      path === TOKEN_PATH
        ? serveToken(request, res)
        : contentType.startsWith("application/grpc")
          ? serveGrpc(request, res, path)
          : undefined;
    if (!work) {
      res.writeHead(404, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: "not_found" }));
      return;
    }
    work.catch((error: unknown) => {
      records.violation(`fake ConductorOne bug: ${error instanceof Error ? error.message : String(error)}`);
      if (!res.writableEnded) res.end();
    });
  };
}

/** Listens on 127.0.0.1 with the given certificate; `port` 0 picks a free one. */
export async function listen(tls: { cert: string; key: string }, port = 0): Promise<ListeningServer> {
  let serve: ((request: AnyRequest, res: AnyResponse) => void) | undefined;
  const onRequest = (request: AnyRequest, response: http2.Http2ServerResponse | ServerResponse): void => {
    const res = response as unknown as AnyResponse;
    if (serve) return serve(request, res);
    res.writeHead(503, { "content-type": "application/json" });
    res.end(JSON.stringify({ error: "starting" }));
  };
  const server = http2.createSecureServer(
    { cert: tls.cert, key: tls.key, allowHTTP1: true, ALPNProtocols: ["h2", "http/1.1"] },
    onRequest,
  );
  const sockets = new Set<Socket>();
  server.on("secureConnection", (socket: Socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });
  server.listen(port, "127.0.0.1");
  await once(server, "listening");
  let closing: Promise<void> | undefined;
  return {
    port: (server.address() as AddressInfo).port,
    attach(parts) {
      serve = handler(parts);
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
      return closing;
    },
  };
}

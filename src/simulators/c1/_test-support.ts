/**
 * @module
 * Test support for the fake ConductorOne: a fake per test (closed in teardown), a client-side
 * assertion built independently of the real client in core, token requests over HTTP/1.1 and
 * HTTP/2, and a BatonService client on `@connectrpc/connect-node`'s gRPC transport that trusts the
 * fake's CA.
 */
import assert from "node:assert/strict";
import { createPrivateKey, randomBytes, sign, type KeyObject } from "node:crypto";
import http2 from "node:http2";
import https from "node:https";
import type { TestContext } from "node:test";

import { Code, ConnectError, createClient, type Client, type Interceptor } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";

import { BatonService } from "../../core/model/gen/c1/connectorapi/baton/v1/baton_pb.js";
import { Capability } from "../../core/model/gen/c1/connector/v2/connector_pb.js";
import { startFakeC1, type FakeC1, type FakeC1Options } from "./index.ts";
import { ASSERTION_TYPE } from "./jwt-check.ts";

/** What a client needs to know of a fake: what `idsync simulate c1` prints, plus the CA. */
export type FakeEndpoint = Pick<FakeC1, "clientId" | "clientSecret" | "clientName" | "port" | "caPem">;

export async function fakeForTest(t: TestContext, options: FakeC1Options = {}): Promise<FakeC1> {
  const fake = await startFakeC1(options);
  t.after(() => fake.close());
  return fake;
}

/** The private key inside a client secret (the 4th `:`-part is an unpadded base64url JWK). */
export function secretKey(clientSecret: string): KeyObject {
  const jwk = JSON.parse(Buffer.from(clientSecret.split(":")[3]!, "base64url").toString("utf8")) as Record<
    string,
    string
  >;
  return createPrivateKey({ key: { kty: jwk["kty"]!, crv: jwk["crv"]!, x: jwk["x"]!, d: jwk["d"]! }, format: "jwk" });
}

export interface AssertionOverrides {
  /** Header fields to set; `undefined` removes one. */
  header?: Record<string, unknown>;
  claims?: Record<string, unknown>;
  /** @default the key in the fake's secret */
  key?: KeyObject;
  /** @default Date.now() */
  nowMs?: number;
}

/** A compact JWS client assertion as baton-sdk builds it, with whatever a test wants changed. */
export function assertion(fake: FakeEndpoint, overrides: AssertionOverrides = {}): string {
  const now = Math.floor((overrides.nowMs ?? Date.now()) / 1000);
  const audience = fake.clientId.slice(fake.clientId.indexOf("@") + 1, fake.clientId.indexOf("/")).replace(/:\d+$/, "");
  const header = withOverrides({ alg: "EdDSA", nonce: randomBytes(16).toString("hex") }, overrides.header);
  const claims = withOverrides(
    { iss: fake.clientId, sub: fake.clientId, aud: audience, exp: now + 120, nbf: now - 120, iat: now },
    overrides.claims,
  );
  const input = `${Buffer.from(JSON.stringify(header)).toString("base64url")}.${Buffer.from(JSON.stringify(claims)).toString("base64url")}`;
  return `${input}.${sign(null, Buffer.from(input), overrides.key ?? secretKey(fake.clientSecret)).toString("base64url")}`;
}

function withOverrides(
  base: Record<string, unknown>,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  const result = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) delete result[key];
    else result[key] = value;
  }
  return result;
}

/** The form baton-sdk posts, with fields changed or (as `undefined`) removed. */
export function tokenForm(
  fake: FakeEndpoint,
  fields: Record<string, string | undefined> = {},
  overrides: AssertionOverrides = {},
): string {
  const base: Record<string, string | undefined> = {
    client_id: fake.clientId,
    grant_type: "client_credentials",
    client_assertion_type: ASSERTION_TYPE,
    client_assertion: assertion(fake, overrides),
    ...fields,
  };
  return new URLSearchParams(
    Object.entries(base).filter((entry): entry is [string, string] => entry[1] !== undefined),
  ).toString();
}

export interface TokenResponse {
  status: number;
  body: Record<string, unknown>;
}

const FORM = "application/x-www-form-urlencoded";

/** `POST /auth/v1/token` over HTTP/1.1, trusting the fake's CA. */
export function postTokenHttp1(
  fake: FakeEndpoint,
  body: string,
  headers: Record<string, string> = { "content-type": FORM },
): Promise<TokenResponse> {
  return new Promise((resolve, reject) => {
    const request = https.request(
      {
        host: "localhost",
        port: fake.port,
        path: "/auth/v1/token",
        method: "POST",
        headers,
        ca: [fake.caPem],
        agent: false,
      },
      (response) => {
        let text = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => (text += chunk));
        response.on("end", () =>
          resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) as Record<string, unknown> }),
        );
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}

/** `POST /auth/v1/token` over HTTP/2, as Go's client negotiates it. */
export function postTokenHttp2(
  fake: FakeEndpoint,
  body: string,
  headers: Record<string, string> = { "content-type": FORM },
): Promise<TokenResponse> {
  return new Promise((resolve, reject) => {
    const session = http2.connect(`https://localhost:${fake.port}`, { ca: [fake.caPem] });
    session.on("error", reject);
    const stream = session.request({ ":method": "POST", ":path": "/auth/v1/token", ...headers });
    let status = 0;
    let text = "";
    stream.on("response", (responseHeaders) => (status = Number(responseHeaders[":status"])));
    stream.setEncoding("utf8");
    stream.on("data", (chunk: string) => (text += chunk));
    stream.on("end", () => {
      session.close();
      resolve({ status, body: JSON.parse(text) as Record<string, unknown> });
    });
    stream.on("error", reject);
    stream.end(body);
  });
}

/** A fresh access token from the fake, asserting it was issued. */
export async function accessToken(fake: FakeEndpoint): Promise<string> {
  const response = await postTokenHttp1(fake, tokenForm(fake));
  if (response.status !== 200)
    throw new Error(`token request answered ${response.status}: ${JSON.stringify(response.body)}`);
  return response.body["access_token"] as string;
}

export interface ClientOptions {
  /** `authorization` to send; none when undefined. */
  authorization?: string | undefined;
  /** @default `${fake.clientName} idsync-test-client/0` */
  userAgent?: string;
}

/** A BatonService client over connect-node's gRPC transport (HTTP/2, TLS with the fake's CA). */
export function batonClient(fake: FakeEndpoint, options: ClientOptions = {}): Client<typeof BatonService> {
  const headers: Interceptor = (next) => (request) => {
    if (options.authorization !== undefined) request.header.set("authorization", options.authorization);
    request.header.set("user-agent", options.userAgent ?? `${fake.clientName} idsync-test-client/0`);
    return next(request);
  };
  const transport = createGrpcTransport({
    baseUrl: `https://localhost:${fake.port}`,
    nodeOptions: { ca: [fake.caPem] },
    interceptors: [headers],
  });
  return createClient(BatonService, transport);
}

/** A client already holding a token, and the token. */
export async function authorizedClient(
  fake: FakeEndpoint,
  options: Omit<ClientOptions, "authorization"> = {},
): Promise<{ client: Client<typeof BatonService>; token: string }> {
  const token = await accessToken(fake);
  return { client: batonClient(fake, { ...options, authorization: `Bearer ${token}` }), token };
}

/** Asserts a call fails with this gRPC code (and message). */
export async function rejectsWith(promise: Promise<unknown>, code: Code, message?: RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof ConnectError, String(error));
    assert.equal(error.code, code, `${Code[error.code]}: ${error.rawMessage}`);
    if (message) assert.match(error.rawMessage, message);
    return true;
  });
}

export const HOST_ID = "build-agent-7";

/** A Hello as a read-only connector with two resource types sends it. */
export function helloRequest(changes: { taskId?: string; hostId?: string } = {}) {
  return {
    hostId: changes.hostId ?? HOST_ID,
    taskId: changes.taskId ?? "",
    buildInfo: { langVersion: "node-v24.0.0", package: "idsync", packageVersion: "0.1.0" },
    osInfo: {
      hostname: "build-agent-7",
      os: "linux",
      platform: "debian",
      platformVersion: "12",
      platformFamily: "debian",
      kernelVersion: "6.1.0",
      kernelArch: "x86_64",
      virtualizationSystem: "none",
    },
    connectorMetadata: {
      displayName: "Clockify",
      capabilities: {
        connectorCapabilities: [Capability.SYNC],
        resourceTypeCapabilities: [
          { resourceType: { id: "user", displayName: "User" }, capabilities: [Capability.SYNC] },
          { resourceType: { id: "role", displayName: "Role" }, capabilities: [Capability.SYNC] },
        ],
      },
    },
  };
}

export interface RawGrpcAnswer {
  status: number;
  headers: http2.IncomingHttpHeaders;
  trailers: http2.IncomingHttpHeaders;
  body: Buffer;
}

/** One gRPC request written by hand: the bytes go out exactly as given. */
export function rawGrpc(
  fake: FakeEndpoint,
  path: string,
  body: Uint8Array,
  headers: Record<string, string> = {},
): Promise<RawGrpcAnswer> {
  return new Promise((resolve, reject) => {
    const session = http2.connect(`https://localhost:${fake.port}`, { ca: [fake.caPem] });
    session.on("error", reject);
    const stream = session.request({
      ":method": "POST",
      ":path": path,
      "content-type": "application/grpc",
      te: "trailers",
      "user-agent": `${fake.clientName} raw-test/0`,
      ...headers,
    });
    const answer: RawGrpcAnswer = { status: 0, headers: {}, trailers: {}, body: Buffer.alloc(0) };
    const chunks: Buffer[] = [];
    stream.on("response", (responseHeaders) => {
      answer.status = Number(responseHeaders[":status"]);
      answer.headers = responseHeaders;
    });
    stream.on("trailers", (trailers) => (answer.trailers = trailers));
    stream.on("data", (chunk: Buffer) => chunks.push(chunk));
    stream.on("close", () => {
      session.close();
      answer.body = Buffer.concat(chunks);
      resolve(answer);
    });
    stream.on("error", reject);
    stream.end(body);
  });
}

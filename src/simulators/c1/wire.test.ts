import assert from "node:assert/strict";
import http2 from "node:http2";
import https from "node:https";
import { describe, it } from "node:test";

import { create, fromBinary, toBinary } from "@bufbuild/protobuf";

import {
  BatonServiceGetTaskRequestSchema,
  BatonServiceGetTaskResponseSchema,
  BatonServiceHelloRequestSchema,
} from "../../core/model/gen/c1/connectorapi/baton/v1/baton_pb.js";
import { accessToken, fakeForTest, helloRequest, postTokenHttp1, rawGrpc, tokenForm } from "./_test-support.ts";
import { encodeFrame, FrameReader, GrpcCode, MAX_RECEIVE_BYTES, percentEncode } from "./grpc-wire.ts";

const SERVICE = "/c1.connectorapi.baton.v1.BatonService";

describe("gRPC framing", () => {
  it("prefixes each message with flag 0 and its big-endian length", () => {
    assert.equal(encodeFrame(Buffer.from("abc")).toString("hex"), "0000000003616263");
    assert.equal(encodeFrame(new Uint8Array(0)).toString("hex"), "0000000000");
  });

  it("reads messages whatever the chunk boundaries, and notices a cut-off one", () => {
    const bytes = Buffer.concat([encodeFrame(Buffer.from("first")), encodeFrame(Buffer.from("second"))]);
    const reader = new FrameReader();
    const messages: string[] = [];
    for (const byte of bytes) messages.push(...reader.push(Buffer.from([byte])).map((m) => Buffer.from(m).toString()));
    assert.deepEqual(messages, ["first", "second"]);
    reader.finish();
    const cut = new FrameReader();
    cut.push(bytes.subarray(0, 7));
    assert.throws(() => cut.finish(), { code: GrpcCode.Internal, violation: true });
  });

  it("refuses a compressed flag and a message over the receive limit", () => {
    assert.throws(() => new FrameReader().push(Buffer.from([1, 0, 0, 0, 0])), {
      code: GrpcCode.Internal,
      message: /compressed flag/,
    });
    const oversize = Buffer.alloc(5);
    oversize.writeUInt32BE(MAX_RECEIVE_BYTES + 1, 1);
    assert.throws(() => new FrameReader().push(oversize), {
      code: GrpcCode.ResourceExhausted,
      message: /larger than max/,
    });
  });

  it("percent-encodes grpc-message outside printable ASCII, and % itself", () => {
    assert.equal(percentEncode("plain text: ok"), "plain text: ok");
    assert.equal(percentEncode("100% sure\nnext"), "100%25 sure%0Anext");
    assert.equal(percentEncode("café"), "caf%C3%A9");
  });
});

describe("fake ConductorOne: gRPC on the wire", () => {
  it("answers :status 200, application/grpc, one framed message and grpc-status 0 in trailers", async (t) => {
    const fake = await fakeForTest(t);
    const token = await accessToken(fake);
    const hello = await rawGrpc(
      fake,
      `${SERVICE}/Hello`,
      encodeFrame(toBinary(BatonServiceHelloRequestSchema, create(BatonServiceHelloRequestSchema, helloRequest()))),
      { authorization: `Bearer ${token}` },
    );
    assert.equal(hello.trailers["grpc-status"], "0");
    fake.queueTask({ type: "sync_full" });
    const answer = await rawGrpc(
      fake,
      `${SERVICE}/GetTask`,
      encodeFrame(
        toBinary(
          BatonServiceGetTaskRequestSchema,
          create(BatonServiceGetTaskRequestSchema, { hostId: "build-agent-7" }),
        ),
      ),
      {
        authorization: `Bearer ${token}`,
      },
    );
    assert.equal(answer.status, 200);
    assert.equal(answer.headers["content-type"], "application/grpc");
    assert.equal(answer.trailers["grpc-status"], "0");
    assert.equal(answer.body.readUInt8(0), 0);
    assert.equal(answer.body.readUInt32BE(1), answer.body.length - 5);
    const response = fromBinary(BatonServiceGetTaskResponseSchema, answer.body.subarray(5));
    assert.equal(response.task?.taskType.case, "syncFull");
    assert.deepEqual(fake.violations, []);
  });

  it("takes a unary call the client cancels half-sent as cancelled, not as a violation", async (t) => {
    const fake = await fakeForTest(t);
    const token = await accessToken(fake);
    const session = http2.connect(`https://localhost:${fake.port}`, { ca: [fake.caPem] });
    t.after(() => session.close());
    const stream = session.request({
      ":method": "POST",
      ":path": `${SERVICE}/GetTask`,
      "content-type": "application/grpc",
      te: "trailers",
      "user-agent": `${fake.clientName} raw-test/0`,
      authorization: `Bearer ${token}`,
    });
    stream.on("error", () => undefined);
    stream.write(Buffer.from([0, 0, 0, 0, 9])); // a frame header promising 9 bytes that never come
    await fake.waitFor(() => fake.calls.length === 1, { what: "the call to arrive" });
    stream.close(http2.constants.NGHTTP2_CANCEL);
    await fake.waitFor(() => fake.calls[0]!.code !== undefined, { what: "the call to end" });
    assert.equal(fake.calls[0]!.code, GrpcCode.Canceled);
    assert.deepEqual(fake.violations, []);
  });

  it("refuses a compressed message with 13 Internal and an oversize one with 8 ResourceExhausted, as violations", async (t) => {
    const fake = await fakeForTest(t);
    const authorization = `Bearer ${await accessToken(fake)}`;
    const compressed = await rawGrpc(fake, `${SERVICE}/GetTask`, Buffer.from([1, 0, 0, 0, 0]), { authorization });
    assert.equal(compressed.trailers["grpc-status"], String(GrpcCode.Internal));
    assert.match(decodeURIComponent(String(compressed.trailers["grpc-message"])), /compressed flag set/);
    const big = Buffer.alloc(5);
    big.writeUInt32BE(5 * 1024 * 1024, 1);
    const oversize = await rawGrpc(fake, `${SERVICE}/GetTask`, big, { authorization });
    assert.equal(oversize.trailers["grpc-status"], String(GrpcCode.ResourceExhausted));
    assert.equal(fake.violations.length, 2);
  });

  it("refuses a grpc-encoding it does not have with 12, and a unary call with two messages with 13", async (t) => {
    const fake = await fakeForTest(t);
    const authorization = `Bearer ${await accessToken(fake)}`;
    const gzip = await rawGrpc(fake, `${SERVICE}/GetTask`, encodeFrame(new Uint8Array(0)), {
      authorization,
      "grpc-encoding": "gzip",
    });
    assert.equal(gzip.trailers["grpc-status"], String(GrpcCode.Unimplemented));
    const two = await rawGrpc(
      fake,
      `${SERVICE}/GetTask`,
      Buffer.concat([encodeFrame(new Uint8Array(0)), encodeFrame(new Uint8Array(0))]),
      { authorization },
    );
    assert.equal(two.trailers["grpc-status"], String(GrpcCode.Internal));
    assert.match(String(two.trailers["grpc-message"]), /carried 2 request messages/);
  });

  it("answers an unknown method or service 12 Unimplemented without looking at the token", async (t) => {
    const fake = await fakeForTest(t);
    const method = await rawGrpc(fake, `${SERVICE}/Goodbye`, encodeFrame(new Uint8Array(0)));
    assert.equal(method.trailers["grpc-status"], String(GrpcCode.Unimplemented));
    const service = await rawGrpc(fake, "/c1.connectorapi.baton.v2.Other/Hello", encodeFrame(new Uint8Array(0)));
    assert.equal(service.trailers["grpc-status"], String(GrpcCode.Unimplemented));
    assert.deepEqual(
      fake.calls.map((call) => [call.method, call.code]),
      [
        ["Goodbye", 12],
        ["/c1.connectorapi.baton.v2.Other/Hello", 12],
      ],
    );
  });

  it("refuses gRPC over HTTP/1.1, where it serves only the token endpoint", async (t) => {
    const fake = await fakeForTest(t);
    assert.equal((await postTokenHttp1(fake, tokenForm(fake))).status, 200);
    const answer = await new Promise<{ status: number; trailers: NodeJS.Dict<string> }>((resolve, reject) => {
      const request = https.request(
        {
          host: "localhost",
          port: fake.port,
          path: `${SERVICE}/GetTask`,
          method: "POST",
          headers: { "content-type": "application/grpc" },
          ca: [fake.caPem],
          agent: false,
        },
        (response) => {
          response.resume();
          response.on("end", () => resolve({ status: response.statusCode ?? 0, trailers: response.trailers }));
        },
      );
      request.on("error", reject);
      request.end(encodeFrame(new Uint8Array(0)));
    });
    assert.equal(answer.status, 200);
    assert.equal(answer.trailers["grpc-status"], String(GrpcCode.Internal));
    assert.deepEqual(fake.violations, ["gRPC over HTTP/1.1; it needs HTTP/2"]);
  });
});

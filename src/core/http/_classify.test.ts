import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { _genericDetail, _isTransportFailure, _transportError } from "./_classify.ts";

const coded = (code: string): Error => new TypeError("fetch failed", { cause: Object.assign(new Error(code), { code }) });

describe("_transportError", () => {
  it("classifies DNS, refused, reset, timeouts and TLS failures", () => {
    const cases: [unknown, string, string][] = [
      [coded("ENOTFOUND"), "unavailable", "GET /u failed: could not resolve host api.test (ENOTFOUND)"],
      [coded("EAI_AGAIN"), "unavailable", "GET /u failed: could not resolve host api.test (EAI_AGAIN)"],
      [new TypeError("fetch failed", { cause: new AggregateError([Object.assign(new Error("x"), { code: "ECONNREFUSED" })]) }), "unavailable", "GET /u failed: connection refused by api.test (ECONNREFUSED)"],
      [coded("ECONNRESET"), "unavailable", "GET /u failed: connection closed by api.test (ECONNRESET)"],
      [coded("UND_ERR_CONNECT_TIMEOUT"), "timeout", "GET /u failed: timed out talking to api.test (UND_ERR_CONNECT_TIMEOUT)"],
      [coded("CERT_HAS_EXPIRED"), "fatal", "GET /u failed: the TLS certificate of api.test was rejected (CERT_HAS_EXPIRED)"],
      [new TypeError("terminated"), "unavailable", "GET /u failed: connection closed by api.test"],
    ];
    for (const [error, kind, message] of cases) {
      assert.ok(_isTransportFailure(error), message);
      const classified = _transportError("GET /u", "api.test", "sending", error);
      assert.equal(classified.kind, kind, message);
      assert.equal(classified.message, message);
      assert.equal(classified.cause, error);
    }
  });

  it("does not take bugs for network failures", () => {
    assert.equal(_isTransportFailure(new TypeError("x is not a function")), false);
    assert.equal(_isTransportFailure(Object.assign(new TypeError("bad"), { code: "ERR_INVALID_ARG_TYPE" })), false);
    assert.equal(_isTransportFailure("string"), false);
  });
});

describe("_genericDetail", () => {
  it("prefers message, then detail, then error fields, else an excerpt", () => {
    assert.equal(_genericDetail('{"message":"a","detail":"b"}'), "a");
    assert.equal(_genericDetail('{"error_description":"c","error":"invalid_grant"}'), "c");
    assert.equal(_genericDetail('{"error":"invalid_grant"}'), "invalid_grant");
    assert.equal(_genericDetail('{"code":5}'), '{"code":5}');
    assert.equal(_genericDetail("   "), undefined);
  });
});

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { _excerpt, _genericDetail, _isTransportFailure, _transportError } from "./_classify.ts";

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

describe("_excerpt", () => {
  const person = { id: "u-1", email: "ada@analytical.example", name: "Ada Lovelace", active: true, seats: 3 };

  it("keeps a JSON body's shape and its error fields, and elides the rest", () => {
    assert.equal(
      _excerpt(JSON.stringify({ message: "no access", code: 4030, user: person })),
      '{"message":"no access","code":4030,"user":{"id":"…","email":"…","name":"…","active":true,"seats":…}}',
    );
    assert.equal(
      _excerpt(JSON.stringify({ detail: [{ loc: ["query", "limit"], msg: "must be <= 100", input: "1000" }] })),
      '{"detail":[{"loc":["query","limit"],"msg":"must be <= 100","input":"…"}]}',
    );
    assert.equal(_excerpt(JSON.stringify([person])), '[{"id":"…","email":"…","name":"…","active":true,"seats":…}]');
  });

  it("elides a page cut short, which is not JSON at all", () => {
    const cut = JSON.stringify({ data: [person] }).slice(0, 40);
    assert.equal(_excerpt(cut), '{"data":[{"id":"…","email":"…"');
  });

  it("masks emails wherever text is kept", () => {
    assert.equal(_excerpt(JSON.stringify({ message: "user ada@analytical.example is not an admin" })), '{"message":"user <email> is not an admin"}');
    assert.equal(_excerpt("Forbidden for ada.l+ops@analytical.example"), "Forbidden for <email>");
    assert.equal(_genericDetail(JSON.stringify({ message: "ada@analytical.example is suspended" })), "<email> is suspended");
  });
});

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { _excerpt, _genericDetail, _hostPort, _isTransportFailure, _transportError } from "./_classify.ts";

const coded = (code: string): Error =>
  new TypeError("fetch failed", { cause: Object.assign(new Error(code), { code }) });

describe("_transportError", () => {
  const first = { hostPort: "api.test:443", phase: "sending" as const, answeredBefore: false };
  const later = { ...first, answeredBefore: true };

  it("classifies DNS, refused, reset, timeouts and TLS failures, and says which retrying cannot fix", () => {
    const refused = new TypeError("fetch failed", {
      cause: new AggregateError([Object.assign(new Error("x"), { code: "ECONNREFUSED" })]),
    });
    const cases: [unknown, typeof first, string, boolean, string][] = [
      [
        coded("ENOTFOUND"),
        first,
        "unavailable",
        true,
        "GET /u failed: could not resolve host api.test:443 (ENOTFOUND)",
      ],
      [
        coded("EAI_AGAIN"),
        first,
        "unavailable",
        true,
        "GET /u failed: could not resolve host api.test:443 (EAI_AGAIN)",
      ],
      [
        coded("ENOTFOUND"),
        later,
        "unavailable",
        false,
        "GET /u failed: could not resolve host api.test:443 (ENOTFOUND)",
      ],
      [
        refused,
        first,
        "unavailable",
        true,
        "GET /u failed: nothing listens on api.test:443 (connection refused) (ECONNREFUSED)",
      ],
      [
        refused,
        later,
        "unavailable",
        false,
        "GET /u failed: nothing listens on api.test:443 (connection refused) (ECONNREFUSED)",
      ],
      [
        coded("ECONNRESET"),
        first,
        "unavailable",
        false,
        "GET /u failed: connection closed by api.test:443 (ECONNRESET)",
      ],
      [
        coded("UND_ERR_CONNECT_TIMEOUT"),
        first,
        "timeout",
        false,
        "GET /u failed: timed out talking to api.test:443 (UND_ERR_CONNECT_TIMEOUT)",
      ],
      [coded("ETIMEDOUT"), first, "timeout", false, "GET /u failed: timed out talking to api.test:443 (ETIMEDOUT)"],
      [
        coded("CERT_HAS_EXPIRED"),
        first,
        "fatal",
        false,
        "GET /u failed: the TLS certificate of api.test:443 is not trusted (CERT_HAS_EXPIRED)",
      ],
      [
        coded("UNABLE_TO_VERIFY_LEAF_SIGNATURE"),
        later,
        "fatal",
        false,
        "GET /u failed: the TLS certificate of api.test:443 is not trusted (UNABLE_TO_VERIFY_LEAF_SIGNATURE)",
      ],
      [
        coded("ERR_SSL_WRONG_VERSION_NUMBER"),
        first,
        "fatal",
        false,
        "GET /u failed: api.test:443 does not speak TLS (it answered https with something else, most likely plain http) (ERR_SSL_WRONG_VERSION_NUMBER)",
      ],
      [
        coded("EPROTO"),
        first,
        "fatal",
        false,
        "GET /u failed: api.test:443 does not speak TLS (it answered https with something else, most likely plain http) (EPROTO)",
      ],
      [new TypeError("terminated"), first, "unavailable", false, "GET /u failed: connection closed by api.test:443"],
    ];
    for (const [error, where, kind, final, message] of cases) {
      assert.ok(_isTransportFailure(error), message);
      const classified = _transportError("GET /u", error, where);
      assert.equal(classified.kind, kind, message);
      assert.equal(classified.message, message);
      assert.equal(classified.cause, error);
      // Fatal kinds are never retried; `final` stops the retries of a kind that usually has them.
      assert.equal(
        classified.retryable,
        !final && kind !== "fatal",
        `${message} (answered before: ${where.answeredBefore})`,
      );
    }
  });

  it("hints at NODE_EXTRA_CA_CERTS for an untrusted certificate, and at http:// for a server without TLS", () => {
    assert.match(
      _transportError("GET /u", coded("SELF_SIGNED_CERT_IN_CHAIN"), first).hint ?? "",
      /NODE_EXTRA_CA_CERTS/,
    );
    assert.match(_transportError("GET /u", coded("ERR_SSL_WRONG_VERSION_NUMBER"), first).hint ?? "", /http:\/\//);
  });

  it("writes the port of a URL even when it is the scheme's default", () => {
    assert.equal(_hostPort(new URL("https://api.env0.com/x")), "api.env0.com:443");
    assert.equal(_hostPort(new URL("http://127.0.0.1:8080/x")), "127.0.0.1:8080");
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
    assert.equal(
      _excerpt(JSON.stringify({ message: "user ada@analytical.example is not an admin" })),
      '{"message":"user <email> is not an admin"}',
    );
    assert.equal(_excerpt("Forbidden for ada.l+ops@analytical.example"), "Forbidden for <email>");
    assert.equal(
      _genericDetail(JSON.stringify({ message: "ada@analytical.example is suspended" })),
      "<email> is suspended",
    );
  });
});

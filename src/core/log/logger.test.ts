import assert from "node:assert/strict";
import { Writable } from "node:stream";
import { afterEach, describe, it } from "node:test";
import { ApiError } from "../errors/index.ts";
import { _clearSecretsForTests, createLogger, registerSecret, silentLogger, type LoggerOptions } from "./index.ts";

afterEach(() => _clearSecretsForTests());

const NOW = Date.UTC(2024, 0, 2, 3, 4, 5, 678);

function capture(options: LoggerOptions = {}) {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(
        ...chunk
          .toString("utf8")
          .split("\n")
          .filter((l) => l !== ""),
      );
      done();
    },
  });
  const logger = createLogger({ level: "debug", format: "json", now: () => NOW, ...options, stream });
  return { logger, lines };
}

describe("createLogger json", () => {
  it("writes zap-style lines: level, ts in epoch seconds, msg, fields", () => {
    const { logger, lines } = capture({ fields: { connector: "clockify" } });
    logger.info("synced", { users: 3, ok: true, skipped: undefined });
    assert.equal(lines.length, 1);
    assert.deepEqual(JSON.parse(lines[0]!), {
      level: "info",
      ts: NOW / 1000,
      msg: "synced",
      connector: "clockify",
      users: 3,
      ok: true,
    });
    assert.ok(lines[0]!.startsWith('{"level":"info","ts":'), "envelope keys come first");
  });

  it("filters by level", () => {
    const { logger, lines } = capture({ level: "warn" });
    logger.debug("d");
    logger.info("i");
    logger.warn("w");
    logger.error("e");
    assert.deepEqual(
      lines.map((l) => (JSON.parse(l) as { msg: string }).msg),
      ["w", "e"],
    );
    assert.equal(logger.level, "warn");
    assert.equal(logger.enabled("info"), false);
    assert.equal(logger.enabled("error"), true);
  });

  it("child loggers add fields and share the sink", () => {
    const { logger, lines } = capture({ fields: { a: 1 } });
    logger.child({ b: 2 }).child({ a: 3 }).info("x", { c: 4 });
    assert.deepEqual(JSON.parse(lines[0]!), { level: "info", ts: NOW / 1000, msg: "x", a: 3, b: 2, c: 4 });
  });

  it("renders Errors as their message and keeps the envelope authoritative", () => {
    const { logger, lines } = capture();
    logger.error("failed", {
      error: new ApiError("timeout", "GET /x timed out", { endpoint: "GET /x" }),
      level: "fake",
      msg: "m",
    });
    assert.deepEqual(JSON.parse(lines[0]!), {
      level: "error",
      ts: NOW / 1000,
      msg: "failed",
      error: "GET /x timed out",
      "fields.level": "fake",
      "fields.msg": "m",
    });
  });

  it("handles cycles, bigints, dates and non-finite numbers", () => {
    const { logger, lines } = capture();
    const loop: Record<string, unknown> = { name: "n" };
    loop.self = loop;
    logger.info("x", { loop, big: 10n, at: new Date(NOW), nan: Number.NaN });
    assert.deepEqual(JSON.parse(lines[0]!), {
      level: "info",
      ts: NOW / 1000,
      msg: "x",
      loop: { name: "n", self: "[Circular]" },
      big: "10",
      at: "2024-01-02T03:04:05.678Z",
      nan: "NaN",
    });
  });

  it("never writes a registered secret, whatever field carries it", () => {
    registerSecret("sk_live_abcdef123456");
    const { logger, lines } = capture({ fields: { base: "sk_live_abcdef123456" } });
    const error = new Error("bad key sk_live_abcdef123456");
    logger.warn("saw sk_live_abcdef123456", {
      error,
      nested: { deep: ["x sk_live_abcdef123456"] },
      url: new URL("https://x.test/?k=sk_live_abcdef123456"),
      ["key-sk_live_abcdef123456"]: 1,
    });
    assert.equal(lines.length, 1);
    assert.doesNotMatch(lines[0]!, /sk_live/);
    assert.match(lines[0]!, /\[REDACTED\]/);
  });

  it("masks credential-named fields and Headers even when unregistered", () => {
    const { logger, lines } = capture();
    logger.debug("request", {
      headers: new Headers({
        authorization: "Basic Zm9vOmJhcg==",
        "x-api-key": "unregistered",
        accept: "application/json",
      }),
      apiKey: "unregistered-2",
      pageToken: "p2",
    });
    const line = JSON.parse(lines[0]!) as Record<string, unknown>;
    assert.deepEqual(line.headers, {
      accept: "application/json",
      authorization: "[REDACTED]",
      "x-api-key": "[REDACTED]",
    });
    assert.equal(line.apiKey, "[REDACTED]");
    assert.equal(line.pageToken, "p2");
  });

  it("survives a field that throws while rendering", () => {
    const { logger, lines } = capture();
    logger.info("x", {
      bad: {
        toJSON() {
          throw new Error("boom");
        },
      },
    });
    assert.equal(lines.length, 1);
    assert.match(lines[0]!, /fields could not be rendered/);
  });
});

describe("createLogger console", () => {
  it("writes HH:MM:SS LEVEL msg key=value", () => {
    const { logger, lines } = capture({ format: "console" });
    logger.warn("retrying request", { path: "/users", attempt: 2, note: "two words", obj: { a: 1 } });
    assert.match(
      lines[0]!,
      /^\d\d:\d\d:\d\d WARN {2}retrying request path=\/users attempt=2 note="two words" obj=\{"a":1\}$/,
    );
  });

  it("redacts secrets in console lines too", () => {
    registerSecret("sk_live_abcdef123456");
    const { logger, lines } = capture({ format: "console" });
    logger.error("boom sk_live_abcdef123456", { error: new Error("sk_live_abcdef123456") });
    assert.doesNotMatch(lines[0]!, /sk_live/);
  });
});

describe("silentLogger", () => {
  it("drops everything, including from children", () => {
    silentLogger.error("x");
    silentLogger.child({ a: 1 }).info("y");
    assert.equal(silentLogger.enabled("error"), false);
  });
});

describe("createLogger options", () => {
  it("rejects an unknown level or format", () => {
    assert.throws(() => createLogger({ level: "trace" as "debug" }), /unknown log level "trace"/);
    assert.throws(() => createLogger({ format: "xml" as "json" }), /unknown log format "xml"/);
  });
});

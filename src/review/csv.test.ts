import assert from "node:assert/strict";
import { test } from "node:test";
import { csvField, csvLine } from "./csv.ts";

test("RFC 4180: quote fields with commas, quotes, CR or LF; double the quotes; CRLF line ends", () => {
  assert.equal(csvField("plain"), "plain");
  assert.equal(csvField("a,b"), '"a,b"');
  assert.equal(csvField('say "hi"'), '"say ""hi"""');
  assert.equal(csvField("two\nlines"), '"two\nlines"');
  assert.equal(csvField("cr\r"), '"cr\r"');
  assert.equal(csvField(" spaced "), " spaced ", "spaces are data, kept unquoted");
  assert.equal(csvField(null), "");
  assert.equal(csvField(undefined), "");
  assert.equal(csvField(true), "true");
  assert.equal(csvField(0), "0");
  assert.equal(csvLine(["a", null, 'b"c', "d,e", false]), 'a,,"b""c","d,e",false\r\n');
});

test("guardFormulas: a string starting with = + - @ TAB or CR gets a leading quote, then RFC 4180 quoting", () => {
  const guard = { guardFormulas: true };
  assert.equal(csvField('=HYPERLINK("http://evil","x")', guard), `"'=HYPERLINK(""http://evil"",""x"")"`);
  assert.equal(csvField("=A1", guard), "'=A1");
  assert.equal(csvField("+cmd|' /C calc'!A0", guard), "'+cmd|' /C calc'!A0");
  assert.equal(csvField("-2+3", guard), "'-2+3");
  assert.equal(csvField("@SUM(A1:A2)", guard), "'@SUM(A1:A2)");
  assert.equal(csvField("\t=1", guard), "'\t=1", "TAB needs no RFC quoting");
  assert.equal(csvField("\r=1", guard), '"\'\r=1"');
  assert.equal(csvField('=A1,"x"', guard), `"'=A1,""x"""`, "the quote goes inside the RFC 4180 quotes");
  assert.equal(csvLine(["=1", "ok", "@x"], guard), "'=1,ok,'@x\r\n");
});

test("guardFormulas leaves numbers, booleans, null and safe strings alone; off by default", () => {
  const guard = { guardFormulas: true };
  assert.equal(csvField(-5, guard), "-5", "numbers we produce are never guarded");
  assert.equal(csvField(false, guard), "false");
  assert.equal(csvField(null, guard), "");
  assert.equal(csvField(undefined, guard), "");
  assert.equal(csvField("plain", guard), "plain");
  assert.equal(csvField("a=b+c-d@e", guard), "a=b+c-d@e", "only the first character counts");
  assert.equal(csvField(" =1", guard), " =1");
  assert.equal(csvField("2026-01-01T00:00:00.000Z", guard), "2026-01-01T00:00:00.000Z");
  assert.equal(csvField("", guard), "");
  assert.equal(csvField("=1"), "=1");
  assert.equal(csvField("=1", { guardFormulas: false }), "=1");
  assert.equal(csvLine(["=1", "-2"]), "=1,-2\r\n");
});

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

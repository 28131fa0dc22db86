import assert from "node:assert/strict";
import { test } from "node:test";
import { captureStream } from "../io.ts";
import { Sink } from "./sink.ts";
import { countOf } from "../../core/index.ts";
import { TableWriter, clean, fit } from "./table.ts";

async function render(rows: string[][], columns: ConstructorParameters<typeof TableWriter>[1], width?: number, footer?: string): Promise<string> {
  const stream = captureStream();
  const sink = new Sink(stream);
  const table = new TableWriter(sink, columns, width);
  for (const row of rows) await table.add(row);
  await table.end(footer);
  await sink.end();
  return stream.text();
}

test("columns are sized to their content, right-aligned when asked, with no trailing spaces", async () => {
  const text = await render(
    [
      ["a", "1,000", ""],
      ["longer name", "7", ""],
    ],
    [{ header: "NAME" }, { header: "N", align: "right" }, { header: "NOTE" }],
    undefined,
    "2 rows",
  );
  assert.equal(text, ["NAME             N  NOTE", "a            1,000", "longer name      7", "2 rows", ""].join("\n"));
});

test("long cells are cut with an ellipsis: names at the end, ids in the middle", () => {
  assert.equal(fit("abcdefghij", 6), "abcde…");
  assert.equal(fit("role:admin:assigned", 11, "middle"), "role:…igned");
  assert.equal(fit("short", 10), "short");
  assert.equal(fit("😀😀😀😀", 3), "😀😀…", "surrogate pairs are not split");
});

test("cells beyond a column's maximum are cut; a terminal's width is honoured", async () => {
  const wide = await render([["x".repeat(100), "y".repeat(100)]], [{ header: "A", max: 10 }, { header: "B", truncate: "middle" }]);
  assert.equal(wide.split("\n")[1], `${"x".repeat(9)}…  ${"y".repeat(24)}…${"y".repeat(23)}`);
  const fitted = await render([["x".repeat(100), "y".repeat(100)]], [{ header: "A" }, { header: "B" }], 40);
  assert.ok(fitted.split("\n").every((line) => line.length <= 40), fitted);
});

test("control characters never reach the terminal", async () => {
  assert.equal(clean("evil\u001b[31mred\nline"), "evil\ufffd[31mred line");
  const text = await render([["a\tb\r\nc"]], [{ header: "X" }]);
  assert.equal(text, "X\na b  c\n");
});

test("rows after the first 500 stream with the widths already chosen", async () => {
  const rows = Array.from({ length: 1_200 }, (_, i) => [i < 500 ? "ab" : "abcdef"]);
  const lines = (await render(rows, [{ header: "C" }])).trimEnd().split("\n");
  assert.equal(lines.length, 1_201);
  assert.equal(lines[0], "C");
  assert.equal(lines[1], "ab");
  assert.equal(lines[600], "a…", "cut to the sampled width");
});

test("an empty table still prints its header and footer", async () => {
  assert.equal(await render([], [{ header: "ID" }, { header: "NAME" }], undefined, "0 things"), "ID  NAME\n0 things\n");
  assert.equal(countOf(1, "grant"), "1 grant");
  assert.equal(countOf(12_345, "entity", "entities"), "12,345 entities");
});

import assert from "node:assert/strict";
import { test } from "node:test";
import { captureStream } from "../io.ts";
import { Sink } from "./sink.ts";
import { countOf } from "../../core/index.ts";
import { TableWriter, clean, fit, wrap, type Cell } from "./table.ts";

async function render(
  rows: Cell[][],
  columns: ConstructorParameters<typeof TableWriter>[1],
  width?: number,
  footer?: string,
): Promise<string> {
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
  // NOTE is empty in every row, so it is left out.
  assert.equal(text, ["NAME             N", "a            1,000", "longer name      7", "2 rows", ""].join("\n"));
});

test("long names are cut at the end with an ellipsis", () => {
  assert.equal(fit("abcdefghij", 6), "abcde…");
  assert.equal(fit("short", 10), "short");
  assert.equal(fit("😀😀😀😀", 3), "😀😀…", "surrogate pairs are not split");
});

test("cells beyond a column's maximum are cut; a terminal's width is honoured", async () => {
  const wide = await render([["x".repeat(100), "y".repeat(100)]], [{ header: "A", max: 10 }, { header: "B" }]);
  assert.equal(wide.split("\n")[1], `${"x".repeat(9)}…  ${"y".repeat(47)}…`);
  const fitted = await render([["x".repeat(100), "y".repeat(100)]], [{ header: "A" }, { header: "B" }], 40);
  assert.ok(
    fitted.split("\n").every((line) => line.length <= 40),
    fitted,
  );
});

test("on a narrow terminal every id appears whole; names and text give way", async () => {
  const ids = [
    "user:5c08f9743d11d7aee47224fa",
    "team:5df897717b4911406608b24f",
    "role:a120cd9f-1da9-4bd8-8c80-edcacd8327d3",
    "project:6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b:deployer",
  ];
  const rows = ids.map((id, index) => [
    id,
    `Person With A Rather Long Name ${index}`,
    `person.number.${index}@acme-corp.example`,
    "via team:5df897717b4911406608b24f:member",
  ]);
  const columns = [
    { header: "ID", id: true, max: 20 },
    { header: "NAME" },
    { header: "EMAIL" },
    { header: "HOW", wrap: true },
  ];
  for (const width of [40, 60, 80]) {
    const text = await render(rows, columns, width);
    const words = new Set(text.split(/\s+/));
    for (const id of ids) assert.ok(words.has(id), `${id} whole at ${width} columns:\n${text}`);
    assert.ok(words.has("team:5df897717b4911406608b24f:member"), "an id inside wrapped text is whole too");
    assert.match(text, /Per\S*…/, "names are shortened instead");
  }
});

test("wrapped cells break at spaces onto more lines, and a cell may hold several lines", async () => {
  const text = await render(
    [["~", "user:u-bob", ["status: enabled → disabled", "became Workspace Admin (role)"]]],
    [{ header: "" }, { header: "ID", id: true }, { header: "CHANGES", wrap: true, max: 20 }],
  );
  assert.equal(
    text,
    [
      "   ID          CHANGES",
      "~  user:u-bob  status: enabled →",
      "               disabled",
      "               became Workspace",
      "               Admin (role)",
      "",
    ].join("\n"),
  );
  assert.deepEqual(wrap("a bb ccc", 4), ["a bb", "ccc"]);
  assert.deepEqual(
    wrap("x group:a-very-long-id:member y", 8),
    ["x", "group:a-very-long-id:member", "y"],
    "a word longer than the width is kept whole",
  );
});

test("a column empty in every row is left out, when the whole table is seen before printing", async () => {
  const text = await render(
    [
      ["+", "group:g-sec:member", "Security member", ""],
      ["-", "role:r-dev:assigned", "Developers role", ""],
    ],
    [{ header: "" }, { header: "ID", id: true }, { header: "NAME" }, { header: "DETAILS" }],
  );
  assert.equal(
    text,
    [
      "   ID                   NAME",
      "+  group:g-sec:member   Security member",
      "-  role:r-dev:assigned  Developers role",
      "",
    ].join("\n"),
  );
  // Past the first 500 rows a later row might fill the column, so it stays.
  const many = Array.from({ length: 600 }, (_, i) => [`id-${i}`, i === 599 ? "late" : ""]);
  const lines = (await render(many, [{ header: "ID", id: true }, { header: "NOTE" }])).trimEnd().split("\n");
  assert.equal(lines[0], "ID      NOTE");
  assert.equal(lines.at(-1), "id-599  late");
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

/**
 * @module
 * Damaged c1z files for the tests of everything that reads them. Each damage is a small,
 * seeded edit of a good file's database (or of its envelope) of a kind found in the wild:
 * flipped or truncated protobuf blobs, values of the wrong type, invalid UTF-8, dropped
 * columns and tables, odd sync-run rows, flipped bytes in database pages, and a compressed
 * stream that is cut short, altered, followed by more bytes or declaring a size it does not
 * hold. A reader given any of them must either read it or refuse it with one line; never
 * crash, never drop rows silently. Some damage must always be refused (`mustRefuse`).
 */
import fs from "node:fs";
import path from "node:path";
import { DatabaseSync, type SQLInputValue } from "node:sqlite";
import zlib from "node:zlib";
import { seededRandom } from "./random.ts";

const MAGIC_LENGTH = 5;
const ROW_TABLES = ["v1_resource_types", "v1_resources", "v1_entitlements", "v1_grants"] as const;
/** The identity columns of each row table, which readers take ids from beside `data`. */
const TEXT_COLUMNS: Record<(typeof ROW_TABLES)[number], readonly string[]> = {
  v1_resource_types: ["external_id", "sync_id"],
  v1_resources: ["resource_type_id", "external_id", "sync_id"],
  v1_entitlements: ["resource_type_id", "resource_id", "external_id", "sync_id"],
  v1_grants: [
    "resource_type_id",
    "resource_id",
    "entitlement_id",
    "principal_resource_type_id",
    "principal_resource_id",
    "external_id",
    "sync_id",
  ],
};

/** What a damage does to the database, given a seeded random source. */
type DatabaseEdit = (db: DatabaseSync, random: () => number) => void;

export interface Damage {
  /** e.g. `flip-data:v1_grants`; with the seed, enough to reproduce it. */
  name: string;
  /** Writes the damaged copy of the good c1z `source` to `target`. */
  apply(source: string, target: string, seed: number): void;
  /** No reader may read this copy: it breaks the envelope in a way every reader can see. */
  mustRefuse?: boolean;
}

const pick = <T>(items: readonly T[], random: () => number): T => items[Math.floor(random() * items.length)]!;

function unpackDatabase(c1z: string): Buffer {
  return zlib.zstdDecompressSync(fs.readFileSync(c1z).subarray(MAGIC_LENGTH));
}

/** With `checksum`, the frame carries a content checksum, as idsync's and Baton's writers make them. */
function packDatabase(database: Uint8Array, target: string, checksum = false): void {
  const params = { [zlib.constants.ZSTD_c_checksumFlag]: checksum ? 1 : 0 };
  fs.writeFileSync(
    target,
    Buffer.concat([Buffer.from("C1ZF\0", "latin1"), zlib.zstdCompressSync(database, { params })]),
  );
}

/** A database-level damage: unpack, edit with SQL, pack. */
function databaseDamage(name: string, edit: DatabaseEdit): Damage {
  return {
    name,
    apply(source, target, seed) {
      const dbPath = `${target}.edit.db`;
      fs.writeFileSync(dbPath, unpackDatabase(source));
      const db = new DatabaseSync(dbPath);
      try {
        // A scratch copy: no fsync needed, and the damage is made many times over.
        db.exec("PRAGMA synchronous = OFF");
        edit(db, seededRandom(seed));
        db.exec("PRAGMA journal_mode = DELETE");
      } finally {
        db.close();
      }
      packDatabase(fs.readFileSync(dbPath), target);
      fs.rmSync(dbPath, { force: true });
    },
  };
}

/**
 * A byte-level damage of the whole decompressed database or of the c1z itself. A
 * `checksummed-database` is damaged before compressing into a frame with a checksum, as a
 * faulty writer would: nothing in the envelope shows it.
 */
function bytesDamage(
  name: string,
  edit: (bytes: Buffer, random: () => number) => Buffer,
  level: "database" | "checksummed-database" | "envelope",
  mustRefuse = false,
): Damage {
  return {
    name,
    ...(mustRefuse ? { mustRefuse } : {}),
    apply(source, target, seed) {
      const random = seededRandom(seed);
      if (level === "envelope") fs.writeFileSync(target, edit(fs.readFileSync(source), random));
      else packDatabase(edit(unpackDatabase(source), random), target, level === "checksummed-database");
    },
  };
}

const hasColumn = (db: DatabaseSync, table: string, column: string): boolean =>
  db.prepare("SELECT 1 FROM pragma_table_info(?) WHERE name = ?").get(table, column) !== undefined;

/** A random row of `table` that has a non-empty `column`, as [rowid, value]. */
function randomRow(
  db: DatabaseSync,
  table: string,
  column: string,
  random: () => number,
): [number, unknown] | undefined {
  // Older files (Baton's among them) may lack the column: nothing to damage then.
  if (!hasColumn(db, table, column)) return undefined;
  const rows = db.prepare(`SELECT id, ${column} AS value FROM ${table} WHERE length(${column}) > 0`).all();
  if (rows.length === 0) return undefined;
  const row = pick(rows, random);
  return [Number(row["id"]), row["value"]];
}

function updateRow(db: DatabaseSync, table: string, column: string, id: number, value: SQLInputValue): void {
  db.prepare(`UPDATE ${table} SET ${column} = ? WHERE id = ?`).run(value, id);
}

function editBlob(table: string, column: string, change: (blob: Buffer, random: () => number) => Buffer): DatabaseEdit {
  return (db, random) => {
    const found = randomRow(db, table, column, random);
    if (!found) return;
    const [id, value] = found;
    updateRow(db, table, column, id, change(Buffer.from(value as Uint8Array), random));
  };
}

function flipBytes(bytes: Buffer, random: () => number): Buffer {
  const out = Buffer.from(bytes);
  const flips = 1 + Math.floor(random() * 3);
  for (let i = 0; i < flips; i++) {
    const at = Math.floor(random() * out.length);
    out[at] = out[at]! ^ (1 + Math.floor(random() * 255));
  }
  return out;
}

const truncate = (bytes: Buffer, random: () => number): Buffer =>
  bytes.subarray(0, Math.floor(random() * bytes.length));

/** Replaces one byte of a printable run (most likely inside a string field) with 0xff, which UTF-8 never holds. */
function badUtf8(bytes: Buffer, random: () => number): Buffer {
  const out = Buffer.from(bytes);
  const printable = [...out.keys()].filter((i) => out[i]! >= 0x61 && out[i]! <= 0x7a);
  out[printable.length > 0 ? pick(printable, random) : Math.floor(random() * out.length)] = 0xff;
  return out;
}

/** Rebuilds `table` without `column` (ALTER TABLE DROP COLUMN refuses indexed columns). */
function dropColumn(table: string, column: string): DatabaseEdit {
  return (db) => {
    const columns = db
      .prepare("SELECT name FROM pragma_table_info(?)")
      .all(table)
      .map((row) => String(row["name"]));
    if (!columns.includes(column)) return;
    const kept = columns.filter((name) => name !== column).join(", ");
    db.exec(
      `CREATE TABLE damaged_copy AS SELECT ${kept} FROM ${table}; DROP TABLE ${table}; ALTER TABLE damaged_copy RENAME TO ${table};`,
    );
  };
}

/** Sets `column` of one random row of `table` to `value`, whatever the column's type. */
function setColumn(table: string, column: string, value: (random: () => number) => SQLInputValue): DatabaseEdit {
  return (db, random) => {
    if (!hasColumn(db, table, column)) return;
    const found = randomRow(db, table, column, random) ?? randomRow(db, table, "id", random);
    if (found) updateRow(db, table, column, found[0], value(random));
  };
}

const WRONG_VALUES: ReadonlyArray<[string, (random: () => number) => SQLInputValue]> = [
  ["integer", (random) => Math.floor(random() * 1000)],
  ["real", () => 3.5],
  ["text", () => "not protobuf, just text"],
  ["empty", () => new Uint8Array(0)],
  ["blob", () => new Uint8Array([0xff, 0xfe, 0x00, 0x80])],
];

function rowDamages(): Damage[] {
  const damages: Damage[] = [];
  for (const table of ROW_TABLES) {
    damages.push(databaseDamage(`flip-data:${table}`, editBlob(table, "data", flipBytes)));
    damages.push(databaseDamage(`truncate-data:${table}`, editBlob(table, "data", truncate)));
    damages.push(databaseDamage(`bad-utf8-data:${table}`, editBlob(table, "data", badUtf8)));
    damages.push(databaseDamage(`drop-column-data:${table}`, dropColumn(table, "data")));
    damages.push(databaseDamage(`drop-column-external_id:${table}`, dropColumn(table, "external_id")));
    damages.push(databaseDamage(`drop-column-id:${table}`, dropColumn(table, "id")));
    damages.push(databaseDamage(`drop-table:${table}`, (db) => db.exec(`DROP TABLE ${table}`)));
    damages.push(
      databaseDamage(`delete-row:${table}`, (db, random) => {
        const found = randomRow(db, table, "id", random);
        if (found) db.prepare(`DELETE FROM ${table} WHERE id = ?`).run(found[0]);
      }),
    );
    for (const [kind, value] of WRONG_VALUES)
      damages.push(databaseDamage(`wrong-type-data-${kind}:${table}`, setColumn(table, "data", value)));
    for (const column of TEXT_COLUMNS[table]) {
      damages.push(
        databaseDamage(
          `wrong-type-${column}:${table}`,
          setColumn(table, column, (random) => pick(WRONG_VALUES, random)[1](random)),
        ),
      );
    }
  }
  damages.push(databaseDamage("flip-expansion:v1_grants", editBlob("v1_grants", "expansion", flipBytes)));
  damages.push(databaseDamage("truncate-expansion:v1_grants", editBlob("v1_grants", "expansion", truncate)));
  damages.push(
    databaseDamage(
      "wrong-type-expansion:v1_grants",
      setColumn("v1_grants", "expansion", (random) => pick(WRONG_VALUES, random)[1](random)),
    ),
  );
  damages.push(databaseDamage("drop-column-expansion:v1_grants", dropColumn("v1_grants", "expansion")));
  return damages;
}

function syncRunDamages(): Damage[] {
  const table = "v1_sync_runs";
  const damages: Damage[] = [];
  for (const column of ["sync_id", "started_at", "ended_at", "sync_type", "parent_sync_id", "stats", "sync_token"]) {
    damages.push(
      databaseDamage(
        `wrong-type-${column}:${table}`,
        setColumn(table, column, (random) => pick(WRONG_VALUES, random)[1](random)),
      ),
    );
  }
  damages.push(
    databaseDamage(`garbage-times:${table}`, (db) =>
      db.exec(`UPDATE ${table} SET started_at = 'yesterday', ended_at = '9999-99-99 99:99:99'`),
    ),
  );
  damages.push(
    databaseDamage(`huge-times:${table}`, (db) =>
      db.exec(`UPDATE ${table} SET started_at = '275760-09-13 00:00:01', ended_at = '-271821-04-20 00:00:00'`),
    ),
  );
  damages.push(
    databaseDamage(`bad-stats:${table}`, (db) => {
      if (hasColumn(db, table, "stats"))
        db.exec(`UPDATE ${table} SET stats = '{"resources": "many", "resources_by_resource_type": [1, 2]'`);
    }),
  );
  damages.push(databaseDamage(`no-sync-runs:${table}`, (db) => db.exec(`DELETE FROM ${table}`)));
  damages.push(databaseDamage(`drop-column-sync_id:${table}`, dropColumn(table, "sync_id")));
  damages.push(databaseDamage(`drop-column-started_at:${table}`, dropColumn(table, "started_at")));
  damages.push(databaseDamage(`drop-table:${table}`, (db) => db.exec(`DROP TABLE ${table}`)));
  return damages;
}

const SQLITE_PAGE = 4096;

/**
 * The c1z with a frame header declaring a content size `random` bytes off the truth (RFC 8878
 * §3.1.1.1): a 4-byte size is changed; a header without one (Baton's writer may leave it out)
 * gains one. Files idsync and Baton write have one of these two headers.
 */
function wrongDeclaredSize(bytes: Buffer, random: () => number): Buffer {
  const frame = bytes.subarray(MAGIC_LENGTH);
  const actual = zlib.zstdDecompressSync(frame).length;
  const off = 1 + Math.floor(random() * 4096);
  const declared = random() < 0.5 && actual > off ? actual - off : actual + off;
  const descriptor = frame[4]!;
  const size = Buffer.alloc(4);
  size.writeUInt32LE(declared);
  // Descriptor bits: 7-6 size field width, 5 single segment, 1-0 dictionary id width.
  if (descriptor >> 6 === 2) {
    const sizeAt = 5 + ((descriptor & 0x20) !== 0 ? 0 : 1) + [0, 1, 2, 4][descriptor & 0x03]!;
    return Buffer.concat([bytes.subarray(0, MAGIC_LENGTH + sizeAt), size, frame.subarray(sizeAt + 4)]);
  }
  if ((descriptor & 0xe3) === 0) {
    // No size, a window descriptor and no dictionary id: the size field goes after the window.
    return Buffer.concat([
      bytes.subarray(0, MAGIC_LENGTH + 4),
      Buffer.from([descriptor | 0x80, frame[5]!]),
      size,
      frame.subarray(6),
    ]);
  }
  throw new Error(`wrong-declared-size: a frame descriptor ${descriptor.toString(16)} this damage does not handle`);
}

/** Eight bytes flipped in the pages past the header page. */
function flipPages(bytes: Buffer, random: () => number): Buffer {
  const out = Buffer.from(bytes);
  for (let i = 0; i < 8; i++) {
    const at = SQLITE_PAGE + Math.floor(random() * (out.length - SQLITE_PAGE));
    out[at] = out[at]! ^ (1 + Math.floor(random() * 255));
  }
  return out;
}

function envelopeDamages(): Damage[] {
  return [
    // Page damage past the header page: quick_check finds some, row decoding the rest.
    bytesDamage("flip-pages", flipPages, "database"),
    // The same under a checksum: no check at open, so SQLite's errors and row decoding find it.
    bytesDamage("flip-pages-checksummed", flipPages, "checksummed-database"),
    bytesDamage(
      "truncate-database",
      (bytes, random) => bytes.subarray(0, 100 + Math.floor(random() * (bytes.length - 100))),
      "database",
    ),
    bytesDamage(
      "truncate-file",
      (bytes, random) => bytes.subarray(0, MAGIC_LENGTH + Math.floor(random() * (bytes.length - MAGIC_LENGTH))),
      "envelope",
    ),
    bytesDamage(
      "flip-compressed",
      (bytes, random) => {
        const out = Buffer.from(bytes);
        const at = MAGIC_LENGTH + Math.floor(random() * (out.length - MAGIC_LENGTH));
        out[at] = out[at]! ^ (1 + Math.floor(random() * 255));
        return out;
      },
      "envelope",
    ),
    // A c1z is one frame and nothing after it (baton-sdk pkg/dotc1z/decoder.go reads to EOF).
    bytesDamage(
      "trailing-bytes",
      (bytes, random) => Buffer.concat([bytes, Buffer.from([Math.floor(random() * 256), 0x00, 0x42])]),
      "envelope",
      true,
    ),
    bytesDamage(
      "second-frame",
      (bytes) => Buffer.concat([bytes, zlib.zstdCompressSync(Buffer.from("more"))]),
      "envelope",
      true,
    ),
    bytesDamage("wrong-declared-size", wrongDeclaredSize, "envelope", true),
  ];
}

/** Every kind of damage, in a fixed order. */
export const DAMAGES: readonly Damage[] = [...rowDamages(), ...syncRunDamages(), ...envelopeDamages()];

/**
 * Writes `count` damaged copies of `source` into `folder`, cycling through the damages with
 * seeds from `firstSeed`. Returns each file with the name of its damage and seed.
 */
export function damagedCopies(
  source: string,
  folder: string,
  count = DAMAGES.length,
  firstSeed = 1,
): Array<{ file: string; damage: string; mustRefuse: boolean }> {
  const made: Array<{ file: string; damage: string; mustRefuse: boolean }> = [];
  for (let i = 0; i < count; i++) {
    const damage = DAMAGES[i % DAMAGES.length]!;
    const seed = firstSeed + i;
    const file = path.join(folder, `damaged-${i}.c1z`);
    damage.apply(source, file, seed);
    made.push({ file, damage: `${damage.name} (seed ${seed})`, mustRefuse: damage.mustRefuse === true });
  }
  return made;
}

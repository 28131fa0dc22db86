/**
 * The store alone, without a connector or the network. Prints one JSON line per section:
 * - `encode`: resources and grants a second through the generated codec (`toBinary` on
 *   @bufbuild/protobuf messages) and through the store's encoders;
 * - `decode`: the same rows, once encoded, a second back to the model through the generated
 *   codec (`fromBinary`) and through the store's decoders (`_fast-decode.ts`), as the sync reads
 *   users back for its grants phase and the reader iterates rows;
 * - `writer`: rows a second through `C1zWriter` against plain `node:sqlite` inserts of the same
 *   rows into the same schema, encoding included (the store's encoders, the fastest correct), at
 *   each size given: the same pragmas and transaction size, a fresh database per run, one
 *   untimed run of each first (JIT and page cache warm), then five of each taken in turn, and
 *   the median of each;
 * - `save`: `save()` time and the c1z's compression against the `zstd` CLI on the same database
 *   (skipped, and said so, when `zstd` is not installed).
 *
 *   node bench/store.ts [--users N[,N…]] [--section encode|decode|writer|save]
 *
 * `encode`, `decode` and `save` use the largest size. Rates are per CPU second of this process (SQLite's
 * work included: it runs on this thread), the median of repeated runs: on a shared machine wall
 * time includes waiting for a core, and a single run is at the mercy of its neighbours.
 *
 * Not run by the tests.
 */
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { DatabaseSync } from "node:sqlite";
import { parseArgs } from "node:util";
import { C1zWriter, decodeGrant, decodeResource, encodeGrant, encodeResource, resourceKey } from "../src/core/index.ts";
import { generatedDecoders, generatedEncoders } from "../src/core/model/codec.ts";
import { packC1z, unpackC1z } from "../src/core/c1z/_envelope.ts";
import { applySchema, TABLES } from "../src/core/c1z/_schema.ts";
import { storeRows, type StoreRows } from "./_store-rows.ts";

const { values } = parseArgs({
  options: { users: { type: "string", default: "1000,10000,100000" }, section: { type: "string" } },
});
const sizes = values.users.split(",").map(Number);
if (sizes.some((size) => !Number.isInteger(size) || size < 1))
  throw new Error(`--users takes user counts separated by commas; got ${values.users}`);
const users = Math.max(...sizes);
const print = (line: object): void => void process.stdout.write(`${JSON.stringify(line)}\n`);
const round = (n: number): number => Math.round(n);
const seconds = (ms: number): number => Number((ms / 1000).toFixed(3));

/** CPU milliseconds `run` takes: on a shared machine, wall time includes waiting for a core. */
function timed(run: () => void): number {
  const before = process.cpuUsage();
  run();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

/** Timed runs per figure; the figure is their median. */
const RUNS = 5;
const median = (list: number[]): number => [...list].sort((a, b) => a - b)[list.length >> 1]!;

/** The median CPU time of five runs after an untimed one (the JIT's warm-up). */
function medianOf(run: () => void): number {
  run();
  return median(Array.from({ length: RUNS }, () => timed(run)));
}

function encodeSection(rows: StoreRows): void {
  const generatedResources = medianOf(() => rows.users.forEach((u) => generatedEncoders.resource(u)));
  const fastResources = medianOf(() => rows.users.forEach((u) => encodeResource(u)));
  const generatedGrants = medianOf(() =>
    rows.grants.forEach((g) => generatedEncoders.grant(g, { omitExpandable: true })),
  );
  const fastGrants = medianOf(() => rows.grants.forEach((g) => encodeGrant(g, { omitExpandable: true })));
  print({
    bench: "store.encode",
    users,
    ...generatedVsStore(generatedResources, fastResources, generatedGrants, fastGrants),
  });
}

function decodeSection(rows: StoreRows): void {
  const storedUsers = rows.users.map((u) => encodeResource(u));
  const storedGrants = rows.grants.map((g) => encodeGrant(g, { omitExpandable: true }));
  const generatedResources = medianOf(() => storedUsers.forEach((bytes) => generatedDecoders.resource(bytes)));
  const fastResources = medianOf(() => storedUsers.forEach((bytes) => decodeResource(bytes)));
  const generatedGrants = medianOf(() => storedGrants.forEach((bytes) => generatedDecoders.grant(bytes)));
  const fastGrants = medianOf(() => storedGrants.forEach((bytes) => decodeGrant(bytes)));
  print({
    bench: "store.decode",
    users,
    ...generatedVsStore(generatedResources, fastResources, generatedGrants, fastGrants),
  });
}

/** The writer's transaction size (`MAX_ROWS_PER_TRANSACTION` in `_row-writer.ts`). */
const TRANSACTION_ROWS = 5_000;
/** A sync id as long as the writer's KSUIDs, so both indexes hold keys of the same size. */
const RAW_SYNC_ID = "0".repeat(27);

/** The baseline: plain INSERTs in transactions of the writer's size, rows encoded here. */
function rawInserts(dbPath: string, rows: StoreRows): number {
  const db = new DatabaseSync(dbPath);
  // The working database's pragmas (`_working-db.ts`).
  db.exec(
    "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA wal_autocheckpoint = 10000; PRAGMA cache_size = -65536",
  );
  applySchema(db);
  const now = "2026-01-01 00:00:00.000";
  const resource = db.prepare(
    `INSERT INTO ${TABLES.resources} (resource_type_id, external_id, parent_resource_type_id, parent_resource_id, data, sync_id, discovered_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const grant = db.prepare(
    `INSERT INTO ${TABLES.grants} (resource_type_id, resource_id, entitlement_id, principal_resource_type_id, principal_resource_id, external_id, expansion, needs_expansion, data, sync_id, discovered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const ms = timed(() => {
    const inBatches = <T>(list: T[], insert: (item: T) => void): void => {
      for (let i = 0; i < list.length; i += TRANSACTION_ROWS) {
        db.exec("BEGIN");
        const end = Math.min(list.length, i + TRANSACTION_ROWS);
        for (let n = i; n < end; n++) insert(list[n]!);
        db.exec("COMMIT");
      }
    };
    inBatches(rows.users, (u) =>
      resource.run(u.id.resourceType, resourceKey(u.id), null, null, encodeResource(u), RAW_SYNC_ID, now),
    );
    inBatches(rows.grants, (g) =>
      grant.run(
        g.entitlement.resource.id.resourceType,
        g.entitlement.resource.id.resource,
        g.entitlement.id,
        g.principal.id.resourceType,
        g.principal.id.resource,
        g.id,
        null,
        0,
        encodeGrant(g, { omitExpandable: true }),
        RAW_SYNC_ID,
        now,
      ),
    );
  });
  db.close();
  return ms;
}

async function throughWriter(target: string, rows: StoreRows): Promise<{ ms: number; writer: C1zWriter }> {
  const writer = await C1zWriter.open(target);
  writer.startSync();
  const ms = timed(() => {
    writer.putResources(rows.users);
    writer.putGrants(rows.grants);
    writer.flush();
  });
  return { ms, writer };
}

/** Raw inserts and the writer taken in turn, each on a fresh database; the first pair is not counted. */
async function writerSection(folder: string, allRows: StoreRows, size: number): Promise<void> {
  const rows = { ...allRows, users: allRows.users.slice(0, size), grants: allRows.grants.slice(0, size) };
  const raw: number[] = [];
  const ours: number[] = [];
  for (let run = 0; run <= RUNS; run++) {
    const dir = fs.mkdtempSync(path.join(folder, "writer-"));
    const rawMs = rawInserts(path.join(dir, "raw.db"), rows);
    const { ms, writer } = await throughWriter(path.join(dir, "writer.c1z"), rows);
    writer.discard();
    fs.rmSync(dir, { recursive: true, force: true });
    if (run === 0) continue;
    raw.push(rawMs);
    ours.push(ms);
  }
  const total = rows.users.length + rows.grants.length;
  const rate = (elapsed: number): number => round((total * 1000) / elapsed);
  print({
    bench: "store.writer",
    users: size,
    rows: total,
    rowsPerSecond: {
      writer: rate(median(ours)),
      rawInsertsWithEncoding: rate(median(raw)),
      ratio: Number((median(raw) / median(ours)).toFixed(2)),
    },
    cpuMs: { writer: ours.map(round), raw: raw.map(round) },
  });
}

async function saveSection(folder: string, rows: StoreRows): Promise<void> {
  const target = path.join(folder, "save.c1z");
  const { writer } = await throughWriter(target, rows);
  writer.putEntitlements(rows.entitlements);
  writer.endSync();
  const saveMs = await (async () => {
    const started = performance.now();
    await writer.save();
    return performance.now() - started;
  })();
  const db = path.join(folder, "saved.db");
  await unpackC1z(target, db);
  const dbBytes = fs.statSync(db).size;
  const repacked = path.join(folder, "repacked.c1z");
  const packStarted = performance.now();
  await packC1z(db, repacked);
  const packMs = performance.now() - packStarted;
  const line: Record<string, unknown> = {
    bench: "store.save",
    users,
    databaseBytes: dbBytes,
    saveSeconds: seconds(saveMs),
    idsync: {
      compressSeconds: seconds(packMs),
      bytes: fs.statSync(repacked).size,
      ratio: Number((dbBytes / fs.statSync(repacked).size).toFixed(2)),
    },
  };
  if (spawnSync("zstd", ["--version"]).status !== 0) {
    line["zstdCli"] = "skipped: zstd is not installed";
  } else {
    const out = path.join(folder, "cli.zst");
    const started = performance.now();
    // Level 3 and one thread, as the store compresses; a checksum, as the store writes one.
    execFileSync("zstd", ["-q", "-3", "-T1", "--check", "-f", db, "-o", out]);
    const cliMs = performance.now() - started;
    const bytes = fs.statSync(out).size;
    line["zstdCli"] = { compressSeconds: seconds(cliMs), bytes, ratio: Number((dbBytes / bytes).toFixed(2)) };
  }
  print(line);
}

const folder = fs.mkdtempSync(path.join(os.tmpdir(), "idsync-bench-store-"));
try {
  const rows = storeRows(users);
  const sections = values.section ? [values.section] : ["encode", "decode", "writer", "save"];
  for (const section of sections) {
    if (section === "encode") encodeSection(rows);
    else if (section === "decode") decodeSection(rows);
    else if (section === "writer") for (const size of sizes) await writerSection(folder, rows, size);
    else if (section === "save") await saveSection(folder, rows);
    else throw new Error(`unknown section ${section}: encode, decode, writer or save`);
  }
} finally {
  fs.rmSync(folder, { recursive: true, force: true });
}

/** Rates a second for `users` rows, from the median milliseconds of each path, and how much faster the store's is. */
function generatedVsStore(
  generatedResources: number,
  storeResources: number,
  generatedGrants: number,
  storeGrants: number,
) {
  const rate = (ms: number): number => round((users * 1000) / ms);
  const compared = (generated: number, store: number) => ({
    generated: rate(generated),
    store: rate(store),
    speedup: Number((generated / store).toFixed(1)),
  });
  return {
    resourcesPerSecond: compared(generatedResources, storeResources),
    grantsPerSecond: compared(generatedGrants, storeGrants),
  };
}

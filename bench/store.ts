/**
 * The store alone, without a connector or the network. Prints one JSON line per section:
 * - `encode`: resources and grants a second through the generated codec (`toBinary` on
 *   @bufbuild/protobuf messages) and through the store's encoders;
 * - `writer`: rows a second through `C1zWriter` against plain `node:sqlite` inserts of the same
 *   rows into the same schema, encoding included (the store's encoders, the fastest correct);
 * - `save`: `save()` time and the c1z's compression against the `zstd` CLI on the same database
 *   (skipped, and said so, when `zstd` is not installed).
 *
 *   node bench/store.ts [--users N] [--section encode|writer|save]
 *
 * Rates are per CPU second of this process (SQLite's work included: it runs on this thread).
 *
 * Not run by the tests.
 */
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { DatabaseSync } from "node:sqlite";
import { parseArgs } from "node:util";
import { C1zWriter, encodeGrant, encodeResource, resourceKey } from "../src/core/index.ts";
import { generatedEncoders } from "../src/core/model/codec.ts";
import { packC1z, unpackC1z } from "../src/core/c1z/_envelope.ts";
import { applySchema, TABLES } from "../src/core/c1z/_schema.ts";
import { storeRows, type StoreRows } from "./_store-rows.ts";

const { values } = parseArgs({ options: { users: { type: "string", default: "100000" }, section: { type: "string" } } });
const users = Number(values.users);
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

/** The fastest of three runs: the figure least disturbed by other work on the machine. */
function bestOf(run: () => void): number {
  return Math.min(timed(run), timed(run), timed(run));
}

function encodeSection(rows: StoreRows): void {
  const generatedResources = bestOf(() => rows.users.forEach((u) => generatedEncoders.resource(u)));
  const fastResources = bestOf(() => rows.users.forEach((u) => encodeResource(u)));
  const generatedGrants = bestOf(() => rows.grants.forEach((g) => generatedEncoders.grant(g, { omitExpandable: true })));
  const fastGrants = bestOf(() => rows.grants.forEach((g) => encodeGrant(g, { omitExpandable: true })));
  const rate = (ms: number): number => round((users * 1000) / ms);
  print({
    bench: "store.encode",
    users,
    resourcesPerSecond: { generated: rate(generatedResources), store: rate(fastResources), speedup: Number((generatedResources / fastResources).toFixed(1)) },
    grantsPerSecond: { generated: rate(generatedGrants), store: rate(fastGrants), speedup: Number((generatedGrants / fastGrants).toFixed(1)) },
  });
}

const TRANSACTION_ROWS = 5_000;

/** The baseline: plain INSERTs in transactions of the writer's size, rows encoded here. */
function rawInserts(dbPath: string, rows: StoreRows): number {
  const db = new DatabaseSync(dbPath);
  db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA wal_autocheckpoint = 10000; PRAGMA cache_size = -65536");
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
        for (const item of list.slice(i, i + TRANSACTION_ROWS)) insert(item);
        db.exec("COMMIT");
      }
    };
    inBatches(rows.users, (u) => resource.run(u.id.resourceType, resourceKey(u.id), null, null, encodeResource(u), "sync", now));
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
        "sync",
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

async function writerSection(folder: string, rows: StoreRows): Promise<void> {
  const rawMs = rawInserts(path.join(folder, "raw.db"), rows);
  const { ms, writer } = await throughWriter(path.join(folder, "writer.c1z"), rows);
  writer.discard();
  const total = rows.users.length + rows.grants.length;
  const rate = (elapsed: number): number => round((total * 1000) / elapsed);
  print({
    bench: "store.writer",
    rows: total,
    rowsPerSecond: { writer: rate(ms), rawInsertsWithEncoding: rate(rawMs), ratio: Number((rawMs / ms).toFixed(2)) },
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
    databaseBytes: dbBytes,
    saveSeconds: seconds(saveMs),
    idsync: { compressSeconds: seconds(packMs), bytes: fs.statSync(repacked).size, ratio: Number((dbBytes / fs.statSync(repacked).size).toFixed(2)) },
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
  const sections = values.section ? [values.section] : ["encode", "writer", "save"];
  for (const section of sections) {
    if (section === "encode") encodeSection(rows);
    else if (section === "writer") await writerSection(folder, rows);
    else if (section === "save") await saveSection(folder, rows);
    else throw new Error(`unknown section ${section}: encode, writer or save`);
  }
} finally {
  fs.rmSync(folder, { recursive: true, force: true });
}

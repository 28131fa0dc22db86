/**
 * @module
 * `idsync demo`: the whole of idsync with no account anywhere. It serves a simulated tenant of
 * each registered product (src/cli/products.ts) on 127.0.0.1, syncs each into `<out>/<app>.c1z`,
 * changes the tenants (joiners,
 * leavers, role changes), syncs again into the same files, and prints what an access review
 * asks first — users, admins, pending invites, service accounts, groups and roles per app —
 * and what changed between the two syncs.
 */
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import {
  countOf,
  C1zReader,
  checkFolderToWrite,
  ConfigError,
  EXIT_CODES,
  createLogger,
  resolveSettings,
  syncToFile,
  type ConnectorDefinition,
  type Resource,
} from "../../core/index.ts";
import {
  SyncLookup,
  diffSummary,
  diffSyncs,
  resourceChangeTexts,
  reviewCounts,
  reviewSync,
  syncPairInFile,
  syncStats,
  userFacts,
  type SyncDiff,
} from "../../review/index.ts";
import { serve, type ServedHandler, type Simulator } from "../../simulators/index.ts";
import { defineCommand } from "../command.ts";
import type { CliIo } from "../io.ts";
import { Sink } from "../output/sink.ts";
import { TableWriter } from "../output/table.ts";
import { productNames, simulatedProducts, type SimulatedProduct } from "../products.ts";
import { createProgressDisplay } from "../progress.ts";

/** The demo over `products`; `idsync demo` is {@link demoCommand}, over every registered one. */
export function demoCommandFor(products: readonly SimulatedProduct[]) {
  return defineCommand({
    name: "idsync demo",
    summary: "sync a simulated tenant of each product twice and summarise them (no account needed)",
    usage: ["[--out DIR] [--seed N] [--users N]"],
    description: `Serve a simulated tenant of each product (${productNames(products.map((product) => product.connector))}) on 127.0.0.1, sync each into DIR/<app>.c1z, change the tenants (joiners, leavers, role changes), sync again, and summarise.`,
    flags: {
      out: {
        type: "string",
        value: "DIR",
        description: "where the c1z files go; earlier demo files there are replaced",
        default: "demo",
      },
      seed: {
        type: "string",
        value: "N",
        description: "tenant seed: the same seed gives the same tenants",
        default: "1",
      },
      users: { type: "string", value: "N", description: "people per tenant (default: each simulator's own, about 60)" },
    },
    run: ({ values }, io) => demo(values, io, products),
  });
}

export const demoCommand = demoCommandFor(simulatedProducts());

interface App {
  definition: ConnectorDefinition;
  simulator: Simulator;
  served: ServedHandler;
  file: string;
}

function wholeNumber(value: string | undefined, flag: string, fallback: number | undefined): number | undefined {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1)
    throw new ConfigError(`--${flag} must be a whole number above 0, got "${value}"`);
  return number;
}

async function startApps(
  products: readonly SimulatedProduct[],
  out: string,
  seed: number,
  users: number | undefined,
): Promise<App[]> {
  const apps: App[] = [];
  for (const { connector: definition, simulator: simulatorDefinition } of products) {
    const simulator = simulatorDefinition.create({ seed, ...(users ? { users } : {}) });
    const served = await serve(simulator.handler);
    apps.push({ definition, simulator, served, file: join(out, `${definition.name}.c1z`) });
  }
  return apps;
}

async function syncApp(app: App, round: string, io: CliIo): Promise<string> {
  const { definition } = app;
  const settings = resolveSettings(definition.settings, {
    connector: definition.name,
    flags: app.simulator.settings(app.served.origin),
    env: {},
  });
  const progress = createProgressDisplay(`${round} · ${definition.name}`, io.stderr);
  // Warnings only, readable: the demo's own lines say what happens. Through the display, which
  // clears its live line before each log line.
  const logger = createLogger({ level: "warn", format: "console", stream: progress.logStream });
  try {
    const summary = await syncToFile({
      connector: definition.create(settings, { logger: logger.child({ connector: definition.name }) }),
      file: app.file,
      logger,
      onProgress: (event) => progress.update(event),
      ...(io.signal ? { signal: io.signal } : {}),
    });
    const { stats } = summary;
    const types = Object.entries(stats.resourcesByType).map(([type, count]) => countOf(count, type));
    return `  ${definition.name.padEnd(10)} ${types.join(" · ")} · ${countOf(stats.grants, "grant")} → ${app.file} (${(summary.durationMs / 1000).toFixed(1)}s)\n`;
  } finally {
    progress.stop();
  }
}

async function reviewTable(apps: App[], sink: Sink, width: number | undefined): Promise<void> {
  const table = new TableWriter(
    sink,
    [
      { header: "APP" },
      { header: "USERS", align: "right" },
      { header: "ADMINS", align: "right" },
      { header: "PENDING INVITES", align: "right" },
      { header: "DORMANT", align: "right" },
      { header: "DISABLED", align: "right" },
      { header: "SERVICE ACCOUNTS", align: "right" },
      { header: "GROUPS", align: "right" },
      { header: "ROLES", align: "right" },
    ],
    width,
  );
  for (const app of apps) {
    const reader = await C1zReader.open(app.file);
    try {
      const sync = reader.resolveSync();
      const { users } = syncStats(reader, sync);
      const findings = reviewCounts(reviewSync(reader, sync));
      const types = [...reader.resourceTypes(sync.id)];
      const countWith = (trait: "group" | "role") =>
        types
          .filter((type) => type.traits.includes(trait))
          .reduce((sum, type) => sum + reader.countResources(sync.id, { resourceType: type.id }), 0);
      await table.add([
        app.definition.name,
        String(users.total),
        String(findings.admins),
        String(findings.pendingInvites),
        // Unknown where the app records no logins (Clockify, Codefresh): not the same as none.
        findings.dormant === null ? "–" : String(findings.dormant),
        String(users.byStatus.disabled - users.pendingInvites),
        String(users.byAccountType.service),
        String(countWith("group")),
        String(countWith("role")),
      ]);
    } finally {
      reader.close();
    }
  }
  await table.end();
}

/** "Ann Lee <ann@acme.example>", or just the email when the name is the email. */
function who(resource: Resource): string {
  const email = userFacts(resource)?.email;
  const name = resource.displayName || resource.id.resource;
  return email && email !== name ? `${name} <${email}>` : name;
}

/**
 * A few lines naming who joined, left or changed, under the diff's summary line, in words
 * ("became Workspace Admin (role)"). The profile is left out when other fields or the access
 * already say what changed: it repeats them (a new admin's profile lists the new role).
 */
function changeLines(diff: SyncDiff, lookups: { old: SyncLookup; new: SyncLookup }, limit = 6): string[] {
  const lines: string[] = [];
  for (const user of diff.users.added) lines.push(`+ ${who(user)} joined`);
  for (const user of diff.users.removed) lines.push(`- ${who(user)} left`);
  for (const change of diff.users.changed) {
    const named = change.changes.filter((c) => c.field !== "profile");
    const fields =
      named.length > 0 || change.accessAdded.length + change.accessRemoved.length > 0 ? named : change.changes;
    lines.push(`~ ${who(change.new)}: ${resourceChangeTexts(change, lookups, { fields }).join("; ")}`);
  }
  const shown = lines.slice(0, limit).map((line) => `      ${line}\n`);
  if (lines.length > limit) shown.push(`      … and ${lines.length - limit} more (idsync diff shows all)\n`);
  return shown;
}

async function demo(
  values: { out: string; seed: string; users?: string | undefined },
  io: CliIo,
  products: readonly SimulatedProduct[],
): Promise<number> {
  const out = values.out;
  const seed = wholeNumber(values.seed, "seed", 1)!;
  const users = wholeNumber(values.users, "users", undefined);
  const sink = new Sink(io.stdout, io.signal);
  const width = io.stdout.isTTY ? io.stdout.columns : undefined;

  checkFolderToWrite(out, { setting: "out" });
  mkdirSync(out, { recursive: true });
  const apps = await startApps(products, out, seed, users);
  try {
    for (const app of apps) rmSync(app.file, { force: true });
    await sink.write(
      `idsync demo: ${apps.length} simulated tenants on 127.0.0.1, synced, changed and synced again.\n\n`,
    );
    await sink.write("First sync\n");
    for (const app of apps) {
      await sink.write(await syncApp(app, "first sync", io));
      await sink.flush();
    }

    await sink.write("\nChanging the tenants: joiners, leavers, role and membership changes\n\nSecond sync\n");
    for (const app of apps) app.simulator.mutate();
    for (const app of apps) {
      await sink.write(await syncApp(app, "second sync", io));
      await sink.flush();
    }

    await sink.write("\nAccess review, second sync\n");
    await reviewTable(apps, sink, width);

    await sink.write("\nWhat changed since the first sync\n");
    for (const app of apps) {
      const reader = await C1zReader.open(app.file);
      try {
        const pair = syncPairInFile(reader);
        const diff = await diffSyncs(
          { reader, sync: pair.old },
          { reader, sync: pair.new },
          io.signal ? { signal: io.signal } : {},
        );
        await sink.write(`  ${app.definition.name.padEnd(10)} ${diffSummary(diff)}\n`);
        const lookups = { old: new SyncLookup(reader, pair.old.id), new: new SyncLookup(reader, pair.new.id) };
        for (const line of changeLines(diff, lookups)) await sink.write(line);
      } finally {
        reader.close();
      }
    }

    const files = apps.map((app) => `-f ${app.file}`).join(" ");
    const first = apps[0]?.file ?? join(out, "<app>.c1z");
    await sink.write(
      `\nLook closer:\n` +
        `  npx idsync review ${files}\n` +
        `  npx idsync resources -f ${first} -t user\n` +
        `  npx idsync diff ${first}\n` +
        `  npx idsync export csv ${files} --out ${join(out, "access.csv")}\n`,
    );
    await sink.flush();
    return EXIT_CODES.ok;
  } finally {
    await Promise.all(apps.map((app) => app.served.close()));
  }
}

/**
 * @module
 * The conformance suite every connector + simulator pair runs (STYLE.md habit 8). It checks
 * what any connector owes its users, whatever the product: paging ends and returns every
 * seeded item; every grant points at an emitted entitlement and principal; ids follow Baton's
 * forms; 401/403/429 become the right error kinds and exit codes; retried faults change
 * nothing; two syncs give the same bytes; and no secret appears in any output.
 */
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { zstdDecompressSync } from "node:zlib";
import {
  _clearSecretsForTests,
  EXIT_CODES,
  entitlementId,
  envVarName,
  grantId,
  isIdsyncError,
  resourceKey,
  silentLogger,
  type ConnectorDefinition,
  type ErrorKind,
} from "../core/index.ts";
import { runConnectorCommand } from "../cli/connector-command.ts";
import { captureStream } from "../cli/io.ts";
import type { Simulator, SimulatorDefinition, SimulatorOptions } from "../simulators/index.ts";
import { FAST_HTTP, openC1z, serveSimulator, settingsFrom, syncWith, tempDir } from "./harness.ts";

export interface ConformanceSubject {
  definition: ConnectorDefinition;
  simulator: SimulatorDefinition;
  /** @default {} (the simulator's default tenant) */
  simulatorOptions?: SimulatorOptions;
  /** Resources per resource type the tenant must yield, worked out from the simulator's tenant. */
  expectedCounts(simulator: Simulator): Record<string, number>;
  /** The same settings with a key the API refuses (401). */
  badCredentials(settings: Record<string, string>, simulator: Simulator): Record<string, string>;
  /** Settings whose key works but lacks permission (403); omit when the product has no such key. */
  forbiddenCredentials?(settings: Record<string, string>, simulator: Simulator): Record<string, string>;
  /** A path pattern of a list endpoint the sync reads, for fault injection, e.g. `/api/v1/workspaces/:id/users`. */
  listPath: string;
  /**
   * The settings with the secret pasted into the wrong setting (an id, a URL) and, where the
   * product has two halves of a key, the two swapped. `swapped` says the connector can tell
   * from the values' shapes, and must say so.
   */
  misplacedSecrets(settings: Record<string, string>): readonly MisplacedSecret[];
}

export interface MisplacedSecret {
  /** What was put where, for the test's messages, e.g. "the secret in --api-key-id". */
  label: string;
  settings: Record<string, string>;
  /** @default false */
  swapped?: boolean;
}

async function expectFailure(run: Promise<unknown>, kind: ErrorKind): Promise<void> {
  await assert.rejects(run, (error: unknown) => {
    assert.ok(isIdsyncError(error), `expected an idsync error, got ${String(error)}`);
    assert.equal(error.kind, kind, `expected kind ${kind}, got ${error.kind}: ${error.message}`);
    return true;
  });
}

/** The decompressed SQLite bytes of a c1z, as text, for secret searches. */
function c1zText(file: string): string {
  return zstdDecompressSync(readFileSync(file).subarray(5)).toString("latin1");
}

function secretValues(definition: ConnectorDefinition, settings: Record<string, string>): string[] {
  return definition.settings.fields.filter((f) => f.secret && settings[f.name]).map((f) => settings[f.name]!);
}

export function describeConformance(subject: ConformanceSubject): void {
  const { definition } = subject;
  const options = subject.simulatorOptions ?? {};

  describe(`${definition.name} conformance`, () => {
    test("pages to the end and yields every seeded item, with Baton's ids and complete references", async (t) => {
      const served = await serveSimulator(t, subject.simulator, options);
      const file = join(tempDir(t), "sync.c1z");
      await syncWith(definition, served.settings, file);
      const { reader, syncId } = await openC1z(t, file);

      const expected = subject.expectedCounts(served.simulator);
      const types = [...reader.resourceTypes(syncId)].map((rt) => rt.id);
      assert.deepEqual(types.sort(), definition.resourceTypes.map((rt) => rt.id).sort());
      for (const [type, count] of Object.entries(expected)) {
        assert.equal(reader.countResources(syncId, { resourceType: type }), count, `${type} resources`);
      }

      const resources = new Set<string>();
      for (const resource of reader.resources(syncId)) resources.add(resourceKey(resource.id));
      const entitlements = new Set<string>();
      for (const entitlement of reader.entitlements(syncId)) {
        assert.equal(entitlement.id, entitlementId(entitlement.resource.id, entitlement.slug), "entitlement id form");
        assert.ok(resources.has(resourceKey(entitlement.resource.id)), `${entitlement.id} is on an emitted resource`);
        entitlements.add(entitlement.id);
      }
      let grants = 0;
      for (const grant of reader.grants(syncId)) {
        grants++;
        assert.equal(grant.id, grantId(grant.entitlement.id, grant.principal.id), "grant id form");
        assert.ok(entitlements.has(grant.entitlement.id), `${grant.id} points at an emitted entitlement`);
        assert.ok(resources.has(resourceKey(grant.principal.id)), `${grant.id} points at an emitted principal`);
      }
      assert.ok(grants > 0, "the tenant yields grants");
    });

    test("the same tenant synced twice gives the same rows and data bytes", async (t) => {
      const served = await serveSimulator(t, subject.simulator, options);
      const dir = tempDir(t);
      await syncWith(definition, served.settings, join(dir, "a.c1z"));
      await syncWith(definition, served.settings, join(dir, "b.c1z"));
      const a = await openC1z(t, join(dir, "a.c1z"));
      const b = await openC1z(t, join(dir, "b.c1z"));
      const rows = (side: typeof a) => [
        ...[...side.reader.resources(side.syncId)].map((r) => JSON.stringify(r)),
        ...[...side.reader.entitlements(side.syncId)].map((e) => JSON.stringify(e)),
        ...[...side.reader.grants(side.syncId)].map((g) => JSON.stringify(g)),
      ];
      assert.deepEqual(rows(a), rows(b));
    });

    test("429s and 5xx on a list endpoint are retried to the same data", async (t) => {
      const clean = await serveSimulator(t, subject.simulator, options);
      const faulty = await serveSimulator(t, subject.simulator, options);
      faulty.simulator.faults.add({ kind: "rate-limit", path: subject.listPath, times: 2 });
      faulty.simulator.faults.add({ kind: "server-error", status: 503, path: subject.listPath, times: 2 });
      const dir = tempDir(t);
      await syncWith(definition, clean.settings, join(dir, "clean.c1z"));
      const run = await syncWith(definition, faulty.settings, join(dir, "faulty.c1z"));
      assert.ok(faulty.simulator.faults.applied.total >= 4, "the faults were served");
      assert.ok(run.summary.requests.retries >= 4, `retries counted: ${run.summary.requests.retries}`);
      const a = await openC1z(t, join(dir, "clean.c1z"));
      const b = await openC1z(t, join(dir, "faulty.c1z"));
      assert.deepEqual(a.reader.statsFor(a.syncId), b.reader.statsFor(b.syncId));
    });

    test("a refused key is unauthenticated (exit 3); rate limits past the retry budget are rate-limited", async (t) => {
      const served = await serveSimulator(t, subject.simulator, options);
      const bad = subject.badCredentials(served.settings, served.simulator);
      const connector = definition.create(settingsFrom(definition, bad), { logger: silentLogger, http: FAST_HTTP });
      await expectFailure(
        connector.validate({ signal: new AbortController().signal, logger: silentLogger }),
        "unauthenticated",
      );

      const stderr = captureStream();
      const flags = Object.entries(bad).flatMap(([name, value]) => [`--${name}`, value]);
      const code = await runConnectorCommand(definition, [...flags, "-f", join(tempDir(t), "x.c1z")], {
        stdout: captureStream(),
        stderr,
        env: {},
      });
      assert.equal(code, EXIT_CODES.unauthenticated, stderr.text());
      for (const secret of secretValues(definition, bad))
        assert.ok(!stderr.text().includes(secret), "no secret in the error");

      const limited = await serveSimulator(t, subject.simulator, options);
      limited.simulator.faults.add({ kind: "rate-limit", path: subject.listPath, every: 1 });
      await expectFailure(syncWith(definition, limited.settings, join(tempDir(t), "y.c1z")), "rate-limited");
    });

    if (subject.forbiddenCredentials) {
      const forbidden = subject.forbiddenCredentials;
      test("a key without permission is permission-denied (exit 4)", async (t) => {
        const served = await serveSimulator(t, subject.simulator, options);
        const flags = forbidden(served.settings, served.simulator);
        const stderr = captureStream();
        const args = Object.entries(flags).flatMap(([name, value]) => [`--${name}`, value]);
        const code = await runConnectorCommand(
          definition,
          [...args, "-f", join(tempDir(t), "x.c1z")],
          {
            stdout: captureStream(),
            stderr,
            env: {},
          },
          { deps: { http: FAST_HTTP } },
        );
        assert.equal(code, EXIT_CODES.permissionDenied, stderr.text());
      });
    }

    test("a secret given in the wrong setting is echoed nowhere, and swapped halves are named", async (t) => {
      const served = await serveSimulator(t, subject.simulator, options);
      const secrets = secretValues(definition, served.settings);
      const variants = subject.misplacedSecrets(served.settings);
      assert.ok(variants.length > 0, "at least one misplacement is tried");
      for (const variant of variants) {
        // A real run starts with no secret registered but the one in the secret setting: so
        // does each variant, or an earlier run's registration would hide a leak.
        _clearSecretsForTests();
        const file = join(tempDir(t), "sync.c1z");
        const stdout = captureStream();
        const stderr = captureStream();
        const flags = Object.entries(variant.settings).flatMap(([name, value]) => [`--${name}`, value]);
        const code = await runConnectorCommand(
          definition,
          [...flags, "-f", file, "--log-level", "debug", "--log-format", "json"],
          { stdout, stderr, env: {} },
          { deps: { http: FAST_HTTP } },
        );
        assert.notEqual(code, EXIT_CODES.ok, `${variant.label}: the sync fails`);
        const outputs: Record<string, string> = {
          stdout: stdout.text(),
          stderr: stderr.text(),
          ...(existsSync(file) ? { c1z: c1zText(file) } : {}),
        };
        for (const secret of secrets) {
          for (const [where, text] of Object.entries(outputs))
            assert.ok(!text.includes(secret), `${variant.label}: the secret appeared in ${where}: ${text}`);
        }
        if (variant.swapped === true)
          assert.match(outputs["stderr"] ?? "", /look swapped/, `${variant.label}: the hint says so`);
      }
    });

    test("no secret in logs, errors, the c1z file, config or capabilities", async (t) => {
      const served = await serveSimulator(t, subject.simulator, options);
      const secrets = secretValues(definition, served.settings);
      assert.ok(secrets.length > 0, "the connector declares at least one secret setting");
      const file = join(tempDir(t), "sync.c1z");
      const stdout = captureStream();
      const stderr = captureStream();
      const env = Object.fromEntries(
        Object.entries(served.settings).map(([name, value]) => [envVarName(name, definition.name), value]),
      );
      const code = await runConnectorCommand(
        definition,
        ["-f", file, "--log-level", "debug", "--log-format", "json"],
        {
          stdout,
          stderr,
          env,
        },
        { deps: { http: FAST_HTTP } },
      );
      assert.equal(code, EXIT_CODES.ok, stderr.text());
      const config = captureStream();
      await runConnectorCommand(definition, ["config"], { stdout: config, stderr: captureStream(), env });
      const capabilities = captureStream();
      await runConnectorCommand(definition, ["capabilities"], { stdout: capabilities, stderr: captureStream(), env });
      const outputs = {
        stdout: stdout.text(),
        stderr: stderr.text(),
        c1z: c1zText(file),
        config: config.text(),
        capabilities: capabilities.text(),
      };
      assert.ok(outputs.stderr.includes('"level":"debug"'), "debug logging was on");
      for (const secret of secrets) {
        for (const [where, text] of Object.entries(outputs)) {
          assert.ok(!text.includes(secret), `a secret appeared in ${where}`);
        }
      }
    });
  });
}

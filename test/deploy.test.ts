/**
 * The container image and the Kubernetes example, checked without a container engine: the
 * Dockerfile's install steps are replayed in a temporary folder (npm ci needs the npm
 * registry) and every binary is run by the name the image's PATH gives it; the manifests are
 * parsed and every variable they set is one the connectors read.
 */
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, symlinkSync } from "node:fs";
import { delimiter, dirname, join, relative } from "node:path";
import { describe, it, type TestContext } from "node:test";
import { parseAllDocuments } from "yaml";
import { findSimulator } from "../src/simulators/index.ts";
import { serveSimulator, tempDir } from "../src/testkit/index.ts";
import { dockerignoreExcludes } from "./deploy/_dockerignore.ts";
import {
  envPairs,
  execForm,
  parseDockerfile,
  replayDockerfile,
  runProgram,
  type Replay,
} from "./deploy/_dockerfile.ts";
import { knownVariables } from "./deploy/_variables.ts";

const ROOT = join(import.meta.dirname, "..");
const DOCKERFILE = parseDockerfile(readFileSync(join(ROOT, "Dockerfile"), "utf8"));
const EXCLUDED = dockerignoreExcludes(readFileSync(join(ROOT, ".dockerignore"), "utf8"));
const PACKAGE = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { bin: Record<string, string> };
const LOCKFILE = JSON.parse(readFileSync(join(ROOT, "package-lock.json"), "utf8")) as {
  packages: Record<string, { dev?: boolean; optional?: boolean }>;
};
const BINARIES = Object.keys(PACKAGE.bin);
const KNOWN = knownVariables();

/**
 * The PATH node:24-bookworm-slim inherits from debian:bookworm-slim (Docker's default for Linux
 * images); Node itself is in /usr/local/bin there.
 */
const IMAGE_BASE_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/** What npm on the build machine needs to reach the registry; nothing else of this process leaks in. */
const PASSED_THROUGH = [
  "HOME",
  "HTTP_PROXY",
  "HTTPS_PROXY",
  "NO_PROXY",
  "http_proxy",
  "https_proxy",
  "no_proxy",
  "NODE_EXTRA_CA_CERTS",
  "SSL_CERT_FILE",
  "npm_config_registry",
  "npm_config_cafile",
  "npm_config_globalconfig",
  "npm_config_userconfig",
  "npm_config_proxy",
  "npm_config_https_proxy",
  "npm_config_noproxy",
  "npm_config_strict_ssl",
];

/** The npm that runs this test, or the first on PATH: its CLI script, run by the Node 24 put first on PATH. */
function npmCli(): string {
  const execPath = process.env["npm_execpath"];
  if (execPath !== undefined && /npm-cli\.js$/.test(execPath)) return execPath;
  for (const folder of (process.env["PATH"] ?? "").split(delimiter)) {
    if (existsSync(join(folder, "npm"))) return realpathSync(join(folder, "npm"));
  }
  throw new Error("no npm on PATH: the replay needs it for the Dockerfile's npm ci");
}

function replayEnvironment(scratch: string): Record<string, string> {
  const tools = join(scratch, "tools");
  mkdirSync(tools);
  // The image has Node 24 on PATH; here it is the Node running this test.
  symlinkSync(process.execPath, join(tools, "node"));
  symlinkSync(npmCli(), join(tools, "npm"));
  const env: Record<string, string> = {};
  for (const name of PASSED_THROUGH) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  // `npm cache clean --force` must clean a cache of its own, not this machine's.
  return { ...env, PATH: `${tools}${delimiter}${IMAGE_BASE_PATH}`, npm_config_cache: join(scratch, "npm-cache") };
}

function lastArgs(keyword: string): string | undefined {
  return DOCKERFILE.filter((step) => step.keyword === keyword).at(-1)?.args;
}

describe("the Dockerfile", () => {
  it("builds on Node 24, which runs the TypeScript sources, and ends as a non-root user", () => {
    const from = DOCKERFILE.filter((step) => step.keyword === "FROM");
    assert.equal(from.length, 1, "one stage");
    assert.match(from[0]!.args, /^node:24(?:[.-]|$)/, "Node 24 runs the TypeScript sources directly");
    const user = lastArgs("USER");
    assert.ok(user !== undefined, "a USER instruction");
    assert.doesNotMatch(user, /^(?:root|0)(?::|$)/, "not root");
  });

  it("installs the runtime dependencies only, with no install scripts and no npm cache left", () => {
    const installs = DOCKERFILE.filter(
      (step) => step.keyword === "RUN" && /\bnpm\s+(?:ci|install|i)\b/.test(step.args),
    );
    assert.equal(installs.length, 1, "one npm install step");
    assert.match(installs[0]!.args, /\bnpm ci\b/, "from the lockfile");
    assert.match(installs[0]!.args, /--omit=dev\b/);
    assert.match(installs[0]!.args, /--ignore-scripts\b/);
    assert.match(installs[0]!.args, /npm cache clean --force/);
    const env = DOCKERFILE.filter((step) => step.keyword === "ENV").flatMap(envPairs);
    assert.ok(!env.some(([name, value]) => name === "NODE_ENV" && value !== "production"), "no development NODE_ENV");
  });

  it("leaves the command to pick the binary: no ENTRYPOINT of its own, and a CMD naming a binary", () => {
    assert.equal(lastArgs("ENTRYPOINT"), undefined);
    const cmd = DOCKERFILE.find((step) => step.keyword === "CMD");
    assert.ok(cmd !== undefined);
    assert.ok(BINARIES.includes(execForm(cmd)?.[0] ?? ""), `CMD ${cmd.args} names one of ${BINARIES.join(", ")}`);
  });

  it("keeps node_modules, .git, demo output, c1z files and tests out of the build context", () => {
    for (const path of [
      "node_modules/yaml/package.json",
      ".git/HEAD",
      "demo/clockify.c1z",
      "sync.c1z",
      "test/readme.test.ts",
      "src/core/config/resolve.test.ts",
      ".env",
    ]) {
      assert.ok(EXCLUDED(path), `${path} is left out`);
    }
    for (const path of [
      "package.json",
      "package-lock.json",
      "bin/_launch.js",
      "src/cli/baton-main.ts",
      "src/explorer/static/index.html",
      "src/connectors/clockify/config_schema.json",
    ]) {
      assert.ok(!EXCLUDED(path), `${path} is sent`);
    }
  });

  it("replayed in a folder, puts every binary on PATH by its name, installs no dev dependency or test, and syncs", async (t) => {
    const scratch = tempDir(t, "idsync-image-");
    const replay = await replayDockerfile(DOCKERFILE, {
      context: ROOT,
      excluded: EXCLUDED,
      root: join(scratch, "image"),
      baseEnv: replayEnvironment(scratch),
    });
    for (const reason of replay.skipped) t.diagnostic(`not replayed: ${reason}`);

    let app: string | undefined;
    for (const name of BINARIES) {
      const found = await runProgram("/bin/sh", ["-c", `command -v ${name}`], { cwd: replay.workdir, env: replay.env });
      assert.equal(found.code, 0, `${name} is on the image's PATH\n${found.stderr}`);
      const target = realpathSync(found.stdout.trim());
      app ??= dirname(dirname(target));
      assert.equal(target, join(app, PACKAGE.bin[name]!), `${name} is package.json's bin/${name}`);
      assert.ok(target.startsWith(join(scratch, "image")), `${name} comes from the image, not from ${target}`);

      const help = await runProgram(name, ["--help"], { cwd: replay.workdir, env: replay.env });
      assert.equal(help.code, 0, `${name} --help\n${help.stdout}${help.stderr}`);
      assert.match(
        help.stdout,
        new RegExp(`^${name} .*\\n[\\s\\S]*Usage: ${name} `),
        `${name} --help prints its usage`,
      );
    }
    assert.ok(app !== undefined);
    const [command, ...args] = replay.cmd ?? [];
    const byDefault = await runProgram(command!, args, { cwd: replay.workdir, env: replay.env });
    assert.equal(byDefault.code, 0, `the image's CMD ${replay.cmd?.join(" ")}\n${byDefault.stdout}${byDefault.stderr}`);

    // The lockfile marks every package only the dev dependencies need (typescript, eslint, the
    // `node` package…) with `dev: true`: none may be installed, and every other one must be.
    for (const [path, entry] of Object.entries(LOCKFILE.packages)) {
      if (path === "") continue;
      if (entry.dev) assert.ok(!existsSync(join(app, path)), `${path}, a dev dependency, is not installed`);
      else if (!entry.optional) assert.ok(existsSync(join(app, path)), `${path} is installed`);
    }
    const tests = filesUnder(app, "node_modules").filter((file) => /\.test\.ts$/.test(file));
    assert.deepEqual(tests, [], "no test file in the image");
    await assertOneShotSync(t, replay);
  });
});

function filesUnder(folder: string, skip: string): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(folder, join(entry.parentPath, entry.name)))
    .filter((file) => !file.startsWith(`${skip}/`));
}

/** A one-shot sync in the image's working folder, against the Clockify simulator on loopback. */
async function assertOneShotSync(t: TestContext, replay: Replay): Promise<void> {
  const served = await serveSimulator(t, findSimulator("clockify")!);
  const env: Record<string, string> = { ...replay.env };
  for (const [setting, value] of Object.entries(served.settings)) {
    env[`BATON_CLOCKIFY_${setting.toUpperCase().replaceAll("-", "_")}`] = value;
  }
  const sync = await runProgram("baton-clockify", ["-f", "clockify.c1z"], { cwd: replay.workdir, env });
  assert.equal(sync.code, 0, `baton-clockify -f clockify.c1z\n${sync.stdout}${sync.stderr}`);
  // Off a terminal the log format is json, and with it the summary is one JSON line.
  const summary = JSON.parse(sync.stdout) as { connector: string; status: string; totals: { resources: number } };
  assert.equal(summary.connector, "clockify");
  assert.equal(summary.status, "ok");
  assert.ok(summary.totals.resources > 0, "it synced resources");
  assert.ok(existsSync(join(replay.workdir, "clockify.c1z")), "the file is in the working folder");
  assert.ok(!`${sync.stdout}${sync.stderr}`.includes(served.settings["api-key"]!), "the API key is never printed");
  const lines = sync.stderr.split("\n").filter((line) => line !== "");
  assert.ok(lines.length > 0, "it logs");
  for (const line of lines) assert.doesNotThrow(() => JSON.parse(line), `a JSON log line: ${line}`);
}

interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: { name: string; key: string } };
}
interface Container {
  name: string;
  command?: string[];
  env?: EnvVar[];
  securityContext?: { runAsNonRoot?: boolean; runAsUser?: number; readOnlyRootFilesystem?: boolean };
  volumeMounts?: Array<{ name: string; mountPath: string }>;
}
interface PodSpec {
  securityContext?: { runAsNonRoot?: boolean; runAsUser?: number };
  containers: Container[];
  initContainers?: Container[];
}
interface Manifest {
  kind: string;
  metadata: { name: string };
  stringData?: Record<string, string>;
  data?: Record<string, string>;
  spec?: { template?: { spec: PodSpec }; jobTemplate?: { spec: { template: { spec: PodSpec } } } } & Partial<PodSpec>;
}

const KUBERNETES = join(ROOT, "deploy", "kubernetes");
const MANIFEST_FILES = readdirSync(KUBERNETES).filter((file) => /\.ya?ml$/.test(file));

function podSpec(manifest: Manifest): PodSpec | undefined {
  if (manifest.kind === "Pod") return manifest.spec as PodSpec;
  if (manifest.kind === "CronJob") return manifest.spec?.jobTemplate?.spec.template.spec;
  return manifest.spec?.template?.spec;
}

/** Every `BATON_…` or `NODE_EXTRA_CA_CERTS` written in a text, comments included. */
function variablesNamed(text: string): string[] {
  return [...new Set(text.match(/\b(?:BATON_[A-Z0-9]+(?:_[A-Z0-9]+)*|NODE_EXTRA_CA_CERTS)\b/g) ?? [])];
}

function checkContainer(file: string, container: Container, pod: PodSpec, secrets: Map<string, Set<string>>): void {
  const where = `${file}: container ${container.name}`;
  const binary = container.command?.[0];
  assert.ok(
    binary !== undefined && BINARIES.includes(binary),
    `${where}: command ${JSON.stringify(container.command)} names one of ${BINARIES.join(", ")}`,
  );
  assert.ok(existsSync(join(ROOT, PACKAGE.bin[binary]!)), `${where}: ${binary} exists`);
  const runAsNonRoot = container.securityContext?.runAsNonRoot ?? pod.securityContext?.runAsNonRoot;
  assert.equal(runAsNonRoot, true, `${where}: runAsNonRoot`);
  assert.notEqual(container.securityContext?.runAsUser ?? pod.securityContext?.runAsUser, 0, `${where}: not uid 0`);

  const env = new Map((container.env ?? []).map((variable) => [variable.name, variable]));
  for (const [name, variable] of env) {
    assert.ok(KNOWN.all.has(name), `${where}: ${name} is not a variable the connectors read`);
    const ref = variable.valueFrom?.secretKeyRef;
    if (KNOWN.secret.has(name) || name === "BATON_CLIENT_ID") {
      assert.ok(ref !== undefined && variable.value === undefined, `${where}: ${name} comes from a secretKeyRef`);
    }
    if (ref)
      assert.ok(
        secrets.get(ref.name)?.has(ref.key),
        `${where}: ${name} refers to key ${ref.key} of a Secret ${ref.name} in the file`,
      );
  }
  for (const name of ["BATON_CLIENT_ID", "BATON_CLIENT_SECRET"])
    assert.ok(env.has(name), `${where}: ${name} is set, for service mode`);

  // The connector's required settings are all there, under one of their names.
  const connector = binary.replace(/^baton-/, "");
  for (const field of JSON.parse(readFileSync(join(ROOT, "src", "connectors", connector, "config_schema.json"), "utf8"))
    .fields as Array<{
    name: string;
    env: string[];
    required: boolean;
  }>) {
    if (field.required)
      assert.ok(
        field.env.some((name) => env.has(name)),
        `${where}: ${field.env[0]} (--${field.name}) is set`,
      );
  }

  if (container.securityContext?.readOnlyRootFilesystem) {
    const tempDir = env.get("BATON_C1Z_TEMP_DIR")?.value;
    assert.ok(tempDir !== undefined, `${where}: a read-only root file system needs BATON_C1Z_TEMP_DIR`);
    const mounts = (container.volumeMounts ?? []).map((mount) => mount.mountPath);
    assert.ok(
      mounts.some((mount) => tempDir === mount || tempDir.startsWith(`${mount}/`)),
      `${where}: BATON_C1Z_TEMP_DIR ${tempDir} is on a volume`,
    );
  }
}

describe("the Kubernetes examples", () => {
  it("exist", () => assert.ok(MANIFEST_FILES.length > 0));

  for (const file of MANIFEST_FILES) {
    it(`${file} parses, runs a binary as non-root and sets only variables the connectors read, secrets from a Secret`, () => {
      const text = readFileSync(join(KUBERNETES, file), "utf8");
      const documents = parseAllDocuments(text);
      for (const document of documents) assert.deepEqual(document.errors, [], `${file} is valid YAML`);
      const manifests = documents
        .map((document) => document.toJS() as Manifest)
        .filter((manifest) => manifest !== null);

      const secrets = new Map<string, Set<string>>();
      for (const secret of manifests.filter((manifest) => manifest.kind === "Secret")) {
        const values = { ...secret.data, ...secret.stringData };
        for (const [key, value] of Object.entries(values)) {
          assert.match(
            value,
            /^REPLACE-WITH-/,
            `${file}: Secret ${secret.metadata.name} key ${key} holds a placeholder, never a value`,
          );
        }
        secrets.set(secret.metadata.name, new Set(Object.keys(values)));
      }
      const pods = manifests.flatMap((manifest) => podSpec(manifest) ?? []);
      assert.ok(pods.length > 0, `${file} runs something`);
      for (const pod of pods) {
        for (const container of [...pod.containers, ...(pod.initContainers ?? [])])
          checkContainer(file, container, pod, secrets);
      }
    });
  }

  it("deploy/README.md, the Dockerfile and the manifests name only variables the connectors read, comments included", () => {
    const texts = [
      ...MANIFEST_FILES.map((file) => join(KUBERNETES, file)),
      join(ROOT, "deploy", "README.md"),
      join(ROOT, "Dockerfile"),
    ];
    for (const path of texts) {
      for (const name of variablesNamed(readFileSync(path, "utf8"))) {
        assert.ok(KNOWN.all.has(name), `${relative(ROOT, path)} names ${name}, which no connector reads`);
      }
    }
  });
});

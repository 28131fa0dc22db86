import assert from "node:assert/strict";
import { dirname, join, relative, resolve } from "node:path";
import { describe, it } from "node:test";
import { ESLint } from "eslint";

// The doors between layers are ESLint rules (eslint.config.js). This lints one small import
// per case, as if it sat in a file of that layer, and checks the rule's verdict.
const ROOT = resolve(import.meta.dirname, "..");
const eslint = new ESLint({ cwd: ROOT });

interface Layer {
  /** A file of the layer, relative to the repository; it need not exist. */
  readonly file: string;
  /**
   * What it imports: repository paths (turned into the specifier `file` would write, so this
   * file names no path outside the repository) or package names.
   */
  readonly forbidden: readonly string[];
  readonly allowed: readonly string[];
}

const LAYERS: Record<string, Layer> = {
  core: {
    file: "src/core/sync/probe.ts",
    forbidden: [
      "src/connectors/index.ts",
      "src/simulators/index.ts",
      "src/cli/io.ts",
      "src/review/index.ts",
      "src/explorer/index.ts",
    ],
    allowed: ["src/core/errors/index.ts", "src/testkit/index.ts", "node:fs"],
  },
  "a connector": {
    file: "src/connectors/clockify/probe.ts",
    forbidden: [
      "src/core/index.ts",
      "src/core/http/client.ts",
      "src/core/c1z/index.ts",
      "src/connectors/codefresh/client.ts",
      "src/cli/io.ts",
      "src/simulators/index.ts",
      "src/testkit/index.ts",
      "src/review/index.ts",
      "yaml",
    ],
    allowed: ["src/core/kit.ts", "src/connectors/clockify/client.ts", "node:fs"],
  },
  "the connector registry": {
    file: "src/connectors/index.ts",
    forbidden: ["src/core/index.ts", "src/cli/io.ts"],
    allowed: ["src/core/kit.ts", "src/connectors/clockify/index.ts"],
  },
  "a connector's test": {
    file: "src/connectors/clockify/probe.test.ts",
    forbidden: [],
    allowed: ["src/core/index.ts", "src/testkit/index.ts", "src/simulators/index.ts", "src/cli/io.ts"],
  },
  "a simulator": {
    file: "src/simulators/c1/probe.ts",
    forbidden: [
      "src/connectors/clockify/index.ts",
      "src/core/index.ts",
      "src/core/kit.ts",
      "src/cli/io.ts",
      "src/testkit/index.ts",
      "src/review/index.ts",
    ],
    allowed: ["src/simulators/_kit/index.ts", "src/core/model/gen/c1/connector/v2/connector_pb.js", "node:http"],
  },
  review: {
    file: "src/review/probe.ts",
    forbidden: [
      "src/cli/output/table.ts",
      "src/explorer/index.ts",
      "src/connectors/index.ts",
      "src/simulators/index.ts",
    ],
    allowed: ["src/core/index.ts", "src/review/principals.ts", "src/testkit/index.ts"],
  },
  "the explorer": {
    file: "src/explorer/probe.ts",
    forbidden: [
      "src/cli/commands/review.ts",
      "src/cli/output/json.ts",
      "src/connectors/index.ts",
      "src/simulators/index.ts",
    ],
    allowed: ["src/review/index.ts", "src/core/index.ts", "src/explorer/server.ts"],
  },
};

/** The layer rule's messages for `import { probe } from "<specifier>"` in `file`. */
async function importVerdict(file: string, target: string): Promise<string[]> {
  const specifier = target.startsWith("src/")
    ? `./${relative(dirname(file), target)}`.replace(/^\.\/\.\.\//, "../")
    : target;
  const code = `import { probe } from "${specifier}";\nexport const used = probe;\n`;
  const [result] = await eslint.lintText(code, { filePath: join(ROOT, file) });
  assert.ok(result, `ESLint linted ${file}`);
  assert.deepEqual(
    result.messages.filter((message) => message.fatal),
    [],
    `${file} parses`,
  );
  return result.messages
    .filter((message) => message.ruleId === "no-restricted-imports")
    .map((message) => message.message);
}

describe("layer rules", () => {
  for (const [layer, { file, forbidden, allowed }] of Object.entries(LAYERS)) {
    for (const specifier of forbidden) {
      it(`refuse ${specifier} in ${layer}`, async () => {
        const messages = await importVerdict(file, specifier);
        assert.equal(messages.length, 1, `${file}: ${specifier} should be refused`);
      });
    }
    for (const specifier of allowed) {
      it(`let ${layer} import ${specifier}`, async () => {
        assert.deepEqual(await importVerdict(file, specifier), [], `${file}: ${specifier} should be allowed`);
      });
    }
  }

  it("say in the message what the layer may import", async () => {
    const [message] = await importVerdict(LAYERS["a connector"]!.file, "src/core/index.ts");
    assert.match(message ?? "", /only core\/kit\.ts/);
  });
});

import assert from "node:assert/strict";
import { join, resolve } from "node:path";
import { describe, it } from "node:test";
import { ESLint } from "eslint";

// The doors between layers are ESLint rules (eslint.config.js). This lints one small import
// per case, as if it sat in a file of that layer, and checks the rule's verdict.
const ROOT = resolve(import.meta.dirname, "..");
const eslint = new ESLint({ cwd: ROOT });

interface Layer {
  /** A file of the layer, relative to the repository; it need not exist. */
  readonly file: string;
  readonly forbidden: readonly string[];
  readonly allowed: readonly string[];
}

const LAYERS: Record<string, Layer> = {
  core: {
    file: "src/core/sync/probe.ts",
    forbidden: ["../../connectors/index.ts", "../../simulators/index.ts", "../../cli/io.ts", "../../review/index.ts", "../../explorer/index.ts"],
    allowed: ["../errors/index.ts", "../../testkit/index.ts", "node:fs"],
  },
  "a connector": {
    file: "src/connectors/clockify/probe.ts",
    forbidden: [
      "../../core/index.ts",
      "../../core/http/client.ts",
      "../../core/c1z/index.ts",
      "../codefresh/client.ts",
      "../../cli/io.ts",
      "../../simulators/index.ts",
      "../../testkit/index.ts",
      "../../review/index.ts",
      "yaml",
    ],
    allowed: ["../../core/kit.ts", "./client.ts", "node:fs"],
  },
  "the connector registry": {
    file: "src/connectors/index.ts",
    forbidden: ["../core/index.ts", "../cli/io.ts"],
    allowed: ["../core/kit.ts", "./clockify/index.ts"],
  },
  "a connector's test": {
    file: "src/connectors/clockify/probe.test.ts",
    forbidden: [],
    allowed: ["../../core/index.ts", "../../testkit/index.ts", "../../simulators/index.ts", "../../cli/io.ts"],
  },
  "a simulator": {
    file: "src/simulators/c1/probe.ts",
    forbidden: ["../../connectors/clockify/index.ts", "../../core/index.ts", "../../core/kit.ts", "../../cli/io.ts", "../../testkit/index.ts", "../../review/index.ts"],
    allowed: ["../_kit/index.ts", "../../core/model/gen/c1/connector/v2/connector_pb.js", "node:http"],
  },
  review: {
    file: "src/review/probe.ts",
    forbidden: ["../cli/output/table.ts", "../explorer/index.ts", "../connectors/index.ts", "../simulators/index.ts"],
    allowed: ["../core/index.ts", "./principals.ts", "../testkit/index.ts"],
  },
  "the explorer": {
    file: "src/explorer/probe.ts",
    forbidden: ["../cli/commands/review.ts", "../cli/output/json.ts", "../connectors/index.ts", "../simulators/index.ts"],
    allowed: ["../review/index.ts", "../core/index.ts", "./server.ts"],
  },
};

/** The layer rule's messages for `import { probe } from "<specifier>"` in `file`. */
async function importVerdict(file: string, specifier: string): Promise<string[]> {
  const code = `import { probe } from "${specifier}";\nexport const used = probe;\n`;
  const [result] = await eslint.lintText(code, { filePath: join(ROOT, file) });
  assert.ok(result, `ESLint linted ${file}`);
  assert.deepEqual(result.messages.filter((message) => message.fatal), [], `${file} parses`);
  return result.messages.filter((message) => message.ruleId === "no-restricted-imports").map((message) => message.message);
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
    const [message] = await importVerdict(LAYERS["a connector"]!.file, "../../core/index.ts");
    assert.match(message ?? "", /only core\/kit\.ts/);
  });
});

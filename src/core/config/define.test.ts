import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { defineSettings, resolveSettings, type SettingsValues } from "./index.ts";
import { sampleSettings } from "./_test-settings.ts";

describe("defineSettings", () => {
  it("returns the declaration with empty constraint lists by default", () => {
    const decl = defineSettings({ fields: [{ name: "api-key", description: "key" }] });
    assert.deepEqual(decl.exclusive, []);
    assert.deepEqual(decl.requiredTogether, []);
    assert.equal(decl.fields[0].name, "api-key");
  });

  it("refuses malformed declarations at definition time", () => {
    assert.throws(() => defineSettings({ fields: [{ name: "apiKey", description: "x" }] }), /kebab-case/);
    assert.throws(
      () =>
        defineSettings({
          fields: [
            { name: "a-b", description: "x" },
            { name: "a-b", description: "y" },
          ],
        }),
      /declared twice/,
    );
    assert.throws(() => defineSettings({ fields: [{ name: "a", description: " " }] }), /needs a description/);
    assert.throws(
      () => defineSettings({ fields: [{ name: "a", description: "x", required: true, default: "1" }] }),
      /cannot have a default/,
    );
    assert.throws(
      () => defineSettings({ fields: [{ name: "n", description: "x", kind: "integer", default: "ten" }] }),
      /default "ten" must be a whole number/,
    );
    assert.throws(
      () => defineSettings({ fields: [{ name: "r", description: "x", choices: ["a"], default: "b" }] }),
      /must be a\b/,
    );
    assert.throws(
      () => defineSettings({ fields: [{ name: "a", description: "x" }], exclusive: [["a"]] }),
      /at least two/,
    );
    assert.throws(
      () =>
        defineSettings({
          fields: [
            { name: "a", description: "x" },
            { name: "b", description: "x" },
          ],
          requiredTogether: [["a", "c" as "b"]],
        }),
      /unknown setting "c"/,
    );
  });

  it("tolerates a /g pattern (no lastIndex carried between checks)", () => {
    const decl = defineSettings({
      fields: [{ name: "id", description: "x", pattern: { regex: /^\d+$/g, expected: "digits" } }],
    });
    for (let i = 0; i < 3; i++)
      assert.equal(resolveSettings(decl, { connector: "t", flags: { id: "42" }, env: {} }).id, "42");
  });
});

// Type-level tests: `tsc -p .` fails if inference regresses. The runtime part only keeps the
// function referenced.
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function expectType<T extends true>(_proof?: T): void {}

describe("SettingsValues inference", () => {
  it("infers camelCase keys, optionality and value types", () => {
    const clockify = defineSettings({
      fields: [
        { name: "api-key", description: "k", secret: true, required: true },
        {
          name: "workspace-id",
          description: "w",
          required: true,
          pattern: { regex: /^[0-9a-f]{24}$/i, expected: "24 hexadecimal characters" },
        },
        { name: "region", description: "r", choices: ["euc1", "use2", "euw2", "apse2"] },
        { name: "base-url", description: "b", kind: "url", default: "https://api.clockify.me/api/v1" },
      ],
      exclusive: [["region", "base-url"]],
    });
    assert.equal(clockify.fields.length, 4);
    type Clockify = SettingsValues<typeof clockify>;
    expectType<Equal<Clockify, { apiKey: string; workspaceId: string; region: string | undefined; baseUrl: string }>>();
    assert.equal(sampleSettings.fields.length, 8);
    type Sample = SettingsValues<typeof sampleSettings>;
    expectType<Equal<Sample["pageSize"], number>>();
    expectType<Equal<Sample["includeLimited"], boolean>>();
    expectType<Equal<Sample["keySecret"], string | undefined>>();

    const resolved = resolveSettings(clockify, {
      connector: "clockify",
      flags: { "api-key": "k-123456", "workspace-id": "64a687e29ae1f428e7ebe303" },
      env: {},
    });
    expectType<Equal<typeof resolved, Clockify>>();
    assert.equal(resolved.baseUrl, "https://api.clockify.me/api/v1");

    const values: Clockify = { apiKey: "k", workspaceId: "w", region: undefined, baseUrl: "u" };
    // @ts-expect-error: apiKey is a string, not a number
    const wrong: Clockify = { ...values, apiKey: 1 };
    // @ts-expect-error: no such setting
    void values.apiUrl;
    assert.throws(
      () =>
        defineSettings({
          fields: [
            { name: "a", description: "x" },
            { name: "b", description: "x" },
          ],
          // @ts-expect-error: constraint names are checked against the declared names
          exclusive: [["a", "nope"]],
        }),
      /unknown setting "nope"/,
    );
    assert.ok(wrong);
  });
});

import js from "@eslint/js";
import tseslint from "typescript-eslint";

/**
 * The doors between layers (arrows point down only): each block names what one layer may not
 * import. test/layers.test.ts proves each rule refuses a forbidden import and lets an allowed one
 * through. The command line, the testkit, tests, benchmarks and scripts sit on top and may
 * import any layer; a connector's tests run real syncs, so they use the host entry too.
 */
const forbid = (...patterns) => ({ "no-restricted-imports": ["error", { patterns }] });

const CONNECTOR_TESTS = ["src/connectors/**/*.test.ts", "src/connectors/**/_test-*.ts"];

export default tseslint.config(
  { ignores: ["node_modules/", "src/core/model/gen/", "coverage/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
    },
  },
  {
    files: ["src/core/**"],
    rules: forbid({
      group: ["**/connectors/**", "**/simulators/**", "**/cli/**", "**/review/**", "**/explorer/**"],
      message: "core/ knows no product, no command line and no read-side feature; depend on it, not from it.",
    }),
  },
  {
    // Anything but node: built-ins, the connector's own folder and the kit (the registry,
    // src/connectors/index.ts, reaches each connector through its folder's index.ts).
    files: ["src/connectors/**"],
    ignores: CONNECTOR_TESTS,
    rules: forbid({
      regex: "^(?!node:|\\./(?!\\.\\./)|(?:\\.\\./)+core/kit\\.ts$)",
      message: "a connector imports only core/kit.ts, files of its own folder and node: built-ins.",
    }),
  },
  {
    // The fake ConductorOne (c1/) speaks protobuf with the generated messages; which simulator
    // may use them, and which packages, is checked by src/simulators/_kit/boundaries.test.ts.
    files: ["src/simulators/**"],
    rules: forbid({
      regex: "(?:^|/)(?:connectors|cli|review|explorer|testkit)/|(?:^|/)core/(?!model/gen/)",
      message:
        "a simulator fakes an API from its own files: no connector, no idsync layer (of core, only the generated messages).",
    }),
  },
  {
    files: ["src/review/**"],
    rules: forbid({
      group: ["**/connectors/**", "**/simulators/**", "**/cli/**", "**/explorer/**"],
      message: "review reads c1z files through core; it knows no product, no command line and no explorer.",
    }),
  },
  {
    files: ["src/explorer/**"],
    // Its tests drive the page as a user does: through `idsync explore`.
    ignores: ["src/explorer/**/*.test.ts", "src/explorer/**/_test-*.ts"],
    rules: forbid({
      group: ["**/connectors/**", "**/simulators/**", "**/cli/**"],
      message:
        "the explorer reads c1z files through review and core; it knows no product and no command line (its JSON shapes are in review/json).",
    }),
  },
);

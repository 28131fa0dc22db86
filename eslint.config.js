import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/", "src/core/model/gen/", "coverage/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["**/connectors/**", "**/simulators/**", "**/cli/**"],
              message: "core/ knows no product and no command line; depend on it, not from it.",
            },
          ],
        },
      ],
    },
  },
  {
    // The layering rule above is for core only.
    files: ["src/connectors/**", "src/simulators/**", "src/cli/**", "src/review/**", "src/testkit/**", "test/**", "bench/**", "scripts/**"],
    rules: { "no-restricted-imports": "off" },
  },
  {
    // The explorer answers with the reading commands' JSON shapes (cli/output, cli/commands), and
    // like them reads only c1z files.
    files: ["src/explorer/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: ["**/connectors/**", "**/simulators/**"], message: "the explorer reads c1z files; it knows no product." }] },
      ],
    },
  },
);

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
);

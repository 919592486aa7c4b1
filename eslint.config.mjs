// Lint what a compiler cannot see: unused code, floating promises in the server, hook rules in the pane.
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";

export default tseslint.config(
  { ignores: ["node_modules/", "dist/", "test-output/", "data/", "coverage/", "jest.config.js", "webpack.config.js"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts", "**/*.tsx"],
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
      "no-console": ["error", { allow: ["warn", "error"] }],
      eqeqeq: ["error", "always"],
    },
  },
  {
    files: ["addin/**/*.tsx", "addin/**/*.ts"],
    plugins: { "react-hooks": reactHooks },
    rules: { "react-hooks/rules-of-hooks": "error", "react-hooks/exhaustive-deps": "error" },
  },
  {
    // The product never depends on the tests: the simulators and test support live under test/, and only the start
    // script's demo composition (scripts/demo) brings simulators in (README, "Where the demo's simulators live").
    files: ["server/**/*.ts", "addin/**/*.ts", "addin/**/*.tsx"],
    ignores: ["**/*.test.ts", "**/*.test.tsx"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ regex: "^(\\.\\./)+test(/|$)", message: "server/ and addin/ never import test/: simulators and test support are composed in by scripts/ (demo) or the tests." }] },
      ],
    },
  },
  {
    // Command-line tools and the simulators' start-up talk to a person on the console.
    files: ["scripts/**/*.ts", "test/bench/**/*.ts"],
    rules: { "no-console": "off" },
  },
);

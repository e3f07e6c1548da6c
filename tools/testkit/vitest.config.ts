import { defineConfig } from "vitest/config";

// Tests spawn the real claude CLI (about 0.5 s per run); allow slow machines.
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 30_000,
  },
});

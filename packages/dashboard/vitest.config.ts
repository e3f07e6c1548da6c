import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    name: "dashboard",
    include: ["test/**/*.test.ts"],
    // One worker process runs file after file (a fresh one per file cost about a second each):
    // the files share no state but what they start and stop themselves.
    isolate: false,
    testTimeout: 120_000,
    hookTimeout: 60_000,
    // expect.poll waits for a fact on the page (a status, a line); give it as long as a locator.
    expect: { poll: { timeout: 30_000 } },
  },
});

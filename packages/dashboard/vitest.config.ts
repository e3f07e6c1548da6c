import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    name: "dashboard",
    include: ["test/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    // expect.poll waits for a fact on the page (a status, a line); give it as long as a locator.
    expect: { poll: { timeout: 30_000 } },
  },
});

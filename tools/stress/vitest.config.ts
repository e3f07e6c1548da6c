import { defineProject } from "vitest/config";

// Each file starts its own real server, tmux and claude runs; kill -9 loops and disk-full
// recovery take tens of seconds, so allow far more than a unit test needs.
export default defineProject({
  test: {
    name: "stress",
    include: ["test/**/*.test.ts"],
    // One worker process runs file after file (a fresh one per file cost about a second each):
    // the files share no state but what they start and stop themselves.
    isolate: false,
    testTimeout: 150_000,
    hookTimeout: 60_000,
  },
});

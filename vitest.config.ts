import { defineConfig } from "vitest/config";

// Every package is a project with its own vitest.config.ts. Two workers: the end-to-end
// suites run real tmux and claude processes, and CI machines have two cores.
export default defineConfig({
  test: {
    projects: ["packages/*", "tools/*"],
    maxWorkers: 2,
  },
});

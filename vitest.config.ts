import { defineConfig } from "vitest/config";
import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * Projects whose files start first. stress holds the longest file (the kill -9 loop, about
 * 45 s beside the other worker): started last, as ordering by project name did, it ran on
 * alone at the end of the run. A project's files stay together, so that one worker process
 * runs them one after the other (isolate: false reuses a worker only within a project).
 */
const FIRST_PROJECTS = ["stress"];

class LongestProjectsFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    // Within a project: the last run's longest files first, else the largest (vitest's order).
    const sorted = await super.sort(files);
    const rank = (file: TestSpecification) => {
      const index = FIRST_PROJECTS.indexOf(file.project.name);
      return index === -1 ? FIRST_PROJECTS.length : index;
    };
    return sorted.sort((a, b) => rank(a) - rank(b)); // stable: keeps vitest's order otherwise
  }
}

// Every package is a project with its own vitest.config.ts. Four workers on CI's two cores: the
// end-to-end suites spend much of their time waiting on real tmux, claude and browser processes.
// The whole run measured 308 s with four against 325 s with three (1,872 tests; 9 m 19 s with
// two at 1,863): with four the two cores are busy to the end, so more would only queue.
export default defineConfig({
  test: {
    projects: ["packages/*", "tools/*"],
    maxWorkers: 4,
    sequence: { sequencer: LongestProjectsFirst },
  },
});

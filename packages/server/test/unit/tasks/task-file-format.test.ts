/** task.json written by older versions still loads: fields a version no longer writes are dropped, not fatal. */
import { describe, expect, it } from "vitest";
import { parseTaskFile, serializeTaskFile } from "../../../src/tasks/store/task-file-format.js";

const id = "1700000000-0000abcd";
/** A task.json of the version that counted a run's launches in `launch_attempts`. */
const withLaunchAttempts = JSON.stringify({
  task_id: id,
  session_id: "550e8400-e29b-41d4-a716-446655440000",
  prompt: "p",
  workdir: "/tmp",
  status: "running",
  created_at: 1,
  tmux_session: `claude-${id}`,
  followups: [],
  runs: [{ prompt: "p", state: "running", sent_at: 1, started_at: 2, log_start: 0, launch_attempts: 2 }],
  format: 2,
});

describe("task.json", () => {
  it("loads a run that has launch_attempts, and no longer writes it", () => {
    const { task, legacy } = parseTaskFile(withLaunchAttempts, id);
    expect(legacy).toBe(true);
    expect(task.runs).toEqual([{ prompt: "p", state: "running", sent_at: 1, started_at: 2, log_start: 0 }]);
    expect(task.status).toBe("running");
    expect(serializeTaskFile(task)).not.toContain("launch_attempts");
  });
});

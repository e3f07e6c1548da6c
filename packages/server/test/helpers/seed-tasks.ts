/** Writes finished tasks straight into a TASKS_DIR, for tests that need many or old ones. */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { TaskRecord } from "../../src/tasks/task-record.js";

/** Writes a finished task in the seed server's format (no runs); `extra` sets fields of the record. */
export function writeFinishedTask(tasksDir: string, id: string, createdAt: number, extra: Partial<TaskRecord> = {}): void {
  const dir = path.join(tasksDir, id);
  mkdirSync(dir, { recursive: true });
  const task = {
    task_id: id,
    session_id: "550e8400-e29b-41d4-a716-446655440000",
    prompt: `seeded ${id}`,
    workdir: "/tmp",
    status: "completed",
    created_at: createdAt,
    finished_at: createdAt + 1,
    tmux_session: `claude-${id}`,
    ...extra,
  };
  writeFileSync(path.join(dir, "task.json"), JSON.stringify(task));
  writeFileSync(path.join(dir, "output.log"), '{"type":"result","result":"ok"}\n__CLAUDE_EXIT_CODE_0__\n');
}

/** A valid task id for a given second and counter. */
export const seededId = (seconds: number, n: number) => `${seconds}-${n.toString(16).padStart(8, "0")}`;

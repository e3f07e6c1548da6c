/**
 * Writes finished task records straight into a TASKS_DIR in the store's own format (the
 * server's serializeTaskFile), so a test can have 10,000 tasks in a second instead of
 * launching 10,000 runs. The server must be stopped while seeding (it reads the folder at start).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { serializeTaskFile, type TaskRecord } from "@claude-task-api/server";

/** What a seeded task may differ in; the rest is a completed one-run task. */
export interface SeedTask {
  /** Seconds since the epoch; with `n`, makes the id. */
  createdAt: number;
  n: number;
  prompt: string;
  status?: "completed" | "error" | "killed";
  labels?: Record<string, string>;
  costUsd?: number;
}

/** A valid task id for a given second and counter. */
export const seedTaskId = (seconds: number, n: number) => `${Math.floor(seconds)}-${n.toString(16).padStart(8, "0")}`;

/** Writes each task's task.json and an empty output.log; answers their ids. */
export function seedTasks(tasksDir: string, tasks: Iterable<SeedTask>): string[] {
  const ids: string[] = [];
  for (const s of tasks) {
    const id = seedTaskId(s.createdAt, s.n);
    const status = s.status ?? "completed";
    const record: TaskRecord = {
      task_id: id,
      session_id: "550e8400-e29b-41d4-a716-446655440000",
      prompt: s.prompt,
      workdir: "/tmp",
      status,
      created_at: s.createdAt,
      finished_at: s.createdAt + 1,
      tmux_session: `claude-${id}`,
      ...(s.labels && { labels: s.labels }),
      runs: [
        {
          prompt: s.prompt,
          state: status,
          sent_at: s.createdAt,
          started_at: s.createdAt,
          finished_at: s.createdAt + 1,
          exit_code: 0,
          result: { is_error: status === "error", text: "done", total_cost_usd: s.costUsd ?? 0, num_turns: 1, duration_ms: 1000 },
        },
      ],
    };
    const dir = path.join(tasksDir, id);
    mkdirSync(path.join(dir, "runs"), { recursive: true, mode: 0o700 });
    writeFileSync(path.join(dir, "task.json"), serializeTaskFile(record), { mode: 0o600 });
    writeFileSync(path.join(dir, "output.log"), "");
    ids.push(id);
  }
  return ids;
}

/**
 * The task record as kept in memory and in task.json, and the rules that derive a task's
 * status from its runs. A task has one run per prompt: run 0 is the first prompt, every
 * follow-up adds one. Runs execute one at a time, in order.
 */
export const TASK_STATUSES = ["running", "completed", "error", "killed"] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export const RUN_STATES = ["queued", "running", "completed", "error", "killed"] as const;
export type RunState = (typeof RUN_STATES)[number];

export interface RunRecord {
  prompt: string;
  state: RunState;
  /** When the server accepted the prompt (unix seconds). */
  sent_at: number;
  started_at?: number;
  finished_at?: number;
  exit_code?: number;
  /** Why the run failed, when known without reading the log. */
  error?: string;
}

export interface TaskRecord {
  task_id: string;
  session_id: string;
  prompt: string;
  workdir: string;
  status: TaskStatus;
  created_at: number;
  finished_at?: number;
  killed_at?: number;
  error?: string;
  tmux_session: string;
  runs: RunRecord[];
  /** Fields written by other versions that this one does not know; kept so nothing is lost. */
  extra?: Record<string, unknown>;
}

export const nowSeconds = () => Date.now() / 1000;

export const isFinishedRun = (state: RunState) => state !== "queued" && state !== "running";

/** The run in progress, if any. */
export const activeRun = (task: TaskRecord) => task.runs.find((r) => r.state === "running");

/** The next run waiting to start, if any. */
export const nextQueuedRun = (task: TaskRecord) => task.runs.findIndex((r) => r.state === "queued");

/**
 * Recomputes the task-level fields from its runs: running while anything is running or
 * queued; otherwise the LAST run decides, so a good follow-up after a failure completes the task.
 */
export function deriveTaskFields(task: TaskRecord): void {
  const last = task.runs[task.runs.length - 1];
  if (!last) return;
  if (task.runs.some((r) => !isFinishedRun(r.state))) {
    task.status = "running";
    delete task.finished_at;
    delete task.error;
    delete task.killed_at;
    return;
  }
  task.status = last.state as TaskStatus;
  if (last.finished_at !== undefined) task.finished_at = last.finished_at;
  if (last.state === "error" && last.error) task.error = last.error;
  if (last.state !== "error") delete task.error;
  if (last.state !== "killed") delete task.killed_at;
}

export const exitCodeToState = (code: number): RunState => (code === 0 ? "completed" : "error");

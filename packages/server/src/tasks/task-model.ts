/**
 * The rules that derive a task's status from its runs (the record itself is openapi.yaml's
 * `Task`, see task-record.ts). A task has one run per prompt: run 0 is the first prompt, every
 * follow-up adds one. Runs execute one at a time, in order.
 */
import { schemas } from "@claude-task-api/sdk/contract";
import type { Callback, PendingApproval, ResultSummary, RunOptions, Totals } from "../generated/schemas.js";
import type { RunRecord, TaskRecord } from "./task-record.js";

export type { PendingApproval, ResultSummary, RunOptions, RunRecord, TaskRecord, Totals };

export const TASK_STATUSES = schemas.TaskStatus.enum;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export const RUN_STATES = schemas.RunState.enum;
export type RunState = (typeof RUN_STATES)[number];

/** The task's webhook (`on: finish` once, when the task finishes; `status` on every change) and its attempts. */
export type TaskCallback = Callback;

/** One attempt to deliver a webhook, recorded on the task. */
export type WebhookAttempt = Callback["attempts"][number];

export const nowSeconds = () => Date.now() / 1000;

const FINISHED: ReadonlySet<string> = new Set(schemas.FinishedStatus.enum);

/** A run stopped by an interrupt (without a prompt) ended: its task shows `killed`. */
export const isFinishedRun = (state: RunState) => state === "interrupted" || FINISHED.has(state);

/** True once nothing of the task is running or waiting. */
export const isFinishedTask = (status: TaskStatus) => FINISHED.has(status);

/** The index of the run in progress, -1 when none is (a task runs one run at a time). */
export const activeRunIndex = (task: TaskRecord) => task.runs.findIndex((r) => r.state === "running");

/** Whether one of the task's runs is in progress (and so holds a slot). */
export const hasActiveRun = (task: TaskRecord) => activeRunIndex(task) !== -1;

/** The next run waiting to start, if any. */
export const nextQueuedRun = (task: TaskRecord) => task.runs.findIndex((r) => r.state === "queued");

/**
 * Recomputes the task-level fields from its runs: running while anything is running or
 * queued; otherwise the LAST run decides, so a good follow-up after a failure completes the task.
 */
export function deriveTaskFields(task: TaskRecord): void {
  const last = task.runs[task.runs.length - 1];
  if (!last) return;
  // Only the run in progress can wait for an answer: a run that ended (killed, too) drops its approvals.
  const active = activeRunIndex(task);
  const pending = task.pending_approvals?.filter((a) => a.run === active) ?? [];
  if (pending.length > 0) task.pending_approvals = pending;
  else delete task.pending_approvals;
  if (task.runs.some((r) => !isFinishedRun(r.state))) {
    // Waiting for a free slot (MAX_CONCURRENT_TASKS) is `queued`; a follow-up waiting behind
    // its own task's run keeps the task `running`.
    task.status = hasActiveRun(task) ? "running" : "queued";
    delete task.finished_at;
    delete task.error;
    delete task.killed_at;
    return;
  }
  task.status = last.state === "interrupted" ? "killed" : last.state;
  if (last.finished_at !== undefined) task.finished_at = last.finished_at;
  // A killed run may carry a reason too (a timeout); a user's kill has none.
  if (last.error && (last.state === "error" || last.state === "killed")) task.error = last.error;
  else delete task.error;
  if (last.state !== "killed") delete task.killed_at;
}

export const exitCodeToState = (code: number): RunState => (code === 0 ? "completed" : "error");

/** The options run `index` runs with: the task's, overridden by the run's own. */
export const effectiveOptions = (task: TaskRecord, index: number): RunOptions => ({
  ...task.options,
  ...task.runs[index]?.options,
});

/**
 * What each run cost on its own. claude reports `total_cost_usd` as the running total of the
 * conversation, so a resumed run's own cost is the difference from the run it continued.
 * (Runs written by older versions carry no `resumed`; follow-ups then always resumed.)
 */
export function runCosts(task: TaskRecord): number[] {
  let sessionTotal = 0;
  return task.runs.map((run, i) => {
    const reported = run.result?.total_cost_usd;
    if (reported === undefined) return 0;
    const resumed = run.resumed ?? i > 0;
    const own = resumed ? Math.max(0, reported - sessionTotal) : reported;
    sessionTotal = reported;
    return own;
  });
}

/** Sums over every run that reported a result. */
export function totals(task: TaskRecord): Totals {
  const sum = { total_cost_usd: 0, num_turns: 0, duration_ms: 0 };
  const costs = runCosts(task);
  task.runs.forEach((run, i) => {
    sum.total_cost_usd += costs[i] ?? 0;
    sum.num_turns += run.result?.num_turns ?? 0;
    sum.duration_ms += run.result?.duration_ms ?? 0;
  });
  return sum;
}

/** The result of the last run that has one. */
export const lastResult = (task: TaskRecord) => [...task.runs].reverse().find((r) => r.result)?.result;

/**
 * The seed API's `followups` entries (every run after the first), with each one's state.
 * Both task.json and the HTTP views carry them in this shape.
 */
export const followups = (task: TaskRecord) =>
  task.runs.slice(1).map((r) => ({
    prompt: r.prompt,
    sent_at: r.sent_at,
    state: r.state,
    ...(r.started_at !== undefined && { started_at: r.started_at }),
    ...(r.finished_at !== undefined && { finished_at: r.finished_at }),
    ...(r.exit_code !== undefined && { exit_code: r.exit_code }),
  }));

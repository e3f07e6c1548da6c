/** Turns stored task records into the wire shapes of openapi.yaml (typed by the generated schemas). */
import type { KillResponse, MessageResponse, Run, Task, TaskStatusEvent, TaskSummary } from "../../generated/schemas.js";
import { runErrorKind, taskErrorKind } from "../../tasks/runs/error-kind.js";
import { followups, lastResult, type RunRecord, runCosts, type TaskRecord, totals } from "../../tasks/task-model.js";
import { callbackUrlWithoutCredentials } from "../../webhooks/callback-policy.js";

const LIST_PROMPT_CHARS = 120;

const runView = (r: RunRecord, index: number, cost: number): Run => ({
  index,
  prompt: r.prompt,
  state: r.state,
  sent_at: r.sent_at,
  ...(r.started_at !== undefined && { started_at: r.started_at }),
  ...(r.finished_at !== undefined && { finished_at: r.finished_at }),
  ...(r.exit_code !== undefined && { exit_code: r.exit_code }),
  ...(r.error !== undefined && { error: r.error }),
  ...(runErrorKind(r) !== undefined && { error_kind: runErrorKind(r) }),
  ...(r.options && { options: r.options }),
  ...(r.result && { result: r.result }),
  ...(r.resumed !== undefined && { resumed: r.resumed }),
  cost_usd: cost,
});

export function taskView(t: TaskRecord, queuePosition?: number): Task {
  const result = lastResult(t);
  const costs = runCosts(t);
  const errorKind = taskErrorKind(t);
  return {
    task_id: t.task_id,
    session_id: t.session_id,
    prompt: t.prompt,
    workdir: t.workdir,
    status: t.status,
    created_at: t.created_at,
    ...(t.finished_at !== undefined && { finished_at: t.finished_at }),
    ...(t.killed_at !== undefined && { killed_at: t.killed_at }),
    ...(t.error !== undefined && { error: t.error }),
    ...(errorKind !== undefined && { error_kind: errorKind }),
    tmux_session: t.tmux_session,
    followups: followups(t),
    ...(t.options && { options: t.options }),
    ...(t.labels && { labels: t.labels }),
    runs: t.runs.map((r, i) => runView(r, i, costs[i] ?? 0)),
    ...(result && { result }),
    totals: totals(t),
    ...(queuePosition !== undefined && { queue_position: queuePosition }),
    ...(t.callback && { callback: { ...t.callback, url: callbackUrlWithoutCredentials(t.callback.url) } }),
    ...(t.worktree && { worktree: t.worktree }),
    pending_approvals: t.pending_approvals ?? [],
  };
}

const summaryView = (t: TaskRecord, queuePosition?: number): TaskSummary => ({
  task_id: t.task_id,
  // Array.from counts code points, so a cut never splits a surrogate pair.
  prompt: Array.from(t.prompt.slice(0, LIST_PROMPT_CHARS * 2))
    .slice(0, LIST_PROMPT_CHARS)
    .join(""),
  status: t.status,
  created_at: t.created_at,
  ...(t.finished_at !== undefined && { finished_at: t.finished_at }),
  total_cost_usd: totals(t).total_cost_usd,
  ...(t.labels && { labels: t.labels }),
  ...(queuePosition !== undefined && { queue_position: queuePosition }),
  ...(t.pending_approvals?.length && { attention: "approval" as const, pending_approvals: t.pending_approvals }),
});

/** Summaries as JSON, remembered per record: the store replaces a record on every change, never edits it. */
const summaryJsonCache = new WeakMap<TaskRecord, string>();

/**
 * summaryView as JSON text, computed once per version of a record (a full list of 10,000
 * tasks then costs a join, whichever format the record was read from). A queue position
 * changes without the record changing: those few summaries are not remembered.
 */
export function summaryJson(t: TaskRecord, queuePosition?: number): string {
  if (queuePosition !== undefined) return JSON.stringify(summaryView(t, queuePosition));
  let json = summaryJsonCache.get(t);
  if (json === undefined) {
    json = JSON.stringify(summaryView(t));
    summaryJsonCache.set(t, json);
  }
  return json;
}

/** What a status event on the event stream carries: enough to follow progress, without prompts. */
export const statusView = (t: TaskRecord): TaskStatusEvent => ({
  task_id: t.task_id,
  status: t.status,
  ...(t.finished_at !== undefined && { finished_at: t.finished_at }),
  ...(t.error !== undefined && { error: t.error }),
  runs: t.runs.map((r, index) => ({ index, state: r.state, ...(r.exit_code !== undefined && { exit_code: r.exit_code }) })),
});

export const messageView = (t: TaskRecord): MessageResponse => ({
  task_id: t.task_id,
  session_id: t.session_id,
  status: t.status,
  followups: followups(t),
});

export const killView = (t: TaskRecord): KillResponse => ({
  task_id: t.task_id,
  status: "killed" as const,
  killed_at: t.killed_at ?? t.finished_at ?? t.created_at,
});

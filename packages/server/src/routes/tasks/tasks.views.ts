/** Turns stored task records into the wire shapes of openapi.yaml (typed by the generated schemas). */
import {
  type KillResponse,
  type MessageResponse,
  type Run,
  RunSchema,
  type Task,
  TaskSchema,
  type TaskStatusEvent,
  type TaskSummary,
} from "../../generated/schemas.js";
import { runErrorKind, taskErrorKind } from "../../tasks/runs/error-kind.js";
import { followups, lastResult, type RunRecord, runCosts, type TaskRecord, totals } from "../../tasks/task-model.js";
import { STORED_RUN_FIELDS, STORED_TASK_FIELDS } from "../../tasks/task-record.js";
import { callbackUrlWithoutCredentials } from "../../webhooks/callback-policy.js";

const LIST_PROMPT_CHARS = 120;

const specOrder = (shape: object) => new Map(Object.keys(shape).map((key, i) => [key, i]));
const TASK_ORDER = specOrder(TaskSchema.shape);
const RUN_ORDER = specOrder(RunSchema.shape);

/** The object's fields in the order openapi.yaml lists them (as the views always wrote them). */
function inSpecOrder<T extends object>(value: T, order: Map<string, number>): T {
  const rank = (key: string) => order.get(key) ?? order.size;
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => rank(a) - rank(b))) as T;
}

/**
 * The record's own fields that the spec's object also names, as they are; an optional one that
 * is unset stays absent (required ones are always set, so the result is their Pick).
 */
function copied<R extends object, K extends keyof R>(record: R, keys: readonly K[]): Pick<R, K> {
  const out: Partial<Pick<R, K>> = {};
  for (const key of keys) if (record[key] !== undefined) out[key] = record[key];
  return out as Pick<R, K>;
}

const runView = (r: RunRecord, index: number, cost: number): Run => {
  const errorKind = runErrorKind(r);
  const view: Run = {
    index,
    ...copied(r, STORED_RUN_FIELDS),
    ...(errorKind !== undefined && { error_kind: errorKind }),
    cost_usd: cost,
  };
  return inSpecOrder(view, RUN_ORDER);
};

/** Why the task waits for a person: a tool use to answer, or a budget to raise. */
function attention(t: TaskRecord, errorKind = taskErrorKind(t)): Task["attention"] {
  if (t.pending_approvals?.length) return "approval";
  return errorKind === "budget" ? "budget" : undefined;
}

/**
 * The API's Task: every stored field the spec's `Task` names (task-record.ts), and the ones
 * computed from the runs. A field added to `Task` in openapi.yaml and set on the record shows
 * here without an edit.
 */
export function taskView(t: TaskRecord, queuePosition?: number): Task {
  const result = lastResult(t);
  const costs = runCosts(t);
  const errorKind = taskErrorKind(t);
  const needs = attention(t, errorKind);
  const view: Task = {
    ...copied(t, STORED_TASK_FIELDS),
    ...(errorKind !== undefined && { error_kind: errorKind }),
    followups: followups(t),
    runs: t.runs.map((r, i) => runView(r, i, costs[i] ?? 0)),
    ...(result && { result }),
    totals: totals(t),
    ...(queuePosition !== undefined && { queue_position: queuePosition }),
    pending_approvals: t.pending_approvals ?? [],
    ...(needs && { attention: needs }),
  };
  if (t.callback) view.callback = { ...t.callback, url: callbackUrlWithoutCredentials(t.callback.url) };
  return inSpecOrder(view, TASK_ORDER);
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
  ...withAttention(t),
  ...(t.pending_approvals?.length && { pending_approvals: t.pending_approvals }),
  ...(t.max_budget_usd !== undefined && { max_budget_usd: t.max_budget_usd }),
});

const withAttention = (t: TaskRecord): Pick<TaskSummary, "attention"> => {
  const needs = attention(t);
  return needs ? { attention: needs } : {};
};

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

/**
 * Where money goes: cost, tokens and task/run counts summed from the runs' results, per day,
 * model or label value. A run counts on the day it finished (in BUDGET_TIMEZONE); its cost is
 * its own share (runCosts), its tokens the `usage` its result reported.
 */
import { AppError } from "../../errors.js";
import type { Usage, UsageSums } from "../../generated/schemas.js";
import { effectiveOptions, runCosts, type TaskRecord } from "../task-model.js";
import { addDays, dayKey, isRealDate } from "./days.js";

export interface UsageQuery {
  from?: string | undefined;
  to?: string | undefined;
  group_by?: string | undefined;
}

/** The longest range one answer covers. */
const MAX_DAYS = 366;
/** The range when `from` is not given: 30 days up to `to`. */
const DEFAULT_DAYS = 30;
const TOKEN_FIELDS = ["input_tokens", "output_tokens", "cache_creation_input_tokens", "cache_read_input_tokens"] as const;

const emptySums = (): UsageSums => ({
  cost_usd: 0,
  input_tokens: 0,
  output_tokens: 0,
  cache_creation_input_tokens: 0,
  cache_read_input_tokens: 0,
  tasks: 0,
  runs: 0,
});

/** A date parameter checked for being a real day; a 400 naming it otherwise. */
function realDate(name: string, value: string): string {
  if (!isRealDate(value)) throw new AppError("validation_failed", `${name}: ${value} is not a date (YYYY-MM-DD)`);
  return value;
}

function checkedRange(query: UsageQuery, today: string): { from: string; to: string } {
  const to = query.to === undefined ? today : realDate("to", query.to);
  const from = query.from === undefined ? addDays(to, 1 - DEFAULT_DAYS) : realDate("from", query.from);
  if (from > to) throw new AppError("validation_failed", `from: ${from} is after to (${to})`);
  if (addDays(from, MAX_DAYS - 1) < to) {
    throw new AppError("validation_failed", `from: the range ${from}..${to} is longer than ${MAX_DAYS} days`);
  }
  return { from, to };
}

/** The group a run of `task` falls in. */
function groupKey(groupBy: string, task: TaskRecord, index: number, day: string): string {
  if (groupBy === "day") return day;
  // The model the run asked for; `default` when it named none (the CLI's own choice).
  if (groupBy === "model") return effectiveOptions(task, index).model ?? "default";
  return task.labels?.[groupBy.slice("label:".length)] ?? "";
}

/** Sums over the runs of `tasks` that finished from `from` to `to` (dates in `timezone`). */
export function usage(tasks: Iterable<TaskRecord>, query: UsageQuery, timezone: string, nowMs: number): Usage {
  const groupBy = query.group_by ?? "day";
  const { from, to } = checkedRange(query, dayKey(nowMs, timezone));
  const groups = new Map<string, UsageSums>();
  if (groupBy === "day") for (let d = from; d <= to; d = addDays(d, 1)) groups.set(d, emptySums());
  const total = emptySums();
  const tasksIn = new Map<UsageSums, Set<string>>();
  for (const task of tasks) {
    const costs = runCosts(task);
    task.runs.forEach((run, i) => {
      if (run.finished_at === undefined || !run.result) return;
      const day = dayKey(run.finished_at * 1000, timezone);
      if (day < from || day > to) return;
      const key = groupKey(groupBy, task, i, day);
      const sums = groups.get(key) ?? emptySums();
      groups.set(key, sums);
      for (const target of [sums, total]) {
        target.cost_usd += costs[i] ?? 0;
        target.runs += 1;
        for (const field of TOKEN_FIELDS) {
          const n = run.result?.usage?.[field];
          if (typeof n === "number" && Number.isFinite(n)) target[field] += n;
        }
        const seen = tasksIn.get(target) ?? new Set<string>();
        tasksIn.set(target, seen.add(task.task_id));
      }
    });
  }
  for (const [sums, ids] of tasksIn) sums.tasks = ids.size;
  // Days in calendar order; models and labels most expensive first.
  const ordered = [...groups].sort(([ka, a], [kb, b]) => (groupBy === "day" ? ka.localeCompare(kb) : b.cost_usd - a.cost_usd));
  return { from, to, timezone, group_by: groupBy, groups: ordered.map(([key, sums]) => ({ key, ...sums })), total };
}

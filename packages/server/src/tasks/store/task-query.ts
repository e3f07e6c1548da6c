/**
 * Searching, filtering, sorting and cursor paging over the task list. Cursors name the last
 * task of a page (its sort key and id); the next page holds the tasks strictly after it, so
 * pages stay stable while new tasks are being created.
 */
import { AppError } from "../../errors.js";
import { TASK_STATUSES, type TaskRecord, type TaskStatus, totals } from "../task-model.js";

export const TASK_SORTS = ["newest", "oldest", "cost"] as const;
export type TaskSort = (typeof TASK_SORTS)[number];

export interface TaskQuery {
  labels?: Record<string, string> | undefined;
  statuses?: TaskStatus[] | undefined;
  /** Text in any of the task's prompts (any case), or the start of its id. */
  text?: string | undefined;
  /** `newest` (default), `oldest`, or `cost` (most expensive first). */
  sort?: TaskSort | undefined;
  limit?: number | undefined;
  cursor?: string | undefined;
  /** Only tasks the caller may see (a workdir-limited token's): left out before paging, so pages stay full. */
  visible?: ((t: TaskRecord) => boolean) | undefined;
}

export interface TaskPage {
  tasks: TaskRecord[];
  /** Present when more tasks follow; pass it back as `cursor`. */
  next_cursor?: string;
}

const DEFAULT_PAGE_SIZE = 50;

/** Per sort: the number a task is ordered by, and whether larger comes first (ids break ties the same way). */
const ORDERS: Record<TaskSort, { key: (t: TaskRecord) => number; descending: boolean }> = {
  newest: { key: (t) => t.created_at, descending: true },
  oldest: { key: (t) => t.created_at, descending: false },
  cost: { key: (t) => totals(t).total_cost_usd, descending: true },
};

interface Position {
  key: number;
  id: string;
}

/** Negative when `a` comes before `b` in the sort's order. */
function compare(a: Position, b: Position, descending: boolean): number {
  const byKey = a.key - b.key || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  return descending ? -byKey : byKey;
}

// The newest-first cursor keeps the shape it had before sorts existed ({c, i}), so cursors
// handed out by an older server still work.
function encodeCursor(sort: TaskSort, at: Position): string {
  const body = sort === "newest" ? { c: at.key, i: at.id } : { s: sort, k: at.key, i: at.id };
  return Buffer.from(JSON.stringify(body)).toString("base64url");
}

function decodeCursor(cursor: string, sort: TaskSort): Position {
  let body: { c?: unknown; k?: unknown; i?: unknown; s?: unknown } | undefined;
  try {
    body = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    // Reported below.
  }
  const key = body?.s === undefined ? body?.c : body.k;
  const made = body?.s ?? "newest";
  if (typeof key !== "number" || !Number.isFinite(key) || typeof body?.i !== "string")
    throw new AppError("validation_failed", "cursor is not one this server returned; start again without it");
  if (made !== sort) throw new AppError("validation_failed", `cursor belongs to sort=${String(made)}; start again without it`);
  return { key, id: body.i };
}

/** Parses `running,queued` into statuses, rejecting unknown names. */
export function parseStatuses(text: string): TaskStatus[] {
  const names = text.split(",").map((s) => s.trim());
  const unknown = names.filter((n) => !(TASK_STATUSES as readonly string[]).includes(n));
  if (unknown.length)
    throw new AppError("validation_failed", `unknown status ${unknown.join(", ")} (use ${TASK_STATUSES.join(", ")})`);
  return names as TaskStatus[];
}

/**
 * Each record's prompts in lower case, made once per record (an update replaces the record,
 * so an entry never goes stale): a search over 10,000 tasks then lowers only the query.
 * Costs one lower-cased copy of the prompts held in memory.
 */
const searchText = new WeakMap<TaskRecord, string>();

function promptText(t: TaskRecord): string {
  let text = searchText.get(t);
  if (text === undefined) {
    text = [t.prompt, ...t.runs.slice(1).map((r) => r.prompt)].join("\n").toLowerCase();
    searchText.set(t, text);
  }
  return text;
}

/** The filter a query asks for, cheapest tests first. */
function matcher(query: TaskQuery): (t: TaskRecord) => boolean {
  const labels = Object.entries(query.labels ?? {});
  const statuses = query.statuses ? new Set(query.statuses) : undefined;
  const text = query.text?.toLowerCase();
  const { visible } = query;
  return (t) =>
    (!statuses || statuses.has(t.status)) &&
    (!visible || visible(t)) &&
    labels.every(([k, v]) => t.labels?.[k] === v) &&
    (!text || t.task_id.startsWith(text) || promptText(t).includes(text));
}

/** `newestFirst` (every task, newest first) in the query's order, with each one's sort key. */
function ordered(newestFirst: TaskRecord[], sort: TaskSort): { tasks: TaskRecord[]; keys: number[] } {
  const { key } = ORDERS[sort];
  if (sort === "newest") return { tasks: newestFirst, keys: newestFirst.map(key) };
  if (sort === "oldest") {
    const tasks = newestFirst.toReversed();
    return { tasks, keys: tasks.map(key) };
  }
  // Costs move while runs go on: sorted afresh per request (about 3 ms at 10,000 tasks).
  const entries = newestFirst.map((t) => ({ t, p: { key: key(t), id: t.task_id } }));
  entries.sort((a, b) => compare(a.p, b.p, true));
  return { tasks: entries.map((e) => e.t), keys: entries.map((e) => e.p.key) };
}

/** Applies the query to `all` (newest first) and cuts one page when a limit or cursor is given. */
export function queryTasks(all: TaskRecord[], query: TaskQuery): TaskPage {
  const sort = query.sort ?? "newest";
  const matches = matcher(query);
  const paged = query.limit !== undefined || query.cursor !== undefined;
  if (!paged && sort === "newest") return { tasks: all.filter(matches) };
  const { tasks: list, keys } = ordered(all, sort);
  if (!paged) return { tasks: list.filter(matches) };

  const limit = query.limit ?? DEFAULT_PAGE_SIZE;
  const { descending } = ORDERS[sort];
  let start = 0;
  if (query.cursor !== undefined) {
    const after = decodeCursor(query.cursor, sort);
    // Binary search for the first task strictly after the cursor in list order.
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const at = { key: keys[mid] as number, id: (list[mid] as TaskRecord).task_id };
      if (compare(at, after, descending) <= 0) lo = mid + 1;
      else hi = mid;
    }
    start = lo;
  }
  const tasks: TaskRecord[] = [];
  let i = start;
  let lastIndex = -1;
  for (; i < list.length && tasks.length < limit; i++) {
    const t = list[i] as TaskRecord;
    if (matches(t)) {
      tasks.push(t);
      lastIndex = i;
    }
  }
  let more = false;
  for (let j = i; tasks.length === limit && j < list.length && !more; j++) more = matches(list[j] as TaskRecord);
  const last = tasks.at(-1);
  return more && last
    ? { tasks, next_cursor: encodeCursor(sort, { key: keys[lastIndex] as number, id: last.task_id }) }
    : { tasks };
}

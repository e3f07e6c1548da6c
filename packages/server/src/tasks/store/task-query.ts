/**
 * Filtering and cursor paging over the task list. Cursors name the last task of a page
 * (its created_at and id); the next page holds the tasks strictly older than it, so pages
 * stay stable while new tasks are being created.
 */
import { AppError } from "../../errors.js";
import { TASK_STATUSES, type TaskRecord, type TaskStatus } from "../task-model.js";
import { newestFirst } from "./task-store.js";

export interface TaskQuery {
  labels?: Record<string, string> | undefined;
  statuses?: TaskStatus[] | undefined;
  limit?: number | undefined;
  cursor?: string | undefined;
}

export interface TaskPage {
  tasks: TaskRecord[];
  /** Present when more tasks follow; pass it back as `cursor`. */
  next_cursor?: string;
}

const DEFAULT_PAGE_SIZE = 50;

interface CursorPosition {
  created_at: number;
  task_id: string;
}

const encodeCursor = (t: TaskRecord) => Buffer.from(JSON.stringify({ c: t.created_at, i: t.task_id })).toString("base64url");

function decodeCursor(cursor: string): CursorPosition {
  try {
    const { c, i } = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as { c: unknown; i: unknown };
    if (typeof c === "number" && Number.isFinite(c) && typeof i === "string") return { created_at: c, task_id: i };
  } catch {
    // Reported below.
  }
  throw new AppError("validation_failed", "cursor is not one this server returned; start again without it");
}

/** Parses `running,queued` into statuses, rejecting unknown names. */
export function parseStatuses(text: string): TaskStatus[] {
  const names = text.split(",").map((s) => s.trim());
  const unknown = names.filter((n) => !(TASK_STATUSES as readonly string[]).includes(n));
  if (unknown.length)
    throw new AppError("validation_failed", `unknown status ${unknown.join(", ")} (use ${TASK_STATUSES.join(", ")})`);
  return names as TaskStatus[];
}

/** Applies filters to `all` (already newest first) and cuts one page when a limit or cursor is given. */
export function queryTasks(all: TaskRecord[], query: TaskQuery): TaskPage {
  const labels = Object.entries(query.labels ?? {});
  const statuses = query.statuses ? new Set(query.statuses) : undefined;
  const matches = (t: TaskRecord) => (!statuses || statuses.has(t.status)) && labels.every(([k, v]) => t.labels?.[k] === v);
  if (query.limit === undefined && query.cursor === undefined) return { tasks: all.filter(matches) };

  const limit = query.limit ?? DEFAULT_PAGE_SIZE;
  let start = 0;
  if (query.cursor !== undefined) {
    const after = decodeCursor(query.cursor);
    const boundary = { created_at: after.created_at, task_id: after.task_id } as TaskRecord;
    // Binary search for the first task strictly after the cursor in list order.
    let lo = 0;
    let hi = all.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (newestFirst(all[mid] as TaskRecord, boundary) <= 0) lo = mid + 1;
      else hi = mid;
    }
    start = lo;
  }
  const tasks: TaskRecord[] = [];
  let i = start;
  for (; i < all.length && tasks.length < limit; i++) {
    const t = all[i] as TaskRecord;
    if (matches(t)) tasks.push(t);
  }
  let more = false;
  for (let j = i; tasks.length === limit && j < all.length && !more; j++) more = matches(all[j] as TaskRecord);
  const last = tasks.at(-1);
  return more && last ? { tasks, next_cursor: encodeCursor(last) } : { tasks };
}

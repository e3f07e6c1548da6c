/** Filtering and cursor paging of the task list. */
import { describe, expect, it } from "vitest";
import { parseStatuses, queryTasks } from "../../../src/tasks/store/task-query.js";
import { newestFirst } from "../../../src/tasks/store/task-store.js";
import type { TaskRecord, TaskStatus } from "../../../src/tasks/task-model.js";

const task = (i: number, status: TaskStatus, labels?: Record<string, string>): TaskRecord => ({
  task_id: `1700000000-${i.toString(16).padStart(8, "0")}`,
  session_id: "s",
  prompt: `p${i}`,
  workdir: "/",
  status,
  // Two tasks per second: ties on created_at are broken by id.
  created_at: 1000 + Math.floor(i / 2),
  tmux_session: `claude-${i}`,
  runs: [],
  ...(labels && { labels }),
});

const all = Array.from({ length: 25 }, (_, i) =>
  task(i, i % 3 === 0 ? "completed" : "running", i % 2 ? { team: "a" } : { team: "b" }),
).sort(newestFirst);
const ids = (tasks: TaskRecord[]) => tasks.map((t) => t.task_id);

describe("queryTasks", () => {
  it("without limit or cursor, answers every match in one page", () => {
    expect(queryTasks(all, {})).toEqual({ tasks: all });
    const page = queryTasks(all, { statuses: ["completed"], labels: { team: "a" } });
    expect(page.tasks.every((t) => t.status === "completed" && t.labels?.team === "a")).toBe(true);
    expect(page.tasks).toHaveLength(all.filter((t) => t.status === "completed" && t.labels?.team === "a").length);
    expect(page.next_cursor).toBeUndefined();
  });

  it("walks every task exactly once, in order, page by page", () => {
    const seen: TaskRecord[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = queryTasks(all, { limit: 4, cursor });
      seen.push(...page.tasks);
      cursor = page.next_cursor;
      pages++;
    } while (cursor);
    expect(ids(seen)).toEqual(ids(all));
    expect(pages).toBe(7);
  });

  it("keeps pages stable when newer tasks arrive between them", () => {
    const first = queryTasks(all, { limit: 5 });
    const grown = [task(99, "running"), ...all].sort(newestFirst);
    const second = queryTasks(grown, { limit: 5, cursor: first.next_cursor });
    expect(ids(second.tasks)).toEqual(ids(all.slice(5, 10)));
  });

  it("gives no cursor when the filtered list ends exactly at the page's end", () => {
    const running = all.filter((t) => t.status === "running");
    const page = queryTasks(all, { statuses: ["running"], limit: running.length });
    expect(page.tasks).toHaveLength(running.length);
    expect(page.next_cursor).toBeUndefined();
  });

  it("refuses a cursor it did not make", () => {
    expect(() => queryTasks(all, { cursor: "not-a-cursor" })).toThrow(/cursor is not one this server returned/);
  });
});

describe("queryTasks: search and sort", () => {
  const costly = (i: number, prompt: string, cost: number): TaskRecord => ({
    ...task(i, "completed"),
    prompt,
    runs: [
      { prompt, state: "finished", result: { total_cost_usd: cost } },
      { prompt: `Follow-up ${i}`, state: "finished" },
    ] as unknown as TaskRecord["runs"],
  });
  const some = [
    costly(1, "Fix the LOGIN bug", 0.5),
    costly(2, "write docs", 0.1),
    costly(3, "login page tests", 0.9),
    costly(4, "refactor", 0.1),
  ].sort(newestFirst);

  it("finds prompt text in any case, a follow-up's text, and an id prefix", () => {
    expect(ids(queryTasks(some, { text: "login" }).tasks)).toEqual(ids([some[1], some[3]] as TaskRecord[]));
    expect(ids(queryTasks(some, { text: "follow-up 2" }).tasks)).toEqual([costly(2, "", 0).task_id]);
    const id = costly(4, "", 0).task_id;
    expect(ids(queryTasks(some, { text: id }).tasks)).toEqual([id]);
    expect(queryTasks(some, { text: id.slice(0, -1) }).tasks).toHaveLength(4);
    expect(queryTasks(some, { text: "nothing like it" }).tasks).toEqual([]);
  });

  it("sorts oldest first and by cost (ties newest first), paging in that order", () => {
    expect(ids(queryTasks(some, { sort: "oldest" }).tasks)).toEqual(ids(some).toReversed());
    const byCost = ids([costly(3, "", 0), costly(1, "", 0), costly(4, "", 0), costly(2, "", 0)]);
    expect(ids(queryTasks(some, { sort: "cost" }).tasks)).toEqual(byCost);
    for (const sort of ["oldest", "cost"] as const) {
      const first = queryTasks(some, { sort, limit: 3 });
      const second = queryTasks(some, { sort, limit: 3, cursor: first.next_cursor });
      expect([...ids(first.tasks), ...ids(second.tasks)]).toEqual(ids(queryTasks(some, { sort }).tasks));
      expect(second.next_cursor).toBeUndefined();
    }
  });

  it("refuses a cursor made for another sort", () => {
    const { next_cursor } = queryTasks(some, { sort: "cost", limit: 1 });
    expect(() => queryTasks(some, { limit: 1, cursor: next_cursor })).toThrow(/cursor belongs to sort=cost/);
  });
});

describe("parseStatuses", () => {
  it("reads a comma list and refuses unknown names", () => {
    expect(parseStatuses("running, queued")).toEqual(["running", "queued"]);
    expect(() => parseStatuses("running,done")).toThrow(/unknown status done/);
  });
});

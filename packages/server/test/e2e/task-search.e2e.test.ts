/**
 * Finding tasks among 10,000 (issue 23): search by prompt text and id, filter by status and
 * label, sort, page; bad input named. Behaviour only: how long these pages take at 10,000
 * tasks is measured by `npm run bench` (list-scale.mjs), where a quiet machine makes it mean something.
 */
import { type SeedTask, startTestServer, type TestServer } from "@claude-task-api/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api } from "../helpers/api.js";

const COUNT = 10_000;
const BASE = Math.floor(Date.now() / 1000) - 2 * 86400;
let server: TestServer;
let t: ReturnType<typeof api>;
let ids: string[];

/** Task i: every 7th mentions a deploy, every 3rd failed, team a/b alternating, cost i cents. */
const seed = (i: number): SeedTask => ({
  createdAt: BASE + i,
  n: i,
  prompt: i % 7 === 0 ? `Deploy the Service number ${i}` : `Refactor module ${i}`,
  status: i % 3 === 0 ? "error" : "completed",
  labels: { team: i % 2 ? "a" : "b" },
  costUsd: i / 100,
});

beforeAll(async () => {
  server = await startTestServer({ seed: Array.from({ length: COUNT }, (_, i) => seed(i)) });
  ids = server.seeded;
  t = api(server);
}, 120_000);
afterAll(() => server?.stop());

type Row = { task_id: string; prompt: string; status: string; labels?: Record<string, string>; total_cost_usd: number };
const list = async (query: string) => {
  const res = await t.call("GET", `/api/claude/tasks?${query}`);
  expect(res.status, `${query}: ${res.text}`).toBe(200);
  return res.json as { tasks: Row[]; next_cursor?: string };
};

describe("task search at 10,000 tasks", () => {
  it("finds prompt text in any case, filtered by status and label, and pages through every match", async () => {
    const expected = Array.from({ length: COUNT }, (_, i) => i)
      .filter((i) => i % 7 === 0 && i % 3 === 0 && i % 2 === 1)
      .map((i) => ids[i])
      .reverse();
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await list(`q=DEPLOY%20the%20service&status=error&label=team:a&limit=50${cursor ? `&cursor=${cursor}` : ""}`);
      for (const row of page.tasks) {
        expect(row.prompt.toLowerCase()).toContain("deploy the service");
        expect([row.status, row.labels?.team]).toEqual(["error", "a"]);
      }
      seen.push(...page.tasks.map((r) => r.task_id));
      cursor = page.next_cursor;
    } while (cursor);
    expect(seen).toEqual(expected);
  });

  it("finds a task by the start of its id", async () => {
    const id = ids[4242] as string;
    expect((await list(`q=${id}`)).tasks.map((r) => r.task_id)).toEqual([id]);
    expect((await list(`q=${id.slice(0, id.indexOf("-"))}`)).tasks.map((r) => r.task_id)).toEqual([id]);
  });

  it("sorts oldest first and by cost, and pages in that order", async () => {
    expect((await list("sort=oldest&limit=3")).tasks.map((r) => r.task_id)).toEqual(ids.slice(0, 3));
    const first = await list("sort=cost&limit=2");
    expect(first.tasks.map((r) => r.total_cost_usd)).toEqual([(COUNT - 1) / 100, (COUNT - 2) / 100]);
    const second = await list(`sort=cost&limit=2&cursor=${first.next_cursor}`);
    expect(second.tasks.map((r) => r.task_id)).toEqual([ids[COUNT - 3], ids[COUNT - 4]]);
  });

  it("names the parameter of bad search input", async () => {
    const cases: Array<[string, RegExp]> = [
      ["q=", /^q: .*>=1 characters/],
      [`q=${"x".repeat(201)}`, /^q: .*<=200 characters/],
      ["sort=cheapest", /sort must be newest, oldest or cost/],
      [`sort=oldest&cursor=${(await list("sort=cost&limit=1")).next_cursor}`, /cursor belongs to sort=cost/],
    ];
    for (const [query, message] of cases) {
      const res = await t.call("GET", `/api/claude/tasks?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.json.code, query).toBe("validation_failed");
      expect(res.json.error, query).toMatch(message);
    }
  });
});

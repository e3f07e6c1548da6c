/**
 * The server's daily budget with the real claude CLI: runs start with at most what is left of
 * the day, a queued run that finds nothing left ends in `error` (error_kind `budget`) saying so,
 * and creates and follow-ups are refused with 429 `budget_exhausted` and a Retry-After to the
 * next midnight; a schedule's fire then creates nothing and is recorded `skipped_budget`. (That the budget renews at midnight is tested with an injected clock:
 * test/unit/tasks/budgets.test.ts.)
 */
import { startTestServer, type TestServer } from "@claude-task-api/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api } from "../helpers/api.js";
import { scheduleApi } from "../helpers/schedules.js";

let server: TestServer;
let t: ReturnType<typeof api>;

beforeAll(async () => {
  server = await startTestServer({ env: { DAILY_BUDGET_USD: "0.01", BUDGET_TIMEZONE: "UTC" } });
  t = api(server);
});
afterAll(() => server?.stop());

const secondsToUtcMidnight = () => {
  const now = new Date();
  return (Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1) - now.getTime()) / 1000;
};

describe("the daily budget", () => {
  it("caps runs at what is left of the day, ends queued runs that cannot start, then refuses new work with 429", async () => {
    const created = await t.create({ prompt: "@sleep 3000\n@reply spends the day" });
    expect(created.status).toBe(201);
    const id = created.json.task_id;
    // Queued behind the first run while the day's budget is still whole.
    const queued = await t.message(id, "@reply too late today");
    expect(queued.status).toBe(200);
    expect(queued.json.followups[0].state).toBe("queued");

    const done = await t.finished(id);
    expect(done.runs[0]).toMatchObject({ state: "error", error_kind: "budget" });
    expect(done.runs[0].result.text).toBe("Reached maximum budget ($0.01)");
    expect(done.runs[1]).toMatchObject({ state: "error", error_kind: "budget" });
    expect(done.runs[1].error).toContain("daily budget (DAILY_BUDGET_USD $0.010000) is spent for today");
    expect(done).toMatchObject({ status: "error", error_kind: "budget", attention: "budget" });
    expect(server.model.requests.some((r) => r.prompt === "@reply too late today")).toBe(false);
    const spent = done.totals.total_cost_usd;

    const usage = (await t.call("GET", "/api/claude/usage")).json;
    expect(usage).toMatchObject({ daily_budget_usd: 0.01, today_remaining_usd: 0 });
    expect(usage.today_spent_usd).toBeCloseTo(spent, 9);

    for (const refused of [await t.create({ prompt: "@reply refused" }), await t.message(id, "@reply refused too")]) {
      expect(refused.status).toBe(429);
      expect(refused.json.code).toBe("budget_exhausted");
      expect(refused.json.error).toContain("DAILY_BUDGET_USD");
      const retryAfter = Number(refused.headers.get("retry-after"));
      expect(retryAfter).toBeGreaterThan(0);
      expect(Math.abs(retryAfter - secondsToUtcMidnight())).toBeLessThan(5);
    }
    expect((await t.list()).json.tasks).toHaveLength(1);

    // A schedule is still defined (its template is fine); its fires find the day spent.
    const schedules = scheduleApi(server);
    const schedule = await schedules.create({ name: "nightly", cron: "0 3 1 1 *", task: { prompt: "@reply scheduled" } });
    expect(schedule.status).toBe(201);
    const fired = await schedules.run(schedule.json.schedule_id);
    expect(fired.json).toMatchObject({ outcome: "skipped_budget", manual: true });
    expect(fired.json.reason).toContain("DAILY_BUDGET_USD");
    expect(fired.json.task_id).toBeUndefined();
    expect((await schedules.get(schedule.json.schedule_id)).fires).toMatchObject([{ outcome: "skipped_budget" }]);
    expect((await t.list()).json.tasks).toHaveLength(1);

    const metrics = (await t.call("GET", "/api/claude/metrics")).text;
    expect(metrics).toContain("claude_task_daily_budget_remaining_usd 0");
    expect(metrics).toContain('claude_task_schedule_fires_total{outcome="skipped_budget"} 1');
    expect(metrics).toContain('claude_task_schedule_fires_total{outcome="failed"} 0');
    const cost = /claude_task_cost_usd_total\{model="default"\} ([0-9.e-]+)/.exec(metrics)?.[1];
    expect(Number(cost)).toBeCloseTo(spent, 9);
  });
});

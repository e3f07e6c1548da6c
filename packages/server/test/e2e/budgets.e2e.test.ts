/**
 * A task's budget with the real claude CLI: each run gets `--max-budget-usd` set to what is left,
 * a run that reaches it ends with error_kind `budget` (attention `budget`), a follow-up with
 * nothing left does not start, and raising the budget lets a follow-up continue the conversation.
 * Usage sums match the runs. (The scripted model's answers cost claude about $0.05 a turn at the
 * default model's list price, computed by claude from the usage the model reports.)
 */
import { startTestServer, type TestServer } from "@claude-task-api/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api } from "../helpers/api.js";

let server: TestServer;
let t: ReturnType<typeof api>;
/** A finished task, written before the server starts: refusing bad budget changes needs no run. */
let finished: string;

beforeAll(async () => {
  // Long before the usage tests' range, so that it adds nothing to their sums.
  server = await startTestServer({ seed: [{ createdAt: 1700000000, n: 1, prompt: "@reply patched" }] });
  [finished] = server.seeded as [string];
  t = api(server);
});
afterAll(() => server?.stop());

/** The cap claude says a run reached ("Reached maximum budget ($N)"), as a number. */
const reachedCap = (run: { result?: { text?: string } }) =>
  Number(/Reached maximum budget \(\$([0-9.e-]+)\)/.exec(run.result?.text ?? "")?.[1]);

describe("a task's budget", () => {
  it("stops a run at its budget, refuses to start one with nothing left, and continues once raised", async () => {
    const created = await t.create({ prompt: "@reply first answer", max_budget_usd: 0.01, labels: { team: "budgets" } });
    expect(created.status).toBe(201);
    expect(created.json.max_budget_usd).toBe(0.01);
    const id = created.json.task_id;

    const stopped = await t.finished(id);
    expect(reachedCap(stopped.runs[0])).toBe(0.01);
    expect(stopped).toMatchObject({ status: "error", error_kind: "budget", attention: "budget", max_budget_usd: 0.01 });
    expect(stopped.runs[0].result).toMatchObject({ subtype: "error_max_budget_usd", is_error: true });
    const spent = stopped.totals.total_cost_usd;
    // claude checks after each turn, so the one turn overshoots the cap.
    expect(spent).toBeGreaterThan(0.01);
    const listed = (await t.list()).json.tasks.find((s: { task_id: string }) => s.task_id === id);
    expect(listed).toMatchObject({ attention: "budget", max_budget_usd: 0.01, total_cost_usd: spent });

    // Nothing left: the follow-up is recorded and ends without reaching the model.
    const asked = server.model.requests.length;
    expect((await t.message(id, "@reply never asked")).status).toBe(200);
    const refused = await t.finished(id);
    expect(refused).toMatchObject({ status: "error", error_kind: "budget", attention: "budget" });
    expect(refused.runs[1]).toMatchObject({ state: "error", error_kind: "budget" });
    expect(refused.runs[1].error).toContain("raise it");
    expect(server.model.requests.slice(asked).some((r) => r.prompt === "@reply never asked")).toBe(false);

    // Raised by a cent: the next run is capped at that cent (what is left), and stops there too.
    const raised = await t.call("PATCH", `/api/claude/tasks/${id}`, { body: { max_budget_usd: spent + 0.01 } });
    expect(raised.status).toBe(200);
    expect(raised.json).toMatchObject({ task_id: id, max_budget_usd: spent + 0.01, attention: "budget" });
    expect((await t.message(id, "@reply capped again")).status).toBe(200);
    const again = await t.finished(id);
    expect(again).toMatchObject({ status: "error", error_kind: "budget" });
    expect(reachedCap(again.runs[2])).toBeLessThanOrEqual(0.01);
    expect(reachedCap(again.runs[2])).toBeGreaterThanOrEqual(0.009998);

    // Raised by 9 cents: enough for one more turn (about 5 cents) because claude counts a resumed
    // run's own cost against --max-budget-usd, not the conversation's running total (which is
    // already past that): so "what is left" is the right cap.
    const limit = again.totals.total_cost_usd + 0.09;
    expect((await t.call("PATCH", `/api/claude/tasks/${id}`, { body: { max_budget_usd: limit } })).json.max_budget_usd).toBe(
      limit,
    );
    expect((await t.message(id, "@reply second answer")).status).toBe(200);
    const done = await t.finished(id);
    expect(done.status).toBe("completed");
    expect(done.attention).toBeUndefined();
    expect(done.runs[3]).toMatchObject({ state: "completed", resumed: true });
    expect(done.result.text).toBe("second answer");
    // The conversation went on: the model saw the first run's answer.
    const request = server.model.requests.find((r) => r.kind === "conversation" && r.prompt === "@reply second answer");
    expect(JSON.stringify(request?.body)).toContain("first answer");

    // Usage sums are the runs' own costs and results.
    const usage = await t.call("GET", "/api/claude/usage?group_by=label:team");
    expect(usage.status).toBe(200);
    const group = usage.json.groups.find((g: { key: string }) => g.key === "budgets");
    const costs = done.runs.reduce((sum: number, r: { cost_usd: number }) => sum + r.cost_usd, 0);
    expect(group.cost_usd).toBeCloseTo(costs, 9);
    expect(group.cost_usd).toBeCloseTo(done.totals.total_cost_usd, 9);
    expect(group).toMatchObject({ tasks: 1, runs: 3 });
    const outputTokens = done.runs.reduce(
      (n: number, r: { result?: { usage?: { output_tokens?: number } } }) => n + (r.result?.usage?.output_tokens ?? 0),
      0,
    );
    expect(group.output_tokens).toBe(outputTokens);
  });

  it("refuses a budget that is not a positive number, naming the field", async () => {
    const bad = await t.create({ prompt: "@reply x", max_budget_usd: 0 });
    expect(bad.status).toBe(400);
    expect(bad.json.code).toBe("validation_failed");
    expect(bad.json.error).toContain("max_budget_usd");
    const patch = (body: unknown) => t.call("PATCH", `/api/claude/tasks/${finished}`, { body });
    for (const body of [{ max_budget_usd: -1 }, { max_budget_usd: "1" }, {}, { max_budget_usd: 1, other: true }]) {
      const res = await patch(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.json.code).toBe("validation_failed");
    }
    expect((await t.call("PATCH", "/api/claude/tasks/1700000000-0123abcd", { body: { max_budget_usd: 1 } })).status).toBe(404);
  });
});

describe("usage", () => {
  it("sums every day of the range, and refuses bad parameters naming them", async () => {
    const today = new Date().toISOString().slice(0, 10);
    const days = await t.call("GET", `/api/claude/usage?from=${today}&to=${today}`);
    expect(days.status).toBe(200);
    expect(days.json).toMatchObject({ from: today, to: today, timezone: "UTC", group_by: "day" });
    expect(days.json.groups.map((g: { key: string }) => g.key)).toEqual([today]);
    expect(days.json.daily_budget_usd).toBeUndefined();
    const month = await t.call("GET", "/api/claude/usage");
    expect(month.json.groups).toHaveLength(30);

    for (const [query, name] of [
      ["from=yesterday", "from"],
      ["to=2026-02-30", "to"],
      ["group_by=week", "group_by"],
      ["from=2026-05-02&to=2026-05-01", "from"],
      ["from=2020-01-01&to=2026-01-01", "from"],
    ] as const) {
      const res = await t.call("GET", `/api/claude/usage?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.json.code).toBe("validation_failed");
      expect(res.json.error.startsWith(name), res.json.error).toBe(true);
    }
  });
});

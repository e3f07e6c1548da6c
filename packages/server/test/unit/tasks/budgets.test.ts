/**
 * Budgets over task records with an injected clock: the day's spending is the runs that
 * finished since midnight in BUDGET_TIMEZONE, it renews at the next midnight (Retry-After counts
 * down to it), and a run's cap is the lesser of what is left of its task's and the day's budget.
 */
import { describe, expect, it } from "vitest";
import type { AppError } from "../../../src/errors.js";
import { Budgets } from "../../../src/tasks/budget/budgets.js";
import type { TaskRecord } from "../../../src/tasks/task-model.js";

/** A finished task whose one run cost `cost`, finished at `finishedMs`. */
function spentTask(id: string, cost: number, finishedMs: number, extra: Partial<TaskRecord> = {}): TaskRecord {
  const finished_at = finishedMs / 1000;
  return {
    task_id: id,
    session_id: "s",
    prompt: "p",
    workdir: "/w",
    status: "error",
    created_at: finished_at - 10,
    tmux_session: `claude-${id}`,
    runs: [
      { prompt: "p", state: "error", sent_at: finished_at - 10, finished_at, result: { is_error: true, total_cost_usd: cost } },
    ],
    ...extra,
  };
}

const at = (iso: string) => Date.parse(iso);

function refusal(budgets: Budgets): AppError {
  try {
    budgets.checkDay();
  } catch (err) {
    return err as AppError;
  }
  throw new Error("checkDay let new work through");
}

describe("the daily budget", () => {
  it("counts today's runs in BUDGET_TIMEZONE, refuses until midnight there, and renews after it", () => {
    let now = at("2026-03-10T22:30:00Z"); // 23:30 in Berlin (UTC+1 in March before the change)
    const tasks = [
      spentTask("a", 0.6, at("2026-03-10T22:00:00Z")), // 23:00 Berlin: today
      spentTask("b", 0.5, at("2026-03-10T22:59:00Z") - 3_600_000), // 22:59 Berlin: today
      spentTask("c", 5, at("2026-03-09T22:59:00Z")), // 23:59 Berlin the day before
    ];
    const budgets = new Budgets(
      () => tasks,
      { dailyUsd: 1, timezone: "Europe/Berlin" },
      () => now,
    );
    expect(budgets.daySpent()).toBeCloseTo(1.1, 9);
    expect(budgets.dayRemaining()).toBe(0);
    const refused = refusal(budgets);
    expect(refused.code).toBe("budget_exhausted");
    expect(refused.retryAfterSeconds).toBe(30 * 60);
    expect(budgets.runCap(spentTask("d", 0, now, { runs: [] }))).toEqual({
      problem: expect.stringContaining("daily budget"),
    });

    now = at("2026-03-10T23:00:01Z"); // 00:00:01 Berlin: a new day
    expect(budgets.daySpent()).toBe(0);
    expect(() => budgets.checkDay()).not.toThrow();
    expect(budgets.runCap(spentTask("d", 0, now, { runs: [] }))).toEqual({ cap: 1 });
  });

  it("gives a run the lesser of what is left of its task's and the day's budget, rounded down", () => {
    const now = at("2026-06-01T12:00:00Z");
    const task = spentTask("a", 0.25, now - 60_000, { max_budget_usd: 0.5 });
    const budgets = new Budgets(
      () => [task],
      { dailyUsd: 10, timezone: "UTC" },
      () => now,
    );
    expect(budgets.taskRemaining(task)).toBeCloseTo(0.25, 9);
    expect(budgets.runCap(task)).toEqual({ cap: 0.25 });
    const tight = new Budgets(
      () => [task],
      { dailyUsd: 0.3333337, timezone: "UTC" },
      () => now,
    );
    expect(tight.runCap(task)).toEqual({ cap: 0.083333 });
    const spent = spentTask("b", 0.5, now, { max_budget_usd: 0.5 });
    expect(
      new Budgets(
        () => [spent],
        { dailyUsd: undefined, timezone: "UTC" },
        () => now,
      ).runCap(spent),
    ).toEqual({
      problem: expect.stringContaining("raise it"),
    });
    const unlimited = new Budgets(
      () => [],
      { dailyUsd: undefined, timezone: "UTC" },
      () => now,
    );
    expect(unlimited.runCap(spentTask("c", 3, now))).toEqual({ cap: undefined });
    expect(() => unlimited.checkDay()).not.toThrow();
  });
});

describe("usage", () => {
  it("groups runs by day, model and label, and refuses bad ranges naming the parameter", () => {
    const now = at("2026-06-03T12:00:00Z");
    const tasks = [
      spentTask("a", 1, at("2026-06-01T10:00:00Z"), { labels: { team: "x" }, options: { model: "opus" } }),
      spentTask("b", 2, at("2026-06-03T10:00:00Z"), { labels: { team: "y" } }),
      spentTask("c", 4, at("2026-05-01T10:00:00Z")),
    ];
    const budgets = new Budgets(
      () => tasks,
      { dailyUsd: 5, timezone: "UTC" },
      () => now,
    );
    const days = budgets.usage({ from: "2026-06-01", to: "2026-06-03" });
    expect(days.groups.map((g) => [g.key, g.cost_usd, g.runs])).toEqual([
      ["2026-06-01", 1, 1],
      ["2026-06-02", 0, 0],
      ["2026-06-03", 2, 1],
    ]);
    expect(days.total).toMatchObject({ cost_usd: 3, tasks: 2, runs: 2 });
    expect(days).toMatchObject({ daily_budget_usd: 5, today_spent_usd: 2, today_remaining_usd: 3 });
    const models = budgets.usage({ from: "2026-05-01", to: "2026-06-03", group_by: "model" });
    expect(models.groups.map((g) => [g.key, g.cost_usd])).toEqual([
      ["default", 6],
      ["opus", 1],
    ]);
    const labels = budgets.usage({ from: "2026-06-01", to: "2026-06-03", group_by: "label:team" });
    expect(labels.groups.map((g) => [g.key, g.cost_usd])).toEqual([
      ["y", 2],
      ["x", 1],
    ]);
    expect(() => budgets.usage({ from: "2026-06-04", to: "2026-06-03" })).toThrow(/^from: /);
    expect(() => budgets.usage({ to: "2026-13-01" })).toThrow(/^to: /);
  });
});

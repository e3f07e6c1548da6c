/**
 * Spending limits: a task's own `max_budget_usd` and the server's DAILY_BUDGET_USD. Costs are
 * claude's own reckoning (each run's share of `total_cost_usd`, see runCosts); a run's cost
 * counts on the day it finished, in BUDGET_TIMEZONE. Domain code: the clock is injected, so a
 * test can cross midnight without waiting for it.
 */
import { AppError } from "../../errors.js";
import type { Usage } from "../../generated/schemas.js";
import { BUDGET_REASON_PREFIX } from "../runs/error-kind.js";
import { runCosts, type TaskRecord, totals } from "../task-model.js";
import { dayStart, nextDayStart } from "./days.js";
import { type UsageQuery, usage } from "./usage.js";

export interface BudgetPolicy {
  /** DAILY_BUDGET_USD; undefined: no daily limit. */
  dailyUsd: number | undefined;
  /** BUDGET_TIMEZONE: where days begin. */
  timezone: string;
}

/** claude gets its cap with six decimals: less than this is nothing left. */
const SMALLEST_CAP = 0.000001;

const dollars = (usd: number) => `$${usd.toFixed(usd >= 1 ? 2 : 6)}`;

/** The cap a run may spend, or why it may not start. */
export type RunCap = { cap: number | undefined } | { problem: string };

export class Budgets {
  constructor(
    /** Every task the server knows (their finished runs are what was spent). */
    private readonly tasks: () => Iterable<TaskRecord>,
    readonly policy: BudgetPolicy,
    /** Milliseconds since the epoch. */
    private readonly now: () => number = Date.now,
  ) {}

  /** What is left of the task's own budget; undefined when it has none. */
  taskRemaining(task: TaskRecord): number | undefined {
    if (task.max_budget_usd === undefined) return undefined;
    return Math.max(0, task.max_budget_usd - totals(task).total_cost_usd);
  }

  /** What runs that finished today cost together. */
  daySpent(): number {
    const now = this.now();
    const from = dayStart(now, this.policy.timezone) / 1000;
    let spent = 0;
    for (const task of this.tasks()) {
      let costs: number[] | undefined;
      task.runs.forEach((run, i) => {
        if (run.finished_at === undefined || run.finished_at < from || run.result?.total_cost_usd === undefined) return;
        costs ??= runCosts(task);
        spent += costs[i] ?? 0;
      });
    }
    return spent;
  }

  /** What is left of today's budget; undefined without DAILY_BUDGET_USD. */
  dayRemaining(): number | undefined {
    const { dailyUsd } = this.policy;
    return dailyUsd === undefined ? undefined : Math.max(0, dailyUsd - this.daySpent());
  }

  /** Seconds until the next day begins (when today's budget is whole again). */
  secondsToNextDay(): number {
    const now = this.now();
    return Math.max(1, Math.ceil((nextDayStart(now, this.policy.timezone) - now) / 1000));
  }

  /** Refuses new work (a create, a follow-up) once today's budget is spent: 429 with Retry-After. */
  checkDay(): void {
    const remaining = this.dayRemaining();
    if (remaining === undefined || remaining >= SMALLEST_CAP) return;
    const retryAfterSeconds = this.secondsToNextDay();
    throw new AppError(
      "budget_exhausted",
      `the server's daily budget (DAILY_BUDGET_USD ${dollars(this.policy.dailyUsd ?? 0)}) is spent for today; it renews in ${retryAfterSeconds} s (midnight ${this.policy.timezone})`,
      { retryAfterSeconds },
    );
  }

  /**
   * The `--max-budget-usd` a run of `task` starts with: what is left of the task's budget and of
   * today's, whichever is less (undefined: no limit); a problem when nothing is left of either.
   */
  runCap(task: TaskRecord): RunCap {
    const forTask = this.taskRemaining(task);
    if (forTask !== undefined && forTask < SMALLEST_CAP) {
      const spent = totals(task).total_cost_usd;
      return {
        problem: `${BUDGET_REASON_PREFIX}this task has spent ${dollars(spent)} of its max_budget_usd ${dollars(task.max_budget_usd ?? 0)}; raise it (PATCH the task) and send a follow-up`,
      };
    }
    const forDay = this.dayRemaining();
    if (forDay !== undefined && forDay < SMALLEST_CAP) {
      return {
        problem: `${BUDGET_REASON_PREFIX}the server's daily budget (DAILY_BUDGET_USD ${dollars(this.policy.dailyUsd ?? 0)}) is spent for today; send a follow-up after midnight ${this.policy.timezone}`,
      };
    }
    const caps = [forTask, forDay].filter((c): c is number => c !== undefined);
    // Rounded down to what claude is told, so that the cap never exceeds what is left.
    return { cap: caps.length === 0 ? undefined : Math.floor(Math.min(...caps) * 1e6) / 1e6 };
  }

  /** Cost, tokens and counts per day, model or label (see usage.ts), with today's budget when there is one. */
  usage(query: UsageQuery): Usage {
    const answer = usage(this.tasks(), query, this.policy.timezone, this.now());
    const { dailyUsd } = this.policy;
    if (dailyUsd === undefined) return answer;
    const spent = this.daySpent();
    return { ...answer, daily_budget_usd: dailyUsd, today_spent_usd: spent, today_remaining_usd: Math.max(0, dailyUsd - spent) };
  }
}

/**
 * Prometheus metrics: tasks by status, queue length, approvals waiting for a person, open event streams and the logs they
 * watch (computed at scrape time from memory), runs started and finished and their durations
 * (observed from task changes),
 * HTTP requests by route and status, and the process's own metrics.
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { Budgets } from "../tasks/budget/budgets.js";
import type { TaskEventFeeds } from "../tasks/output/task-event-feed.js";
import { effectiveOptions, isFinishedRun, type RunState, runCosts, TASK_STATUSES, type TaskRecord } from "../tasks/task-model.js";
import type { TaskService } from "../tasks/task-service.js";
import { HttpMetrics } from "./http-metrics.js";
import { ScheduleMetrics } from "./schedule-metrics.js";

export class Metrics {
  readonly registry = new Registry();
  private readonly runsStarted: Counter;
  private readonly runsFinished: Counter<"state">;
  private readonly runDuration: Histogram;
  private readonly cost: Counter<"model">;
  private readonly http: HttpMetrics;
  private readonly refusals: Counter<"reason">;
  /** Schedule fires by outcome and their delay. */
  readonly schedules: ScheduleMetrics;
  private seenRunStates = new Map<string, RunState[]>();

  constructor(
    tasks: TaskService,
    events: Pick<TaskEventFeeds, "subscribers" | "watchedLogs">,
    budgets?: Pick<Budgets, "dayRemaining">,
  ) {
    const registers = [this.registry];
    // The event-loop lag histogram samples with a timer; prom-client's default of 10 ms woke an
    // idle server 100 times a second. Ten samples a second still give each scrape hundreds.
    collectDefaultMetrics({ register: this.registry, eventLoopMonitoringPrecision: 100 });
    const service = tasks;
    new Gauge({
      name: "claude_tasks",
      help: "Tasks by status",
      labelNames: ["status"],
      registers,
      collect() {
        const counts = new Map<string, number>(TASK_STATUSES.map((s) => [s, 0]));
        for (const t of service.list().tasks) counts.set(t.status, (counts.get(t.status) ?? 0) + 1);
        for (const [status, n] of counts) this.set({ status }, n);
      },
    });
    new Gauge({
      name: "claude_task_queue_length",
      help: "Tasks waiting for a free slot (MAX_CONCURRENT_TASKS)",
      registers,
      collect() {
        this.set(service.queuePositions().size);
      },
    });
    new Gauge({
      name: "claude_task_pending_approvals",
      help: "Tool uses waiting for a person to allow or deny them (tasks with approvals)",
      registers,
      collect() {
        let pending = 0;
        for (const t of service.list({ statuses: ["running"] }).tasks) pending += t.pending_approvals?.length ?? 0;
        this.set(pending);
      },
    });
    new Gauge({
      name: "claude_task_event_subscribers",
      help: "Open event streams (GET /tasks/{id}/events)",
      registers,
      collect() {
        this.set(events.subscribers);
      },
    });
    new Gauge({
      name: "claude_task_event_log_watches",
      help: "Output logs watched for open event streams (one per task followed)",
      registers,
      collect() {
        this.set(events.watchedLogs);
      },
    });
    this.runsStarted = new Counter({ name: "claude_task_runs_started_total", help: "Claude runs started", registers });
    this.runsFinished = new Counter({
      name: "claude_task_runs_finished_total",
      help: "Claude runs finished, by final state",
      labelNames: ["state"],
      registers,
    });
    this.runDuration = new Histogram({
      name: "claude_task_run_duration_seconds",
      help: "Wall time of finished runs",
      buckets: [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600, 7200],
      registers,
    });
    this.cost = new Counter({
      name: "claude_task_cost_usd_total",
      help: "What finished runs cost (claude's total_cost_usd, each run's own share), by the model the run asked for",
      labelNames: ["model"],
      registers,
    });
    if (budgets?.dayRemaining() !== undefined) {
      new Gauge({
        name: "claude_task_daily_budget_remaining_usd",
        help: "What is left of today's DAILY_BUDGET_USD (days in BUDGET_TIMEZONE)",
        registers,
        collect() {
          this.set(budgets.dayRemaining() ?? 0);
        },
      });
    }
    this.refusals = new Counter({
      name: "claude_task_http_refused_total",
      help: "Requests refused with 401 or 403, by error code (unauthorized, token_expired, insufficient_scope, ...)",
      labelNames: ["reason"],
      registers,
    });
    this.schedules = new ScheduleMetrics(this.registry);
    this.http = new HttpMetrics(this.registry, [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10, 60]);
    for (const t of tasks.list().tasks)
      this.seenRunStates.set(
        t.task_id,
        t.runs.map((r) => r.state),
      );
    tasks.onChange((t) => this.observe(t));
  }

  /** A request refused by a door (401/403), by its error code. */
  observeRefusal(reason: string): void {
    this.refusals.inc({ reason });
  }

  /** One finished HTTP request. */
  observeRequest(method: string, route: string, status: string, seconds: number): void {
    this.http.observe(method, route, status, seconds);
  }

  /** Counts run transitions between the last seen version of a task and this one. */
  private observe(task: TaskRecord): void {
    const before = this.seenRunStates.get(task.task_id) ?? [];
    task.runs.forEach((run, i) => {
      const was = before[i];
      if (run.state === was) return;
      if (run.state === "running") this.runsStarted.inc();
      if ((was === undefined || !isFinishedRun(was)) && isFinishedRun(run.state)) {
        this.runsFinished.inc({ state: run.state });
        const cost = run.result?.total_cost_usd === undefined ? 0 : (runCosts(task)[i] ?? 0);
        if (cost > 0) this.cost.inc({ model: effectiveOptions(task, i).model ?? "default" }, cost);
        if (run.started_at !== undefined && run.finished_at !== undefined)
          this.runDuration.observe(run.finished_at - run.started_at);
      }
    });
    this.seenRunStates.set(
      task.task_id,
      task.runs.map((r) => r.state),
    );
  }
}

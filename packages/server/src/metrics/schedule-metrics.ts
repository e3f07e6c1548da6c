/** Schedule fires by outcome, and how late their tasks were created after the fire time. */
import { Counter, Histogram, type Registry } from "prom-client";
import { FIRE_OUTCOMES, type FireRecord } from "../schedules/schedule-model.js";
import type { TaskRecord } from "../tasks/task-model.js";

export class ScheduleMetrics {
  private readonly fires: Counter<"outcome">;
  private readonly delay: Histogram;

  constructor(registry: Registry) {
    const registers = [registry];
    this.fires = new Counter({
      name: "claude_task_schedule_fires_total",
      help: "Schedule fires, by outcome (created, skipped_overlap, skipped_budget, failed)",
      labelNames: ["outcome"],
      registers,
    });
    for (const outcome of FIRE_OUTCOMES) this.fires.inc({ outcome }, 0);
    this.delay = new Histogram({
      name: "claude_task_schedule_fire_delay_seconds",
      help: "From a fire's scheduled time to its task's creation (clock fires, not run-now)",
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 60],
      registers,
    });
  }

  /** One recorded fire and the task it created, if any. */
  observe(fire: FireRecord, task: TaskRecord | undefined): void {
    this.fires.inc({ outcome: fire.outcome });
    if (task && !fire.manual && !fire.caught_up) this.delay.observe(Math.max(0, task.created_at - fire.scheduled_for));
  }
}

/**
 * One fire of a schedule: the overlap policy, then the fire time is claimed on disk, then the
 * task is created through the same create (and policy checks) as `POST /tasks`, under an
 * idempotency key made from the fire time. A server killed between the claim and the record
 * completes the claim on its next start with the same key: the task exists once, whatever
 * moment the process died at.
 */
import { AppError } from "../errors.js";
import { isFinishedTask, type TaskRecord } from "../tasks/task-model.js";
import type { TaskService } from "../tasks/task-service.js";
import type { Logger } from "../util/logger.js";
import { KeyedMutex } from "../util/mutex.js";
import {
  FIRE_HISTORY_LIMIT,
  type FireClaim,
  type FireRecord,
  fireKey,
  SCHEDULE_LABEL,
  type ScheduleRecord,
  type TaskTemplate,
} from "./schedule-model.js";
import type { ScheduleStore } from "./schedule-store.js";

/** What a fire asks of the task domain. */
export type FireTasks = Pick<TaskService, "create" | "list" | "onChange">;

/** A fire's answer: its record, or `queued` when it waits for the running task (overlap: queue). */
export type FireAnswer = FireRecord | (FireClaim & { outcome: "queued" });

/** The template with the schedule's label added (refused at definition time if it set one). */
export const taskInput = (schedule: ScheduleRecord): TaskTemplate => ({
  ...schedule.task,
  labels: { ...schedule.task.labels, [SCHEDULE_LABEL]: schedule.schedule_id },
});

export class ScheduleFirer {
  /** One change at a time per schedule: fires, edits and deletion never interleave. */
  readonly locks = new KeyedMutex();

  constructor(
    private readonly store: ScheduleStore,
    private readonly tasks: FireTasks,
    private readonly observe: (fire: FireRecord, task: TaskRecord | undefined) => void,
    private readonly log: Logger,
  ) {}

  /** Whether a task this schedule created is still queued or running. */
  hasRunningTask(id: string): boolean {
    return this.tasks.list({ labels: { [SCHEDULE_LABEL]: id } }).tasks.some((t) => !isFinishedTask(t.status));
  }

  /**
   * Takes `claim` (a cron time, or a run-now) for the schedule; a cron time already taken, or
   * one for a paused schedule, is ignored (undefined). Never throws for a refused task: that is recorded as `failed`.
   */
  fire(id: string, claim: FireClaim): Promise<FireAnswer | undefined> {
    return this.locks.run(id, async () => {
      const schedule = this.store.get(id);
      if (!schedule) return undefined;
      // A clock fire decided before a pause (or a change of expression) took the lock: not any more.
      if (!claim.manual && (!schedule.enabled || claim.scheduled_for <= schedule.taken_until)) return undefined;
      const taken_until = claim.manual ? schedule.taken_until : claim.scheduled_for;
      if (schedule.overlap !== "allow" && this.hasRunningTask(id)) {
        if (schedule.overlap === "queue" && !schedule.queued) {
          await this.store.save({ ...schedule, taken_until, queued: claim });
          this.log.info("schedule fire queued behind its running task", { schedule_id: id });
          return { ...claim, outcome: "queued" };
        }
        const reason =
          schedule.overlap === "queue"
            ? "a fire already waits for the schedule's running task"
            : "the schedule's previous task is still running";
        return this.record({ ...schedule, taken_until }, { ...claim, outcome: "skipped_overlap", reason });
      }
      await this.store.save({ ...schedule, taken_until, pending: claim });
      return this.completePending(id);
    });
  }

  /** Moves the schedule past missed fire times without running them (`catch_up: "none"`). */
  skipUntil(id: string, until: number): Promise<void> {
    return this.locks.run(id, async () => {
      const schedule = this.store.get(id);
      if (schedule && until > schedule.taken_until) await this.store.save({ ...schedule, taken_until: until });
    });
  }

  /** After a restart: completes a claimed fire, and starts a queued one whose wait is over. */
  async recover(id: string): Promise<void> {
    await this.locks.run(id, async () => {
      if (this.store.get(id)?.pending) await this.completePending(id);
    });
    await this.startQueued(id);
  }

  /** Starts the queued fire if the schedule has no running task any more. */
  startQueued(id: string): Promise<FireAnswer | undefined> {
    return this.locks.run(id, async () => {
      const schedule = this.store.get(id);
      if (!schedule?.queued || this.hasRunningTask(id)) return undefined;
      await this.store.save({ ...schedule, queued: undefined, pending: schedule.queued });
      return this.completePending(id);
    });
  }

  /** Creates the claimed fire's task (once per claim, by its idempotency key) and records the outcome. Under the lock. */
  private async completePending(id: string): Promise<FireRecord | undefined> {
    const schedule = this.store.get(id);
    const claim = schedule?.pending;
    if (!schedule || !claim) return undefined;
    let fire: FireRecord;
    let task: TaskRecord | undefined;
    try {
      ({ task } = await this.tasks.create(taskInput(schedule), fireKey(id, claim)));
      fire = { ...claim, outcome: "created", task_id: task.task_id };
    } catch (err) {
      if (!(err instanceof AppError)) this.log.error("schedule fire failed", { schedule_id: id, error: String(err) });
      // A spent day is not the schedule's fault: it tries again at its next fire time.
      const outcome = err instanceof AppError && err.code === "budget_exhausted" ? "skipped_budget" : "failed";
      fire = { ...claim, outcome, reason: err instanceof Error ? err.message : String(err) };
    }
    return this.record({ ...schedule, pending: undefined }, fire, task);
  }

  private async record(schedule: ScheduleRecord, fire: FireRecord, task?: TaskRecord): Promise<FireRecord> {
    await this.store.save({ ...schedule, fires: [...schedule.fires, fire].slice(-FIRE_HISTORY_LIMIT) });
    this.observe(fire, task);
    this.log.info("schedule fired", { schedule_id: schedule.schedule_id, outcome: fire.outcome, task_id: fire.task_id });
    return fire;
  }
}

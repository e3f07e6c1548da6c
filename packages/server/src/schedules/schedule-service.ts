/**
 * What can be done with schedules, for the HTTP handlers: define, read, edit, pause and
 * resume, delete, run now, preview. Domain code: throws AppError, knows nothing of HTTP.
 */
import { AppError } from "../errors.js";
import type { TaskService } from "../tasks/task-service.js";
import { compileCron, nextFireTimes } from "./cron-spec.js";
import type { ScheduleClock } from "./schedule-clock.js";
import type { FireAnswer, ScheduleFirer } from "./schedule-firer.js";
import {
  type CatchUpPolicy,
  newScheduleId,
  nowSeconds,
  type OverlapPolicy,
  SCHEDULE_LABEL,
  type ScheduleRecord,
  type TaskTemplate,
} from "./schedule-model.js";
import type { ScheduleStore } from "./schedule-store.js";

/** Labels a task may carry (openapi.yaml's Labels.maxProperties); the schedule's own takes one. */
const MAX_LABELS = 32;

export interface ScheduleInput {
  name: string;
  cron: string;
  timezone?: string | undefined;
  task: TaskTemplate;
  overlap?: OverlapPolicy | undefined;
  catch_up?: CatchUpPolicy | undefined;
  enabled?: boolean | undefined;
}

export type SchedulePatch = Partial<ScheduleInput>;

/** A schedule with what its definition implies: the next fire times (none while paused). */
export interface ScheduleState extends ScheduleRecord {
  next_runs: number[];
}

/** Fire times shown with a schedule (enough to see a daylight-saving change coming). */
const NEXT_RUNS_SHOWN = 5;

export class ScheduleService {
  constructor(
    private readonly store: ScheduleStore,
    private readonly firer: ScheduleFirer,
    private readonly clock: ScheduleClock,
    private readonly tasks: Pick<TaskService, "checkCreate">,
  ) {}

  async create(input: ScheduleInput): Promise<ScheduleState> {
    const now = nowSeconds();
    const schedule: ScheduleRecord = {
      schedule_id: newScheduleId(),
      name: input.name,
      cron: input.cron,
      timezone: input.timezone ?? "UTC",
      task: input.task,
      overlap: input.overlap ?? "skip",
      catch_up: input.catch_up ?? "latest",
      enabled: input.enabled ?? true,
      created_at: now,
      updated_at: now,
      taken_until: now,
      fires: [],
    };
    await this.check(schedule);
    await this.store.save(schedule);
    this.clock.arm(schedule.schedule_id);
    return this.state(schedule);
  }

  list(): ScheduleState[] {
    return this.store.list().map((s) => this.state(s));
  }

  get(id: string): ScheduleState {
    return this.state(this.require(id));
  }

  /**
   * Changes the given fields. A new expression or zone, and a resume, start from now: fire
   * times missed while paused are not caught up.
   */
  update(id: string, patch: SchedulePatch): Promise<ScheduleState> {
    return this.firer.locks.run(id, async () => {
      const current = this.require(id);
      const changed: ScheduleRecord = { ...current, ...withoutUnset(patch), updated_at: nowSeconds() };
      await this.check(changed);
      const restart =
        changed.cron !== current.cron || changed.timezone !== current.timezone || (changed.enabled && !current.enabled);
      if (restart) changed.taken_until = Math.max(current.taken_until, nowSeconds());
      await this.store.save(changed);
      this.clock.arm(id);
      return this.state(changed);
    });
  }

  /** Removes the schedule; the tasks it created stay (with their label). */
  remove(id: string): Promise<void> {
    return this.firer.locks.run(id, async () => {
      this.require(id);
      this.clock.disarm(id);
      await this.store.remove(id);
    });
  }

  /** Fires the schedule now (overlap and policy apply as to any fire; a paused one fires too). */
  async run(id: string): Promise<FireAnswer> {
    this.require(id);
    const now = nowSeconds();
    const answer = await this.firer.fire(id, { scheduled_for: now, fired_at: now, manual: true });
    if (!answer) throw scheduleNotFound();
    return answer;
  }

  /** The next `count` fire times of an expression in a zone, from now. */
  preview(cron: string, timezone: string, count: number): number[] {
    return nextFireTimes(compileCron({ cron, timezone }), nowSeconds(), count);
  }

  private require(id: string): ScheduleRecord {
    const schedule = this.store.get(id);
    if (!schedule) throw scheduleNotFound();
    return schedule;
  }

  /** Refuses a bad expression or zone, and a task create would refuse. */
  private async check(schedule: ScheduleRecord): Promise<void> {
    if (schedule.name.trim() === "") throw new AppError("validation_failed", "name must not be only whitespace");
    compileCron(schedule);
    const labels = schedule.task.labels ?? {};
    if (SCHEDULE_LABEL in labels) {
      throw new AppError(
        "validation_failed",
        `task.labels.${SCHEDULE_LABEL} is set by the schedule itself (schedule=<schedule_id>)`,
      );
    }
    if (Object.keys(labels).length >= MAX_LABELS) {
      throw new AppError("validation_failed", `task.labels may hold at most ${MAX_LABELS - 1} labels (the schedule adds one)`);
    }
    await this.tasks.checkCreate(schedule.task);
  }

  private state(schedule: ScheduleRecord): ScheduleState {
    const from = Math.max(schedule.taken_until, nowSeconds());
    return {
      ...schedule,
      next_runs: schedule.enabled ? nextFireTimes(compileCron(schedule), from, NEXT_RUNS_SHOWN) : [],
    };
  }
}

const scheduleNotFound = () => new AppError("schedule_not_found", "Schedule not found");

const withoutUnset = <T extends object>(value: T): Partial<T> =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;

/**
 * When schedules fire: one timer per enabled schedule, set for its next fire time. A timer that
 * finds one fire time due fires it; more than one due (the server was down, or stalled), or any
 * due at start-up, is a catch-up: one task for the latest (`catch_up: "latest"`) or none
 * (`"none"`), never a burst.
 */
import type { Logger } from "../util/logger.js";
import { compileCron, dueFireTimes, nextFireTimes } from "./cron-spec.js";
import type { ScheduleFirer } from "./schedule-firer.js";
import { nowSeconds } from "./schedule-model.js";
import type { ScheduleStore } from "./schedule-store.js";

/** setTimeout's longest delay; a later fire time is reached by setting the timer again. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export class ScheduleClock {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private stopped = false;

  constructor(
    private readonly store: ScheduleStore,
    private readonly firer: ScheduleFirer,
    private readonly log: Logger,
  ) {}

  /** Completes fires a crash interrupted, catches up on missed ones, and sets every timer. */
  async start(): Promise<void> {
    for (const schedule of this.store.list()) {
      await this.firer.recover(schedule.schedule_id);
      await this.tick(schedule.schedule_id, true);
    }
  }

  /**
   * (Re)sets the schedule's timer from its stored state; a paused or deleted one gets none. The
   * timer is for the first fire time not yet taken, even one already due: one that passed while
   * a create was being saved, or a fire took its time, then fires at once, as the one due time
   * it is. Timed from now instead, it would be skipped, and counted as missed at the next tick,
   * which would then be a catch-up. After a failed tick, from now: a lasting failure (a full
   * disk) waits for the next fire time instead of trying again and again at once.
   */
  arm(id: string, afterFailure = false): void {
    this.disarm(id);
    const schedule = this.store.get(id);
    if (this.stopped || !schedule?.enabled) return;
    const cron = compileCron(schedule);
    const from = afterFailure ? Math.max(schedule.taken_until, nowSeconds()) : schedule.taken_until;
    const next = nextFireTimes(cron, from, 1)[0];
    if (next === undefined) return;
    const timer = setTimeout(
      () => {
        this.timers.delete(id);
        void this.tick(id, false);
      },
      Math.min(Math.max(0, next * 1000 - Date.now()), MAX_TIMER_MS),
    );
    timer.unref();
    this.timers.set(id, timer);
  }

  disarm(id: string): void {
    clearTimeout(this.timers.get(id));
    this.timers.delete(id);
  }

  stop(): void {
    this.stopped = true;
    for (const id of [...this.timers.keys()]) this.disarm(id);
  }

  /** Fires what is due (see the file's comment), then sets the timer for the next time. */
  private async tick(id: string, startup: boolean): Promise<void> {
    let failed = false;
    try {
      const schedule = this.store.get(id);
      if (this.stopped || !schedule?.enabled) return;
      const due = dueFireTimes(compileCron(schedule), schedule.taken_until, nowSeconds());
      if (due) {
        const fired_at = nowSeconds();
        if (!startup && due.count === 1) await this.firer.fire(id, { scheduled_for: due.latest, fired_at });
        else if (schedule.catch_up === "latest")
          await this.firer.fire(id, { scheduled_for: due.latest, fired_at, caught_up: true, missed: due.count });
        else {
          this.log.info("schedule skipped missed fire times", { schedule_id: id, missed: due.count });
          await this.firer.skipUntil(id, due.latest);
        }
      }
    } catch (err) {
      failed = true;
      this.log.error("schedule tick failed", { schedule_id: id, error: (err as Error).message });
    }
    this.arm(id, failed);
  }
}

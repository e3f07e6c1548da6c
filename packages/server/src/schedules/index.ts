/** Schedules wired together: the store on disk, the firer, the clock, the service handlers call. */
import path from "node:path";
import { isFinishedTask, type TaskRecord } from "../tasks/task-model.js";
import type { TaskService } from "../tasks/task-service.js";
import type { Logger } from "../util/logger.js";
import { ScheduleClock } from "./schedule-clock.js";
import { type FireTasks, ScheduleFirer } from "./schedule-firer.js";
import { type FireRecord, SCHEDULE_LABEL } from "./schedule-model.js";
import { ScheduleService } from "./schedule-service.js";
import { ScheduleStore } from "./schedule-store.js";

export interface Schedules {
  service: ScheduleService;
  stop(): void;
}

/**
 * Loads the schedules under `TASKS_DIR/.schedules/`, completes what a crash interrupted,
 * catches up, and starts the clock. `observe` sees every fire recorded (metrics).
 */
export async function startSchedules(
  tasksDir: string,
  tasks: FireTasks & Pick<TaskService, "checkCreate">,
  observe: (fire: FireRecord, task: TaskRecord | undefined) => void,
  log: Logger,
  /** false (SCHEDULES_ENABLED=false): definitions and run-now work, the clock fires nothing. */
  firing = true,
): Promise<Schedules> {
  const store = new ScheduleStore(path.join(tasksDir, ".schedules"), log);
  await store.load();
  const firer = new ScheduleFirer(store, tasks, observe, log);
  const clock = new ScheduleClock(store, firer, log);
  // A queued fire (overlap: queue) starts when the schedule's last running task finishes.
  const unsubscribe = tasks.onChange((task) => {
    const id = task.labels?.[SCHEDULE_LABEL];
    if (id && isFinishedTask(task.status) && store.get(id)?.queued) {
      firer
        .startQueued(id)
        .catch((err: unknown) => log.error("queued schedule fire failed", { schedule_id: id, error: String(err) }));
    }
  });
  if (firing) await clock.start();
  else {
    clock.stop();
    log.info("schedules do not fire on their own (SCHEDULES_ENABLED=false)", { schedules: store.list().length });
  }
  return {
    service: new ScheduleService(store, firer, clock, tasks),
    stop() {
      unsubscribe();
      clock.stop();
    },
  };
}

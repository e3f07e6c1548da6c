/**
 * Killing a task on request: stops the run in progress (or takes a queued task out of the
 * queue) and drops follow-ups that had not started. Killing a killed task answers the same
 * again; killing one that finished otherwise is refused.
 */
import { AppError } from "../../errors.js";
import type { Reconciler } from "../reconciliation/reconciler.js";
import type { RunStopper } from "../runs/run-stopper.js";
import type { Scheduler } from "../scheduling/scheduler.js";
import type { TaskStore } from "../store/task-store.js";
import type { TaskLocks } from "../task-locks.js";
import { isFinishedTask, type TaskRecord } from "../task-model.js";

export async function killTask(
  id: string,
  deps: { store: TaskStore; locks: TaskLocks; reconciler: Reconciler; stopper: RunStopper; scheduler: Scheduler },
): Promise<TaskRecord> {
  const { store, locks, reconciler, stopper, scheduler } = deps;
  store.require(id);
  // A run that has just ended is recorded as it ended, not as killed.
  await reconciler.reconcile(id);
  const task = await locks.task(id, async () => {
    const current = store.require(id);
    if (current.status === "killed") return current;
    if (isFinishedTask(current.status)) {
      throw new AppError("task_finished", `Task already finished with status ${current.status}`);
    }
    return stopper.killLocked(id);
  });
  // Its slot is free.
  await scheduler.admit();
  return task;
}

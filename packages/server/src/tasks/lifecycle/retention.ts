/**
 * Removing finished tasks: one on request (purge), and those older than RETENTION_DAYS every
 * hour. A task that runs or waits is never removed.
 */
import { AppError } from "../../errors.js";
import type { Logger } from "../../util/logger.js";
import type { Reconciler } from "../reconciliation/reconciler.js";
import type { TaskStore } from "../store/task-store.js";
import type { TaskLocks } from "../task-locks.js";
import { isFinishedTask, nowSeconds } from "../task-model.js";
import type { TaskWorktrees } from "../worktrees/task-worktrees.js";

const RETENTION_SWEEP_MS = 60 * 60 * 1000;
const DAY_SECONDS = 24 * 3600;

export class Retention {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: TaskStore,
    private readonly locks: TaskLocks,
    private readonly reconciler: Reconciler,
    private readonly log: Logger,
    private readonly worktrees: TaskWorktrees,
  ) {}

  /** Deletes a finished task's files (and its worktree; its branch only with `deleteBranch`); refuses while it runs or waits. */
  async purge(id: string, options: { deleteBranch?: boolean } = {}): Promise<void> {
    this.store.require(id);
    await this.reconciler.reconcile(id);
    await this.locks.task(id, async () => {
      const task = this.store.require(id);
      if (!isFinishedTask(task.status)) {
        throw new AppError("task_not_finished", `Task is ${task.status}; kill it before purging it`);
      }
      if (task.worktree) await this.worktrees.remove(id, task.worktree, { deleteBranch: options.deleteBranch === true });
      await this.store.remove(id);
      this.log.info("task purged", { task_id: id });
    });
  }

  /** Purges finished tasks that finished more than `days` days ago; returns how many. */
  async purgeOlderThan(days: number): Promise<number> {
    const cutoff = nowSeconds() - days * DAY_SECONDS;
    const old = this.store.list().filter((t) => isFinishedTask(t.status) && (t.finished_at ?? t.created_at) < cutoff);
    let purged = 0;
    for (const task of old) {
      try {
        await this.purge(task.task_id);
        purged++;
      } catch (err) {
        this.log.warn("retention could not purge task", { task_id: task.task_id, reason: (err as Error).message });
      }
    }
    return purged;
  }

  /** Purges tasks older than `days` now and every hour, until stop(). */
  start(days: number): void {
    const sweep = () =>
      void this.purgeOlderThan(days).then((n) => {
        if (n > 0) this.log.info("retention purged tasks", { purged: n, days });
      });
    sweep();
    this.timer = setInterval(sweep, RETENTION_SWEEP_MS);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

/**
 * Ends a task by force: stops the claude process tree and the tmux session, then records every
 * unfinished run as killed and settles the killed run's inbox (which steers it took, which it
 * never did). Used by a kill request and by the reconciler for a run that outlived its timeout.
 */
import { killProcessTree } from "../../tmux/process-tree.js";
import type { Tmux } from "../../tmux/tmux.js";
import type { Logger } from "../../util/logger.js";
import { fileSize } from "../output/output-log.js";
import type { Scheduler } from "../scheduling/scheduler.js";
import type { TaskPaths } from "../store/task-paths.js";
import type { TaskStore } from "../store/task-store.js";
import { activeRunIndex, deriveTaskFields, isFinishedRun, nowSeconds, type TaskRecord } from "../task-model.js";
import { applySettledInbox, RunInboxFiles } from "./run-inbox-files.js";

export class RunStopper {
  private readonly inbox: RunInboxFiles;

  constructor(
    private readonly store: TaskStore,
    private readonly tmux: Tmux,
    private readonly paths: TaskPaths,
    /** Forgets a killed run's accepted launches (they count only against a run that may still start). */
    private readonly scheduler: Pick<Scheduler, "forgetLaunches">,
    private readonly log: Logger,
  ) {
    this.inbox = new RunInboxFiles(paths);
  }

  /**
   * Stops the session, then marks every unfinished run killed (with `reason` on the active one)
   * and settles the active run's inbox. The caller holds the task's lock, so nothing records the
   * run's exit (from the signal) as a failure meanwhile; and once the wrapper is gone its last
   * lines are in the log (and within the run's log_end) before anyone sees the task killed.
   */
  async killLocked(id: string, reason?: string): Promise<TaskRecord> {
    const active = activeRunIndex(this.store.require(id));
    if (active !== -1) await this.stopSession(this.store.require(id));
    // What the run took is known now, and nothing it did not take will run.
    const inbox = active === -1 ? [] : await this.inbox.settle(id, active);
    const now = nowSeconds();
    const logEnd = await fileSize(this.paths.outputLog(id));
    const task = await this.store.update(id, (t) => {
      for (const run of t.runs) {
        if (isFinishedRun(run.state)) continue;
        if (run.state === "running") {
          run.finished_at = now;
          run.log_end = logEnd;
          if (reason) run.error = reason;
        }
        run.state = "killed";
      }
      if (inbox.length > 0) applySettledInbox(t, active, inbox, { killed: true });
      deriveTaskFields(t);
      t.killed_at = now;
      t.finished_at = now;
    });
    this.scheduler.forgetLaunches(id);
    this.log.info("task killed", { task_id: id, ...(reason && { reason }) });
    return task;
  }

  private async stopSession(task: TaskRecord): Promise<void> {
    try {
      const pid = await this.tmux.panePid(task.tmux_session);
      if (pid !== undefined) await killProcessTree(pid);
      await this.tmux.killSession(task.tmux_session);
    } catch (err) {
      this.log.warn("could not stop tmux session", { task_id: task.task_id, reason: (err as Error).message });
    }
  }
}

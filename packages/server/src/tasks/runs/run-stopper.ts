/**
 * Ends a task by force: records every unfinished run as killed, stops the claude process tree
 * and the tmux session, then settles the killed run's inbox (which steers it took, which it
 * never did). Used by a kill request and by the reconciler for a run that outlived its timeout.
 */
import { killProcessTree } from "../../tmux/process-tree.js";
import type { Tmux } from "../../tmux/tmux.js";
import type { Logger } from "../../util/logger.js";
import { fileSize } from "../output/output-log.js";
import type { Scheduler } from "../scheduling/scheduler.js";
import type { TaskPaths } from "../store/task-paths.js";
import type { TaskStore } from "../store/task-store.js";
import { activeRunIndex, deriveTaskFields, isFinishedRun, nowSeconds, type RunRecord, type TaskRecord } from "../task-model.js";
import { applySettledInbox, RunInboxFiles } from "./run-inbox-files.js";

export class RunStopper {
  private readonly inbox: RunInboxFiles;
  /** Kills in progress, by task: resolved once the run is stopped and its end recorded. */
  private readonly stopping = new Map<string, Promise<void>>();

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
   * Marks every unfinished run killed (with `reason` on the active one), stops the session, then
   * records where the killed run's output ends and settles its inbox. The caller holds the
   * task's lock. The kill is recorded first, so the run's exit (from the signal) is never taken
   * for a failure, also after a crash; a feed that sees it waits for `stopped` before reading
   * the run's last lines (the wrapper writes them as it stops).
   */
  async killLocked(id: string, reason?: string): Promise<TaskRecord> {
    let stopped = () => {};
    this.stopping.set(id, new Promise<void>((resolve) => (stopped = resolve)));
    try {
      return await this.kill(id, reason);
    } finally {
      this.stopping.delete(id);
      stopped();
    }
  }

  /** Resolves once a kill in progress has stopped the task's run and recorded its end (at once when none is). */
  stopped(id: string): Promise<void> {
    return this.stopping.get(id) ?? Promise.resolve();
  }

  private async kill(id: string, reason: string | undefined): Promise<TaskRecord> {
    const now = nowSeconds();
    const log = this.paths.outputLog(id);
    const logEnd = await fileSize(log);
    const active = activeRunIndex(this.store.require(id));
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
      deriveTaskFields(t);
      t.killed_at = now;
      t.finished_at = now;
    });
    if (active !== -1) await this.stopSession(task);
    this.scheduler.forgetLaunches(id);
    this.log.info("task killed", { task_id: id, ...(reason && { reason }) });
    if (active === -1) return task;
    // The wrapper is gone: its last lines are in the log, what it took is known, and nothing it
    // did not take will run.
    const inbox = await this.inbox.settle(id, active);
    const finalEnd = await fileSize(log);
    if (inbox.length === 0 && finalEnd === logEnd) return task;
    return this.store.update(id, (t) => {
      (t.runs[active] as RunRecord).log_end = finalEnd;
      if (inbox.length > 0) applySettledInbox(t, active, inbox, { killed: true });
    });
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

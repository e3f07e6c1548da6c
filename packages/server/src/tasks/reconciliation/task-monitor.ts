/**
 * Reconciles running tasks without anyone asking, so a task that finishes while nobody polls
 * still gets its status (and its queued follow-ups start). A watch on each running task's
 * runs/ folder reacts the moment a wrapper writes its exit file; the sweep (one tmux call for
 * every running task) catches whatever a watch cannot see, such as a session that vanished.
 * The same watch sees a run's approval files come and go, and refreshes the task's pending
 * approvals (the sweep reads them too, so none is missed after a restart).
 *
 * The watches carry the common case, so the sweep is a safety net and runs every two seconds:
 * each one starts a tmux client, which costs the server a fork (about 2 ms of CPU at its size)
 * and the client as much again, for as long as any task runs. Every half second, those forks
 * were an eighth of the server's CPU time in a profile of the end-to-end suites.
 */
import { type FSWatcher, watch } from "node:fs";
import { parseApprovalFileName } from "../../runner/protocol/approval-records.js";
import type { Tmux } from "../../tmux/tmux.js";
import type { Logger } from "../../util/logger.js";
import { Approvals } from "../approvals/approvals.js";
import type { Scheduler } from "../scheduling/scheduler.js";
import type { TaskPaths } from "../store/task-paths.js";
import type { TaskStore } from "../store/task-store.js";
import { isFinishedTask } from "../task-model.js";
import type { Reconciler } from "./reconciler.js";

export class TaskMonitor {
  private timer: NodeJS.Timeout | undefined;
  private sweeping: Promise<void> | undefined;
  private exitWatches = new Map<string, FSWatcher>();
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly store: TaskStore,
    private readonly reconciler: Reconciler,
    private readonly scheduler: Scheduler,
    private readonly approvals: Approvals,
    private readonly tmux: Tmux,
    private readonly paths: TaskPaths,
    private readonly log: Logger,
    private readonly intervalMs = 2_000,
  ) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.sweep(), this.intervalMs);
    this.timer.unref();
    // Watch a task as soon as it has work, not only from the next sweep on.
    this.unsubscribe = this.store.onChange((t) => {
      if (!isFinishedTask(t.status)) this.watchExits(t.task_id);
    });
    void this.sweep();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    this.unsubscribe?.();
    for (const watcher of this.exitWatches.values()) watcher.close();
    this.exitWatches.clear();
    await this.sweeping;
  }

  /** Watches the runs/ folders of unfinished tasks (and only those) for exit files. */
  private updateExitWatches(unfinished: { task_id: string }[]): void {
    const wanted = new Set(unfinished.map((t) => t.task_id));
    for (const [id, watcher] of this.exitWatches) {
      if (wanted.has(id)) continue;
      watcher.close();
      this.exitWatches.delete(id);
    }
    for (const id of wanted) this.watchExits(id);
  }

  private watchExits(id: string): void {
    if (!this.timer || this.exitWatches.has(id)) return;
    try {
      const watcher = watch(this.paths.runsDir(id), (_event, name) => {
        if (name?.endsWith(".exit.json")) void this.reconciler.reconcile(id).catch(() => {});
        else if (name && parseApprovalFileName(name)) void this.approvals.refresh(id).catch(() => {});
      });
      watcher.on("error", () => {});
      this.exitWatches.set(id, watcher);
    } catch {
      // No runs/ folder (a task from the seed server): the sweep handles it.
    }
  }

  /** One pass over every running task; overlapping calls share the pass in progress. */
  sweep(): Promise<void> {
    this.sweeping ??= this.sweepOnce().finally(() => {
      this.sweeping = undefined;
    });
    return this.sweeping;
  }

  private async sweepOnce(): Promise<void> {
    const running = this.store.unfinished();
    this.updateExitWatches(running);
    if (running.length === 0) return;
    let sessions: Set<string>;
    try {
      sessions = await this.tmux.listSessions();
    } catch (err) {
      this.log.warn("tmux is not answering; will retry", { reason: (err as Error).message });
      return;
    }
    await Promise.all(
      running.map((task) =>
        this.reconciler.reconcile(task.task_id, sessions).catch((err: Error) => {
          this.log.warn("could not reconcile task", { task_id: task.task_id, reason: err.message });
        }),
      ),
    );
    await Promise.all(
      running
        .filter(Approvals.asks)
        .map((task) =>
          this.approvals
            .refresh(task.task_id)
            .catch((err: Error) => this.log.warn("could not read approvals", { task_id: task.task_id, reason: err.message })),
        ),
    );
    // Queued runs (for example after a restart) take whatever slots are free.
    await this.scheduler.admit().catch((err: Error) => this.log.warn("could not admit queued runs", { reason: err.message }));
  }
}

/**
 * Reconciles running tasks without anyone asking, so a task that finishes while nobody polls
 * still gets its status (and its queued follow-ups start). One tmux call per sweep serves
 * every running task.
 */
import type { Tmux } from "../tmux/tmux.js";
import type { Logger } from "../util/logger.js";
import type { TaskService } from "./task-service.js";
import type { TaskStore } from "./task-store.js";

export class TaskMonitor {
  private timer: NodeJS.Timeout | undefined;
  private sweeping: Promise<void> | undefined;

  constructor(
    private readonly store: TaskStore,
    private readonly service: TaskService,
    private readonly tmux: Tmux,
    private readonly log: Logger,
    private readonly intervalMs = 500,
  ) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.sweep(), this.intervalMs);
    this.timer.unref();
    void this.sweep();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.sweeping;
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
        this.service.reconcile(task.task_id, sessions).catch((err: Error) => {
          this.log.warn("could not reconcile task", { task_id: task.task_id, reason: err.message });
        }),
      ),
    );
    // Queued runs (for example after a restart) take whatever slots are free.
    await this.service.admit().catch((err: Error) => this.log.warn("could not admit queued runs", { reason: err.message }));
  }
}

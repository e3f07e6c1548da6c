/**
 * Who runs when: at most MAX_CONCURRENT_TASKS runs at once across all tasks, one run per task
 * at a time, and queued runs start oldest request first as slots free up. Decisions about
 * slots are taken under the scheduler lock (see task-locks.ts).
 */
import type { Logger } from "../../util/logger.js";
import { fileSize } from "../output/output-log.js";
import type { RunLauncher } from "../runs/run-launcher.js";
import { wrapperAlive } from "../runs/run-outcome.js";
import type { TaskPaths } from "../store/task-paths.js";
import type { TaskStore } from "../store/task-store.js";
import { detached, type TaskLocks } from "../task-locks.js";
import { deriveTaskFields, hasActiveRun, nextQueuedRun, nowSeconds, type RunRecord, type TaskRecord } from "../task-model.js";

/** How long a new run waits, at most, for the previous run's wrapper to exit before deferring. */
const WRAPPER_STOP_MS = 3500;
/** How soon admission is tried again while a previous run's wrapper is still exiting. */
const WRAPPER_EXIT_RETRY_MS = 100;
const WRAPPER_POLL_MS = 20;

export class Scheduler {
  /** Tasks whose run is recorded as running and about to be launched (see launchSoon). */
  private readonly pendingLaunches = new Set<string>();
  /**
   * Launches of each task's active run that tmux accepted in this process. Only such a launch
   * can have failed to start; a run recorded by a server that died before (or while) launching
   * it was simply never launched, and must not be counted against it, however often that
   * happens (a kill -9 loop on a slow machine).
   */
  private readonly acceptedLaunches = new Map<string, { run: number; count: number }>();

  constructor(
    private readonly store: TaskStore,
    private readonly launcher: RunLauncher,
    private readonly paths: TaskPaths,
    private readonly locks: TaskLocks,
    /** Runs allowed at once across all tasks; more wait in FIFO order. */
    private readonly maxConcurrentTasks: number,
    private readonly log: Logger,
  ) {}

  /** 1-based place in the queue for a slot, for tasks that are `queued`. */
  queuePositions(): Map<string, number> {
    return new Map(this.waitingForSlot().map((t, i) => [t.task_id, i + 1]));
  }

  /** Runs `work` under the scheduler lock, telling it whether a slot is free for one more run. */
  withSlot<T>(work: (free: boolean) => Promise<T>): Promise<T> {
    // Without a limit every run has a slot; skipping the lock keeps concurrent creates parallel.
    if (this.maxConcurrentTasks === Number.POSITIVE_INFINITY) return work(true);
    return this.locks.scheduler(() => work(this.runningCount() < this.maxConcurrentTasks));
  }

  /**
   * Starts queued runs, oldest first, while slots are free. A task's follow-up waits behind
   * its own running run (one run per task at a time) and needs no slot of its own until then.
   */
  async admit(): Promise<void> {
    await this.locks.scheduler(async () => {
      for (const task of this.waitingForSlot()) {
        if (this.runningCount() >= this.maxConcurrentTasks) return;
        try {
          await this.locks.task(task.task_id, () => this.startNextIfIdle(task.task_id));
        } catch (err) {
          this.log.error("could not start a queued run", { task_id: task.task_id, reason: (err as Error).message });
        }
      }
    });
  }

  /** Launches a run already recorded as running; a launch failure ends it in `error`. Caller holds the task's lock. */
  async launchRun(id: string, index: number): Promise<void> {
    try {
      await this.launcher.launch(this.store.require(id), index);
      const earlier = this.acceptedLaunches.get(id);
      this.acceptedLaunches.set(id, { run: index, count: earlier?.run === index ? earlier.count + 1 : 1 });
    } catch (err) {
      const reason = (err as Error).message;
      this.log.warn("run could not start", { task_id: id, run: index, reason });
      await this.store.update(id, (t) => {
        Object.assign(t.runs[index] as RunRecord, { state: "error", finished_at: nowSeconds(), error: reason });
        deriveTaskFields(t);
      });
      // A queued follow-up of this task gets its chance on the next admission (after our lock).
      setImmediate(() => detached(() => void this.admit()));
    }
  }

  /**
   * Launches run `index` (already recorded as running) after the caller has answered: a
   * create is answered once its record is on disk, whatever the launch costs (tmux and a
   * claude start-up take long on a loaded machine). A launch that fails ends the run in
   * `error`; one lost with the process is relaunched by the reconciler after a restart.
   */
  launchSoon(id: string, index: number): void {
    this.pendingLaunches.add(id);
    setImmediate(() =>
      detached(() =>
        this.locks
          .task(id, async () => {
            // Killed (or otherwise ended) before its turn came: nothing to start.
            if (this.store.get(id)?.runs[index]?.state !== "running") return;
            await this.launchRun(id, index);
          })
          .catch((err: Error) => this.log.error("could not launch a run", { task_id: id, run: index, reason: err.message }))
          .finally(() => this.pendingLaunches.delete(id)),
      ),
    );
  }

  /** Why no run can start at all right now, if so (claude is missing); cheap, no launch. */
  launchProblem(): Promise<string | undefined> {
    return this.launcher.preflight();
  }

  /** Whether the task's running run has not been handed to tmux yet (its session cannot exist). */
  launchPending(id: string): boolean {
    return this.pendingLaunches.has(id);
  }

  /** How many launches of run `index` tmux accepted in this process (0 when none, or only of another run). */
  acceptedLaunchesOf(id: string, index: number): number {
    const accepted = this.acceptedLaunches.get(id);
    return accepted?.run === index ? accepted.count : 0;
  }

  /** Forgets the task's accepted launches: its run's outcome is recorded, or the task was killed. */
  forgetLaunches(id: string): void {
    this.acceptedLaunches.delete(id);
  }

  /** Tasks with a run ready to start and none running, oldest request first. */
  private waitingForSlot(): TaskRecord[] {
    const waiting = this.store.unfinished().filter((t) => !hasActiveRun(t));
    const readySince = (t: TaskRecord) => t.runs[nextQueuedRun(t)]?.sent_at ?? t.created_at;
    return waiting.sort((a, b) => readySince(a) - readySince(b));
  }

  private runningCount(): number {
    return this.store.unfinished().filter(hasActiveRun).length;
  }

  /** Starts the task's oldest queued run when none is running. Caller holds the task's lock. */
  private async startNextIfIdle(id: string): Promise<void> {
    const task = this.store.get(id);
    if (!task || hasActiveRun(task)) return;
    const index = nextQueuedRun(task);
    if (index === -1) return;
    // The previous run's wrapper may still be exiting, or stopping claude after its session
    // vanished, and writing to the log: the next run waits for it, and admission is tried
    // again shortly.
    if (index > 0 && !(await this.previousWrapperGone(id, index - 1))) {
      this.log.debug("waiting for the previous run's wrapper to exit", { task_id: id, run: index });
      setTimeout(() => detached(() => void this.admit()), WRAPPER_EXIT_RETRY_MS).unref();
      return;
    }
    const logStart = await fileSize(this.paths.outputLog(id));
    const resumed = index > 0 && (await this.launcher.canResume(task));
    await this.store.update(id, (t) => {
      Object.assign(t.runs[index] as RunRecord, { state: "running", started_at: nowSeconds(), log_start: logStart, resumed });
      deriveTaskFields(t);
    });
    await this.launchRun(id, index);
  }

  /**
   * Waits a little for run `index`'s wrapper to exit: right after a run ends it takes a few
   * milliseconds; after its session vanished it may take up to WRAPPER_STOP_MS (it is
   * stopping claude). Answers whether it is gone.
   */
  private async previousWrapperGone(id: string, index: number): Promise<boolean> {
    const deadline = Date.now() + WRAPPER_STOP_MS;
    while (await wrapperAlive(this.paths, id, index)) {
      if (Date.now() > deadline) return false;
      await new Promise((r) => setTimeout(r, WRAPPER_POLL_MS));
    }
    return true;
  }
}

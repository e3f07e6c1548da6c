/**
 * Brings a task's record in line with what really happened to its active run: the exit record
 * the wrapper left, a tmux session that vanished, or a timeout that passed. The record on disk
 * is the API's answer; this is what keeps it true.
 */

import { rm } from "node:fs/promises";
import type { Tmux } from "../../tmux/tmux.js";
import type { Logger } from "../../util/logger.js";
import { fileSize, lastResultEvent } from "../output/output-log.js";
import { TIMEOUT_REASON_PREFIX } from "../runs/error-kind.js";
import { applySettledInbox, RunInboxFiles } from "../runs/run-inbox-files.js";
import { observeRun, outcomeWithoutSession, type RunOutcome, wrapperAlive } from "../runs/run-outcome.js";
import type { RunStopper } from "../runs/run-stopper.js";
import { judgeStructuredOutput } from "../runs/structured-output.js";
import type { Scheduler } from "../scheduling/scheduler.js";
import type { TaskPaths } from "../store/task-paths.js";
import type { TaskStore } from "../store/task-store.js";
import type { TaskLocks } from "../task-locks.js";
import {
  activeRunIndex,
  deriveTaskFields,
  effectiveOptions,
  isFinishedTask,
  nowSeconds,
  type RunRecord,
  type TaskRecord,
} from "../task-model.js";

/** How long a run's session must stay missing before the run is taken for ended. */
const SESSION_GONE_CONFIRM_MS = 1000;
/** Launches tmux accepted for one run before giving up when its session keeps ending before it starts. */
const MAX_LAUNCH_ATTEMPTS = 3;

export interface ReconcilerOptions {
  /** The operator's default for runs without timeout_seconds (undefined: no limit). */
  defaultTimeoutSeconds: number | undefined;
  sessionGoneConfirmMs?: number | undefined;
}

export class Reconciler {
  /** When each task's active run was first seen without its tmux session. */
  private readonly sessionMissingSince = new Map<string, { run: number; at: number }>();
  private readonly inbox: RunInboxFiles;

  constructor(
    private readonly store: TaskStore,
    private readonly paths: TaskPaths,
    private readonly tmux: Tmux,
    private readonly locks: TaskLocks,
    private readonly scheduler: Scheduler,
    private readonly stopper: RunStopper,
    private readonly options: ReconcilerOptions,
    private readonly log: Logger,
  ) {
    this.inbox = new RunInboxFiles(paths);
  }

  /**
   * Brings one task's record up to date: finishes the active run if its exit file (or, for
   * runs from older versions, the log's exit marker) says so, or if its session vanished;
   * kills it when it outlived its timeout; then lets queued runs take free slots.
   * `sessions` lets a sweep share one tmux call.
   */
  async reconcile(id: string, sessions?: Set<string>): Promise<TaskRecord> {
    const changed = await this.locks.task(id, async () => {
      const task = this.store.require(id);
      if (isFinishedTask(task.status)) return false;
      const index = activeRunIndex(task);
      if (index === -1) return false; // only queued runs: admission decides (the monitor admits every sweep)
      // Its launch is on its way: no session yet is no sign of an ended run.
      if (this.scheduler.launchPending(id)) return false;

      const seen = await observeRun(this.paths, this.tmux, task, index, sessions);
      if (seen === "still-running") {
        this.sessionMissingSince.delete(id);
        const timeout = effectiveOptions(task, index).timeout_seconds ?? this.options.defaultTimeoutSeconds;
        const startedAt = task.runs[index]?.started_at ?? task.created_at;
        if (timeout === undefined || nowSeconds() - startedAt <= timeout) return false;
        await this.stopper.killLocked(id, `${TIMEOUT_REASON_PREFIX}${timeout} seconds (timeout_seconds)`);
        return true;
      }
      const outcome = seen === "session-gone" ? await this.confirmSessionGone(task, index) : seen;
      if (outcome === "undecided") return false;
      if (outcome === "relaunched") return true;
      await this.finishRun(id, index, outcome);
      return true;
    });
    if (changed) await this.scheduler.admit();
    return this.store.require(id);
  }

  /** Records how run `index` ended, with where its output ends and its last result. Caller holds the lock. */
  private async finishRun(id: string, index: number, observed: RunOutcome): Promise<void> {
    const log = this.paths.outputLog(id);
    const logEnd = await fileSize(log);
    const task = this.store.require(id);
    this.scheduler.forgetLaunches(id);
    // A run with output_schema that gave no structured output failed, whatever claude's exit code says.
    const { outcome, result } = judgeStructuredOutput(
      effectiveOptions(task, index),
      observed,
      await lastResultEvent(log, task.runs[index]?.log_start ?? 0, logEnd),
    );
    // Steers the run did not take become follow-ups, in the same update that ends the run.
    const inbox = await this.inbox.settle(id, index);
    await this.store.update(id, (t) => {
      const run = t.runs[index] as RunRecord;
      Object.assign(run, outcome, { log_end: logEnd });
      if (result) run.result = result;
      applySettledInbox(t, index, inbox);
      deriveTaskFields(t);
    });
    this.log.info("run finished", { task_id: id, run: index, state: outcome.state, exit_code: outcome.exit_code });
  }

  /**
   * A session that seems gone is only believed when it is still gone a moment later (one
   * failed or racing tmux call must not end a live run) and its wrapper has exited too (a
   * wrapper still alive will write the run's exit record). Then the run ends, or, if its wrapper
   * never started, is launched (again): always when no launch of it was accepted by tmux in
   * this process, and up to MAX_LAUNCH_ATTEMPTS times when tmux accepted it and its session
   * still ended first. Caller holds the task's lock.
   */
  private async confirmSessionGone(task: TaskRecord, index: number): Promise<"undecided" | "relaunched" | RunOutcome> {
    const id = task.task_id;
    const since = this.sessionMissingSince.get(id);
    if (since === undefined || since.run !== index) {
      this.sessionMissingSince.set(id, { run: index, at: Date.now() });
      return "undecided";
    }
    if (Date.now() - since.at < (this.options.sessionGoneConfirmMs ?? SESSION_GONE_CONFIRM_MS)) return "undecided";
    // The wrapper outlives its session while it stops claude (tmux died, or the session was
    // killed), then writes the run's exit record: that record decides, once it is there.
    if (await wrapperAlive(this.paths, id, index)) return "undecided";
    this.sessionMissingSince.delete(id);
    const outcome = await outcomeWithoutSession(this.paths, task, index);
    if (outcome !== "never-started") return outcome;
    const failedStarts = this.scheduler.acceptedLaunchesOf(id, index);
    if (failedStarts >= MAX_LAUNCH_ATTEMPTS) {
      this.scheduler.forgetLaunches(id);
      await rm(this.paths.runSpec(id, index), { force: true }); // it holds the environment
      return {
        state: "error",
        finished_at: nowSeconds(),
        error: `The run never started (${failedStarts} attempts): its tmux session ended first`,
      };
    }
    // The spec stays until the new launch replaces it: a launch still in flight from a server
    // that died (a slow tmux client outlives it) must not find it gone.
    this.log.warn(
      failedStarts === 0
        ? "run was recorded but never launched here; launching it"
        : "run's session ended before it started; launching it again",
      { task_id: id, run: index, failed_starts: failedStarts },
    );
    await this.scheduler.launchRun(id, index);
    return "relaunched";
  }
}

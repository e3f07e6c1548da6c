/**
 * What can be done with tasks: create, read, follow up, kill, purge, and reconcile their
 * state with what really happened in tmux. Domain code: it throws AppError and knows nothing
 * of HTTP.
 *
 * Locking: each task has its own lock; the scheduler lock guards decisions about free slots
 * (MAX_CONCURRENT_TASKS). The scheduler lock is always taken before a task lock, never
 * while holding one, so the two cannot deadlock.
 */
import { createHash, randomUUID } from "node:crypto";
import { rm } from "node:fs/promises";
import { AppError, taskNotFound } from "../errors.js";
import { killProcessTree } from "../tmux/process-tree.js";
import type { Tmux } from "../tmux/tmux.js";
import type { Logger } from "../util/logger.js";
import { KeyedMutex } from "../util/mutex.js";
import { fileSize, lastResultEvent } from "./output-log.js";
import type { RunLauncher } from "./run-launcher.js";
import { applyLimits, type OptionLimits } from "./run-options.js";
import { observeRun, outcomeWithoutSession, type RunOutcome, wrapperAlive } from "./run-outcome.js";
import { isValidTaskId, newTaskId, tmuxSessionName } from "./task-id.js";
import {
  deriveTaskFields,
  effectiveOptions,
  isFinishedRun,
  isFinishedTask,
  nextQueuedRun,
  nowSeconds,
  type RunOptions,
  type RunRecord,
  type TaskCallback,
  type TaskRecord,
} from "./task-model.js";
import type { TaskPaths } from "./task-paths.js";
import { queryTasks, type TaskPage, type TaskQuery } from "./task-query.js";
import type { TaskStore } from "./task-store.js";
import { resolveWorkdir } from "./workdir.js";

export interface CreateTaskInput extends RunOptions {
  prompt: string;
  workdir?: string | undefined;
  labels?: Record<string, string> | undefined;
  callback_url?: string | undefined;
  callback_on?: TaskCallback["on"] | undefined;
}

export interface FollowupInput extends RunOptions {
  prompt: string;
}

export interface TaskServiceOptions {
  defaultWorkdir: string;
  workdirRoot: string;
  /** Server-wide limits on per-task options. */
  limits: OptionLimits;
  /** Runs allowed at once across all tasks; more wait in FIFO order. */
  maxConcurrentTasks: number;
  /** Checks a callback URL against the server's policy; throws AppError when refused. */
  checkCallbackUrl: (url: string) => void;
}

/** Longest a caller may wait for a task to finish in one request. */
export const MAX_WAIT_MS = 60_000;
/** How long an Idempotency-Key keeps answering with the task it created. */
export const IDEMPOTENCY_WINDOW_SECONDS = 24 * 3600;
const SCHEDULER = "\0scheduler";
/** How long a run's session must stay missing before the run is taken for ended. */
const SESSION_GONE_CONFIRM_MS = 1000;
/** How long a new run waits, at most, for the previous run's wrapper to exit before deferring. */
const WRAPPER_STOP_MS = 3500;
/** How soon admission is tried again while a previous run's wrapper is still exiting. */
const WRAPPER_EXIT_RETRY_MS = 100;
/** Launches tmux accepted for one run before giving up when its session keeps ending before it starts. */
const MAX_LAUNCH_ATTEMPTS = 3;

/** A validated create request, as the store will keep it. */
interface NewTask {
  prompt: string;
  workdir: string | undefined;
  options: RunOptions;
  labels: Record<string, string> | undefined;
  callback: TaskCallback | undefined;
  idempotency?: TaskRecord["idempotency"];
}

export interface CreateResult {
  task: TaskRecord;
  /** True when an earlier request with the same Idempotency-Key created the task. */
  replayed: boolean;
}

export class TaskService {
  private readonly locks = new KeyedMutex();
  /** When each task's active run was first seen without its tmux session. */
  private readonly sessionMissingSince = new Map<string, { run: number; at: number }>();
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
    private readonly tmux: Tmux,
    private readonly paths: TaskPaths,
    private readonly options: TaskServiceOptions,
    private readonly log: Logger,
  ) {}

  /**
   * Records a task and starts its first run, or queues it when every slot is taken. A run
   * that cannot start leaves the task in `error`. With an Idempotency-Key seen in the last
   * 24 hours, returns the task that key created instead (409 if the request differs).
   */
  async create(input: CreateTaskInput, idempotencyKey?: string): Promise<CreateResult> {
    const { prompt: rawPrompt, workdir, labels, callback_url, callback_on, ...runOptions } = input;
    const request: NewTask = {
      prompt: requirePrompt(rawPrompt),
      workdir,
      options: applyLimits(runOptions, this.options.limits),
      labels,
      callback: callback_url === undefined ? undefined : { url: callback_url, on: callback_on ?? "finish", attempts: [] },
    };
    if (callback_url !== undefined) this.options.checkCallbackUrl(callback_url);
    if (idempotencyKey === undefined) return { task: await this.createTask(request), replayed: false };

    const fingerprint = createHash("sha256").update(JSON.stringify(input)).digest("hex");
    return this.locks.run(`\0idempotency:${idempotencyKey}`, async () => {
      const earlier = this.store.findByIdempotencyKey(idempotencyKey);
      if (earlier && earlier.created_at > nowSeconds() - IDEMPOTENCY_WINDOW_SECONDS) {
        if (earlier.idempotency?.fingerprint !== fingerprint) {
          throw new AppError("idempotency_conflict", "This Idempotency-Key was used for a different request; use a new key");
        }
        return { task: earlier, replayed: true };
      }
      return { task: await this.createTask({ ...request, idempotency: { key: idempotencyKey, fingerprint } }), replayed: false };
    });
  }

  private async createTask(request: NewTask): Promise<TaskRecord> {
    const { prompt, options, labels, callback, idempotency } = request;
    const workdir = await resolveWorkdir(request.workdir ?? this.options.defaultWorkdir, this.options.workdirRoot);
    const now = nowSeconds();
    const taskId = newTaskId();
    const task: TaskRecord = {
      task_id: taskId,
      session_id: randomUUID(),
      prompt,
      workdir,
      status: "queued",
      created_at: now,
      tmux_session: tmuxSessionName(taskId),
      runs: [{ prompt, state: "queued", sent_at: now }],
    };
    if (Object.keys(options).length > 0) task.options = options;
    if (labels && Object.keys(labels).length > 0) task.labels = labels;
    if (callback) task.callback = callback;
    if (idempotency) task.idempotency = idempotency;
    await this.withSlot(async (free) => {
      if (free) {
        Object.assign(task.runs[0] as RunRecord, { state: "running", started_at: now, log_start: 0 });
        deriveTaskFields(task);
      }
      await this.locks.run(taskId, async () => {
        await this.store.create(task);
        this.log.info("task created", { task_id: taskId, status: task.status });
        if (free) await this.launchRun(taskId, 0);
      });
    });
    return this.require(taskId);
  }

  /** Calls `listener` after every change to any task; returns the unsubscribe function. */
  onChange(listener: (task: TaskRecord) => void): () => void {
    return this.store.onChange(listener);
  }

  /** Tasks newest first (from memory; the monitor keeps running ones reconciled), filtered and paged. */
  list(query: TaskQuery = {}): TaskPage {
    return queryTasks(this.store.list(), query);
  }

  /** 1-based place in the queue for a slot, for tasks that are `queued`. */
  queuePositions(): Map<string, number> {
    return new Map(this.waitingForSlot().map((t, i) => [t.task_id, i + 1]));
  }

  /** The task once it has finished, or as it is after `waitMs` (at most a minute). */
  async waitUntilFinished(id: string, waitMs: number): Promise<TaskRecord> {
    const task = await this.get(id);
    if (isFinishedTask(task.status) || waitMs <= 0) return task;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, Math.min(waitMs, MAX_WAIT_MS));
      const unsubscribe = this.store.onChange((t) => {
        if (t.task_id === id && isFinishedTask(t.status)) done();
      });
      function done() {
        clearTimeout(timer);
        unsubscribe();
        resolve();
      }
    });
    return this.require(id);
  }

  /**
   * The task after reconciling it with tmux and the run's exit file. When that fails (tmux
   * not answering, disk full), the stored record is still a true answer, just possibly late.
   */
  async get(id: string): Promise<TaskRecord> {
    const stored = this.require(id);
    // A finished task changes only through a new request (follow-up, purge): nothing to reconcile.
    if (isFinishedTask(stored.status)) return stored;
    try {
      return await this.reconcile(id);
    } catch (err) {
      this.log.warn("could not reconcile task; answering from the stored record", {
        task_id: id,
        reason: (err as Error).message,
      });
      return this.require(id);
    }
  }

  /** Queues a follow-up; it starts at once unless a run is in progress or no slot is free. */
  async sendMessage(id: string, input: FollowupInput): Promise<TaskRecord> {
    const { prompt: rawPrompt, ...runOptions } = input;
    const prompt = requirePrompt(rawPrompt);
    const options = applyLimits(runOptions, this.options.limits);
    this.require(id);
    await this.reconcile(id);
    await this.locks.run(id, async () => {
      const task = await this.store.update(id, (t) => {
        const run: RunRecord = { prompt, state: "queued", sent_at: nowSeconds() };
        if (Object.keys(options).length > 0) run.options = options;
        t.runs.push(run);
        deriveTaskFields(t);
      });
      this.log.info("follow-up accepted", { task_id: id, run: task.runs.length - 1 });
    });
    await this.admit();
    return this.require(id);
  }

  /** Kills the run in progress (or takes a queued task out of the queue) and drops queued follow-ups. */
  async kill(id: string): Promise<TaskRecord> {
    this.require(id);
    await this.reconcile(id);
    const task = await this.locks.run(id, async () => {
      const current = this.require(id);
      if (current.status === "killed") return current;
      if (isFinishedTask(current.status)) {
        throw new AppError("task_finished", `Task already finished with status ${current.status}`);
      }
      return this.killLocked(id);
    });
    await this.admit();
    return task;
  }

  /** Deletes a finished task's files; refuses while it runs or waits. */
  async purge(id: string): Promise<void> {
    this.require(id);
    await this.reconcile(id);
    await this.locks.run(id, async () => {
      const task = this.require(id);
      if (!isFinishedTask(task.status)) {
        throw new AppError("task_not_finished", `Task is ${task.status}; kill it before purging it`);
      }
      await this.store.remove(id);
      this.log.info("task purged", { task_id: id });
    });
  }

  /** Purges finished tasks that finished more than `days` days ago; returns how many. */
  async purgeOlderThan(days: number): Promise<number> {
    const cutoff = nowSeconds() - days * 24 * 3600;
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

  /** Records one webhook delivery attempt on the task. */
  async recordWebhookAttempt(id: string, attempt: TaskCallback["attempts"][number]): Promise<void> {
    if (!this.store.get(id)) return; // purged meanwhile
    await this.locks.run(id, () =>
      this.store.update(id, (t) => {
        t.callback?.attempts.push(attempt);
      }),
    );
  }

  /** Marks every unfinished run killed (with `reason` on the active one), then stops the session. Caller holds the lock. */
  private async killLocked(id: string, reason?: string): Promise<TaskRecord> {
    const now = nowSeconds();
    const logEnd = await fileSize(this.paths.outputLog(id));
    const wasRunning = this.require(id).runs.some((r) => r.state === "running");
    // Record the kill first, so the run's exit (from the signal) is not taken for a failure.
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
    if (wasRunning) await this.stopSession(task);
    this.acceptedLaunches.delete(id);
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

  /**
   * Brings one task's record up to date: finishes the active run if its exit file (or, for
   * runs from older versions, the log's exit marker) says so, or if its session vanished;
   * kills it when it outlived its timeout; then lets queued runs take free slots.
   * `sessions` lets a sweep share one tmux call.
   */
  async reconcile(id: string, sessions?: Set<string>): Promise<TaskRecord> {
    const changed = await this.locks.run(id, async () => {
      const task = this.require(id);
      if (isFinishedTask(task.status)) return false;
      const index = task.runs.findIndex((r) => r.state === "running");
      if (index === -1) return false; // only queued runs: admission decides (the monitor admits every sweep)

      const seen = await observeRun(this.paths, this.tmux, task, index, sessions);
      if (seen === "still-running") {
        this.sessionMissingSince.delete(id);
        const timeout = effectiveOptions(task, index).timeout_seconds ?? this.options.limits.defaultTimeoutSeconds;
        const startedAt = task.runs[index]?.started_at ?? task.created_at;
        if (timeout === undefined || nowSeconds() - startedAt <= timeout) return false;
        await this.killLocked(id, `Timed out after ${timeout} seconds (timeout_seconds)`);
        return true;
      }
      const outcome = seen === "session-gone" ? await this.confirmSessionGone(task, index) : seen;
      if (outcome === "undecided") return false;
      if (outcome === "relaunched") return true;
      const log = this.paths.outputLog(id);
      const logEnd = await fileSize(log);
      const result = await lastResultEvent(log, task.runs[index]?.log_start ?? 0, logEnd);
      this.acceptedLaunches.delete(id);
      await this.store.update(id, (t) => {
        const run = t.runs[index] as RunRecord;
        Object.assign(run, outcome, { log_end: logEnd });
        if (result) run.result = result;
        deriveTaskFields(t);
      });
      this.log.info("run finished", { task_id: id, run: index, state: outcome.state, exit_code: outcome.exit_code });
      return true;
    });
    if (changed) await this.admit();
    return this.require(id);
  }

  /**
   * A session that seems gone is only believed when it is still gone a moment later: one
   * failed or racing tmux call must not end a live run. Then the run ends, or, if its wrapper
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
    if (Date.now() - since.at < SESSION_GONE_CONFIRM_MS) return "undecided";
    this.sessionMissingSince.delete(id);
    const outcome = await outcomeWithoutSession(this.paths, task, index);
    if (outcome !== "never-started") return outcome;
    const accepted = this.acceptedLaunches.get(id);
    const failedStarts = accepted?.run === index ? accepted.count : 0;
    if (failedStarts >= MAX_LAUNCH_ATTEMPTS) {
      this.acceptedLaunches.delete(id);
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
    await this.launchRun(id, index);
    return "relaunched";
  }

  /** Tasks with a run ready to start and none running, oldest request first. */
  private waitingForSlot(): TaskRecord[] {
    const waiting = this.store.unfinished().filter((t) => !t.runs.some((r) => r.state === "running"));
    const readySince = (t: TaskRecord) => t.runs[nextQueuedRun(t)]?.sent_at ?? t.created_at;
    return waiting.sort((a, b) => readySince(a) - readySince(b));
  }

  private runningCount(): number {
    return this.store.unfinished().filter((t) => t.runs.some((r) => r.state === "running")).length;
  }

  /** Runs `work` under the scheduler lock, telling it whether a slot is free for one more run. */
  private withSlot<T>(work: (free: boolean) => Promise<T>): Promise<T> {
    // Without a limit every run has a slot; skipping the lock keeps concurrent creates parallel.
    if (this.options.maxConcurrentTasks === Number.POSITIVE_INFINITY) return work(true);
    return this.locks.run(SCHEDULER, () => work(this.runningCount() < this.options.maxConcurrentTasks));
  }

  /**
   * Starts queued runs, oldest first, while slots are free. A task's follow-up waits behind
   * its own running run (one run per task at a time) and needs no slot of its own until then.
   */
  async admit(): Promise<void> {
    await this.locks.run(SCHEDULER, async () => {
      for (const task of this.waitingForSlot()) {
        if (this.runningCount() >= this.options.maxConcurrentTasks) return;
        try {
          await this.locks.run(task.task_id, () => this.startNextIfIdle(task.task_id));
        } catch (err) {
          this.log.error("could not start a queued run", { task_id: task.task_id, reason: (err as Error).message });
        }
      }
    });
  }

  /** Starts the task's oldest queued run when none is running. Caller holds the task's lock. */
  private async startNextIfIdle(id: string): Promise<void> {
    const task = this.store.get(id);
    if (!task || task.runs.some((r) => r.state === "running")) return;
    const index = nextQueuedRun(task);
    if (index === -1) return;
    // The previous run's wrapper may still be exiting, or stopping claude after its session
    // vanished, and writing to the log: the next run waits for it, and admission is tried
    // again shortly.
    if (index > 0 && !(await this.previousWrapperGone(id, index - 1))) {
      this.log.debug("waiting for the previous run's wrapper to exit", { task_id: id, run: index });
      setTimeout(() => void this.admit(), WRAPPER_EXIT_RETRY_MS).unref();
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
      await new Promise((r) => setTimeout(r, 20));
    }
    return true;
  }

  /** Launches a run already recorded as running; a launch failure ends it in `error`. */
  private async launchRun(id: string, index: number): Promise<void> {
    try {
      await this.launcher.launch(this.require(id), index);
      const earlier = this.acceptedLaunches.get(id);
      this.acceptedLaunches.set(id, { run: index, count: earlier?.run === index ? earlier.count + 1 : 1 });
    } catch (err) {
      const reason = (err as Error).message;
      this.log.warn("run could not start", { task_id: id, run: index, reason });
      await this.store.update(id, (t) => {
        Object.assign(t.runs[index] as RunRecord, { state: "error", finished_at: nowSeconds(), error: reason });
        deriveTaskFields(t);
      });
      // A queued follow-up of this task gets its chance on the next admission.
      setImmediate(() => void this.admit());
    }
  }

  private require(id: string): TaskRecord {
    if (!isValidTaskId(id)) throw taskNotFound();
    const task = this.store.get(id);
    if (!task) throw taskNotFound();
    return task;
  }
}

function requirePrompt(prompt: string): string {
  if (prompt.trim() === "") throw new AppError("validation_failed", "prompt must be a non-empty string");
  return prompt;
}

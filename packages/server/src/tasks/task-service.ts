/**
 * What can be done with tasks: create, read, follow up, kill, and reconcile their state with
 * what really happened in tmux. Domain code: it throws AppError and knows nothing of HTTP.
 */
import { randomUUID } from "node:crypto";
import { access, readFile, rm } from "node:fs/promises";
import { AppError, taskNotFound } from "../errors.js";
import type { RunExit } from "../runner/run-spec.js";
import { killProcessTree } from "../tmux/process-tree.js";
import type { Tmux } from "../tmux/tmux.js";
import type { Logger } from "../util/logger.js";
import { KeyedMutex } from "../util/mutex.js";
import { fileSize, lastExitMarker, lastResultError, lastResultEvent } from "./output-log.js";
import type { RunLauncher } from "./run-launcher.js";
import { applyLimits, type OptionLimits } from "./run-options.js";
import { isValidTaskId, newTaskId, tmuxSessionName } from "./task-id.js";
import {
  deriveTaskFields,
  effectiveOptions,
  exitCodeToState,
  isFinishedRun,
  nextQueuedRun,
  nowSeconds,
  type RunOptions,
  type RunRecord,
  type TaskRecord,
} from "./task-model.js";
import type { TaskPaths } from "./task-paths.js";
import type { TaskStore } from "./task-store.js";
import { resolveWorkdir } from "./workdir.js";

export interface CreateTaskInput extends RunOptions {
  prompt: string;
  workdir?: string | undefined;
  labels?: Record<string, string> | undefined;
}

export interface FollowupInput extends Omit<RunOptions, never> {
  prompt: string;
}

export interface TaskServiceOptions {
  defaultWorkdir: string;
  workdirRoot: string;
  /** Server-wide limits on per-task options. */
  limits: OptionLimits;
}

/** Longest a task may wait in `get(..., waitMs)`. */
export const MAX_WAIT_MS = 60_000;

const exists = (file: string) =>
  access(file).then(
    () => true,
    () => false,
  );

export class TaskService {
  private readonly locks = new KeyedMutex();

  constructor(
    private readonly store: TaskStore,
    private readonly launcher: RunLauncher,
    private readonly tmux: Tmux,
    private readonly paths: TaskPaths,
    private readonly options: TaskServiceOptions,
    private readonly log: Logger,
  ) {}

  /** Records a task and starts its first run. A run that cannot start leaves the task in `error`. */
  async create(input: CreateTaskInput): Promise<TaskRecord> {
    const { prompt: rawPrompt, workdir: requestedWorkdir, labels, ...runOptions } = input;
    const prompt = requirePrompt(rawPrompt);
    const options = applyLimits(runOptions, this.options.limits);
    const workdir = await resolveWorkdir(requestedWorkdir ?? this.options.defaultWorkdir, this.options.workdirRoot);
    const now = nowSeconds();
    const taskId = newTaskId();
    const task: TaskRecord = {
      task_id: taskId,
      session_id: randomUUID(),
      prompt,
      workdir,
      status: "running",
      created_at: now,
      tmux_session: tmuxSessionName(taskId),
      runs: [{ prompt, state: "running", sent_at: now, started_at: now, log_start: 0 }],
    };
    if (Object.keys(options).length > 0) task.options = options;
    if (labels && Object.keys(labels).length > 0) task.labels = labels;
    return this.locks.run(taskId, async () => {
      await this.store.create(task);
      this.log.info("task created", { task_id: taskId });
      return this.launchRun(taskId, 0);
    });
  }

  /** Calls `listener` after every change to any task; returns the unsubscribe function. */
  onChange(listener: (task: TaskRecord) => void): () => void {
    return this.store.onChange(listener);
  }

  /** Tasks newest first (from memory; the monitor keeps running ones reconciled), optionally only those with every given label. */
  list(filter: { labels?: Record<string, string> } = {}): TaskRecord[] {
    const wanted = Object.entries(filter.labels ?? {});
    const all = this.store.list();
    return wanted.length === 0 ? all : all.filter((t) => wanted.every(([k, v]) => t.labels?.[k] === v));
  }

  /**
   * The task once it has finished, or as it is after `waitMs` (at most a minute). Lets callers
   * wait without polling.
   */
  async waitUntilFinished(id: string, waitMs: number): Promise<TaskRecord> {
    const task = await this.get(id);
    if (task.status !== "running" || waitMs <= 0) return task;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, Math.min(waitMs, MAX_WAIT_MS));
      const unsubscribe = this.store.onChange((t) => {
        if (t.task_id === id && t.status !== "running") done();
      });
      function done() {
        clearTimeout(timer);
        unsubscribe();
        resolve();
      }
    });
    return this.require(id);
  }

  /** The task after reconciling it with tmux and the run's exit file. */
  async get(id: string): Promise<TaskRecord> {
    this.require(id);
    return this.reconcile(id);
  }

  /** Queues a follow-up; it starts at once unless a run is in progress. */
  async sendMessage(id: string, input: FollowupInput): Promise<TaskRecord> {
    const { prompt: rawPrompt, ...runOptions } = input;
    const prompt = requirePrompt(rawPrompt);
    const options = applyLimits(runOptions, this.options.limits);
    this.require(id);
    await this.reconcile(id);
    return this.locks.run(id, async () => {
      const now = nowSeconds();
      const task = await this.store.update(id, (t) => {
        const run: RunRecord = { prompt, state: "queued", sent_at: now };
        if (Object.keys(options).length > 0) run.options = options;
        t.runs.push(run);
        deriveTaskFields(t);
      });
      this.log.info("follow-up accepted", { task_id: id, run: task.runs.length - 1 });
      return this.startNextIfIdle(task);
    });
  }

  /** Kills the run in progress and drops queued follow-ups. */
  async kill(id: string): Promise<TaskRecord> {
    this.require(id);
    await this.reconcile(id);
    return this.locks.run(id, async () => {
      const current = this.require(id);
      if (current.status === "killed") return current;
      if (current.status !== "running") {
        throw new AppError("task_finished", `Task already finished with status ${current.status}`);
      }
      return this.killLocked(id);
    });
  }

  /** Marks every unfinished run killed (with `reason` on the active one), then stops the session. Caller holds the lock. */
  private async killLocked(id: string, reason?: string): Promise<TaskRecord> {
    const now = nowSeconds();
    const logEnd = await fileSize(this.paths.outputLog(id));
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
    await this.stopSession(task);
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
   * then starts the next queued follow-up. `sessions` lets a sweep share one tmux call.
   */
  async reconcile(id: string, sessions?: Set<string>): Promise<TaskRecord> {
    return this.locks.run(id, async () => {
      let task = this.require(id);
      if (task.status !== "running") return task;
      const index = task.runs.findIndex((r) => r.state === "running");
      if (index === -1) return this.startNextIfIdle(task);

      const outcome = await this.runOutcome(task, index, sessions);
      if (outcome === "still-running") {
        const timeout = effectiveOptions(task, index).timeout_seconds ?? this.options.limits.defaultTimeoutSeconds;
        const startedAt = task.runs[index]?.started_at ?? task.created_at;
        if (timeout !== undefined && nowSeconds() - startedAt > timeout) {
          return this.killLocked(id, `Timed out after ${timeout} seconds (timeout_seconds)`);
        }
        return task;
      }
      const log = this.paths.outputLog(id);
      const logEnd = await fileSize(log);
      const result = await lastResultEvent(log, task.runs[index]?.log_start ?? 0, logEnd);
      task = await this.store.update(id, (t) => {
        const run = t.runs[index] as RunRecord;
        Object.assign(run, outcome, { log_end: logEnd });
        if (result) run.result = result;
        deriveTaskFields(t);
      });
      this.log.info("run finished", { task_id: id, run: index, state: outcome.state, exit_code: outcome.exit_code });
      return this.startNextIfIdle(task);
    });
  }

  private async runOutcome(
    task: TaskRecord,
    index: number,
    sessions: Set<string> | undefined,
  ): Promise<"still-running" | Pick<RunRecord, "state" | "finished_at" | "exit_code" | "error">> {
    const id = task.task_id;
    const exit = await this.readExit(id, index);
    if (exit) return this.outcomeFromExit(id, exit);
    const live = sessions ?? (await this.tmux.listSessions());
    if (live.has(task.tmux_session)) return "still-running";
    // The session is gone. Look again: the wrapper writes the exit file just before it ends.
    const lateExit = await this.readExit(id, index);
    if (lateExit) return this.outcomeFromExit(id, lateExit);
    // The wrapper deletes its spec (which holds the environment) as it starts; if the spec is
    // still here, the session ended before claude ever started.
    const specFile = this.paths.runSpec(id, index);
    if (await exists(specFile)) {
      await rm(specFile, { force: true });
      return { state: "error", finished_at: nowSeconds(), error: "The run never started: its tmux session ended first" };
    }
    const marker = await lastExitMarker(this.paths.outputLog(id));
    if (marker !== undefined) return this.outcomeFromExit(id, { exit_code: marker, finished_at: nowSeconds() });
    return {
      state: "error",
      finished_at: nowSeconds(),
      error:
        "The run ended without reporting an exit status (its tmux session is gone: the tmux server may have died or the session was killed outside the API)",
    };
  }

  private async outcomeFromExit(
    id: string,
    exit: RunExit,
  ): Promise<Pick<RunRecord, "state" | "finished_at" | "exit_code" | "error">> {
    const state = exitCodeToState(exit.exit_code);
    const outcome: Pick<RunRecord, "state" | "finished_at" | "exit_code" | "error"> = {
      state,
      finished_at: exit.finished_at,
      exit_code: exit.exit_code,
    };
    if (state === "error") {
      outcome.error =
        exit.error ?? (await lastResultError(this.paths.outputLog(id))) ?? `claude exited with status ${exit.exit_code}`;
    }
    return outcome;
  }

  private async readExit(id: string, index: number): Promise<RunExit | undefined> {
    try {
      const parsed = JSON.parse(await readFile(this.paths.runExit(id, index), "utf8")) as Partial<RunExit>;
      if (typeof parsed.exit_code !== "number" || typeof parsed.finished_at !== "number") return undefined;
      return parsed as RunExit;
    } catch {
      return undefined;
    }
  }

  /** Starts the oldest queued run when nothing is running. Caller holds the task's lock. */
  private async startNextIfIdle(task: TaskRecord): Promise<TaskRecord> {
    if (task.runs.some((r) => r.state === "running")) return task;
    const index = nextQueuedRun(task);
    if (index === -1) return task;
    const now = nowSeconds();
    const logStart = await fileSize(this.paths.outputLog(task.task_id));
    await this.store.update(task.task_id, (t) => {
      const run = t.runs[index] as RunRecord;
      run.state = "running";
      run.started_at = now;
      run.log_start = logStart;
      deriveTaskFields(t);
    });
    return this.launchRun(task.task_id, index);
  }

  /** Launches a run already recorded as running; a launch failure ends it in `error`. */
  private async launchRun(id: string, index: number): Promise<TaskRecord> {
    const task = this.require(id);
    try {
      await this.launcher.launch(task, index);
      return task;
    } catch (err) {
      const reason = (err as Error).message;
      this.log.warn("run could not start", { task_id: id, run: index, reason });
      const failed = await this.store.update(id, (t) => {
        Object.assign(t.runs[index] as RunRecord, { state: "error", finished_at: nowSeconds(), error: reason });
        deriveTaskFields(t);
      });
      // A queued follow-up should still get its chance.
      return this.startNextIfIdle(failed);
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

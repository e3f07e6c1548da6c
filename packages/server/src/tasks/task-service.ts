/**
 * What can be done with tasks, in one place for the HTTP handlers: create, read, wait, follow
 * up, kill, purge. Each operation lives in its own module (see tasks/README.md); this class
 * wires them together and answers reads. Domain code: it throws AppError and knows nothing of
 * HTTP.
 */
import type { ApprovalAnswer, ApprovalDecision, SteerAccepted } from "../generated/schemas.js";
import type { Tmux } from "../tmux/tmux.js";
import type { Logger } from "../util/logger.js";
import { ApprovalFiles } from "./approvals/approval-files.js";
import { Approvals } from "./approvals/approvals.js";
import { type CreateOptions, type CreateTaskInput, TaskCreator } from "./lifecycle/create-task.js";
import { type FollowupInput, Followups } from "./lifecycle/followups.js";
import type { CreateResult } from "./lifecycle/idempotency.js";
import { killTask } from "./lifecycle/kill-task.js";
import { Retention } from "./lifecycle/retention.js";
import { Steering } from "./lifecycle/steering.js";
import { WebhookAttempts } from "./lifecycle/webhook-attempts.js";
import { Reconciler } from "./reconciliation/reconciler.js";
import { RunInboxFiles } from "./runs/run-inbox-files.js";
import type { RunLauncher } from "./runs/run-launcher.js";
import { RunStopper } from "./runs/run-stopper.js";
import { Scheduler } from "./scheduling/scheduler.js";
import type { TaskPaths } from "./store/task-paths.js";
import { queryTasks, type TaskPage, type TaskQuery } from "./store/task-query.js";
import type { TaskStore } from "./store/task-store.js";
import { TaskLocks } from "./task-locks.js";
import { isFinishedTask, type TaskRecord } from "./task-model.js";
import { TaskWorktrees } from "./worktrees/task-worktrees.js";
import type { DiffFile } from "./worktrees/worktree-diff.js";

export interface TaskServiceOptions extends CreateOptions {
  /** Runs allowed at once across all tasks; more wait in FIFO order. */
  maxConcurrentTasks: number;
  /** Follow-ups one task may have waiting to start. */
  maxQueuedFollowups: number;
  /** How long a run's session must stay missing before the run is taken for ended (tests shorten it). */
  sessionGoneConfirmMs?: number;
}

/** Longest a caller may wait for a task to finish in one request. */
const MAX_WAIT_MS = 60_000;

export class TaskService {
  readonly scheduler: Scheduler;
  readonly reconciler: Reconciler;
  readonly retention: Retention;
  readonly webhookAttempts: WebhookAttempts;
  readonly approvals: Approvals;
  private readonly locks = new TaskLocks();
  private readonly stopper: RunStopper;
  private readonly creator: TaskCreator;
  private readonly followups: Followups;
  private readonly steering: Steering;
  private readonly worktrees: TaskWorktrees;

  constructor(
    private readonly store: TaskStore,
    launcher: RunLauncher,
    tmux: Tmux,
    paths: TaskPaths,
    options: TaskServiceOptions,
    log: Logger,
  ) {
    const { locks } = this;
    this.worktrees = new TaskWorktrees(paths, log);
    this.scheduler = new Scheduler(store, launcher, paths, locks, options.maxConcurrentTasks, log);
    this.stopper = new RunStopper(store, tmux, paths, this.scheduler, log);
    this.reconciler = new Reconciler(
      store,
      paths,
      tmux,
      locks,
      this.scheduler,
      this.stopper,
      {
        defaultTimeoutSeconds: options.limits.defaultTimeoutSeconds,
        sessionGoneConfirmMs: options.sessionGoneConfirmMs,
      },
      log,
    );
    this.creator = new TaskCreator(store, locks, this.scheduler, options, log, this.worktrees);
    this.followups = new Followups(store, locks, this.reconciler, this.scheduler, options, log);
    this.steering = new Steering(store, locks, this.reconciler, this.scheduler, new RunInboxFiles(paths), log);
    this.retention = new Retention(store, locks, this.reconciler, log, this.worktrees);
    this.webhookAttempts = new WebhookAttempts(store, locks);
    this.approvals = new Approvals(store, new ApprovalFiles(paths), locks, log);
  }

  /**
   * Records a task and starts its first run, or queues it when every slot is taken. With an
   * Idempotency-Key seen in the last 24 hours, returns the task that key created instead.
   */
  create(input: CreateTaskInput, idempotencyKey?: string): Promise<CreateResult> {
    return this.creator.create(input, idempotencyKey);
  }

  /** Refuses what `create` would refuse, recording nothing (a schedule's task template). */
  checkCreate(input: CreateTaskInput): Promise<void> {
    return this.creator.check(input);
  }

  /** Calls `listener` after every change to any task; returns the unsubscribe function. */
  onChange(listener: (task: TaskRecord) => void): () => void {
    return this.store.onChange(listener);
  }

  /** Tasks newest first (from memory; the monitor keeps running ones reconciled), filtered and paged. */
  list(query: TaskQuery = {}): TaskPage {
    return queryTasks(this.store.list(), query);
  }

  /** Moves on with every change to any task: a list built at one version is current while it holds. */
  get version(): number {
    return this.store.version;
  }

  /** 1-based place in the queue for a slot, for tasks that are `queued`. */
  queuePositions(): Map<string, number> {
    return this.scheduler.queuePositions();
  }

  /**
   * The task as the server knows it. Reads never ask tmux: the monitor keeps every unfinished
   * task reconciled (an exit file is seen the moment the wrapper writes it, a vanished session
   * within a sweep), so a read costs no process and no file access, running or not (except
   * one folder listing for a run that asks for approvals, below).
   */
  async get(id: string): Promise<TaskRecord> {
    const task = this.store.require(id);
    // A run waiting for approvals writes each request's file before its log line: reading the
    // files here means whoever saw the line also sees the approval pending (one readdir, only
    // for such runs).
    if (!Approvals.asks(task)) return task;
    await this.approvals.refresh(id);
    return this.store.require(id);
  }

  /**
   * The task if it has finished, without waiting: a finished task's record changes only when a
   * client changes it (no run, no approvals to read), so what is kept per record still holds.
   */
  finished(id: string): TaskRecord | undefined {
    const task = this.store.get(id);
    return task && isFinishedTask(task.status) ? task : undefined;
  }

  /** Resolves once a kill in progress has stopped the task's run and recorded its end (at once when none is). */
  stopped(id: string): Promise<void> {
    return this.stopper.stopped(id);
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
    return this.store.require(id);
  }

  /** Queues a follow-up; it starts at once unless a run is in progress or no slot is free. */
  sendMessage(id: string, input: FollowupInput): Promise<TaskRecord> {
    return this.followups.send(id, input);
  }

  /** Sets the task's `max_budget_usd`; the next run gets what is left of it (a running one keeps its cap). */
  update(id: string, change: { max_budget_usd: number }): Promise<TaskRecord> {
    this.store.require(id);
    return this.locks.task(id, () =>
      this.store.update(id, (t) => {
        t.max_budget_usd = change.max_budget_usd;
      }),
    );
  }

  /** Hands a message to the run in progress (409 task_not_running when none is). */
  steer(id: string, prompt: string): Promise<SteerAccepted> {
    return this.steering.steer(id, prompt);
  }

  /** Stops the current turn of the run in progress; with `prompt` the run continues with it. */
  interrupt(id: string, prompt?: string): Promise<SteerAccepted> {
    return this.steering.interrupt(id, prompt);
  }

  /** Kills the run in progress (or takes a queued task out of the queue) and drops queued follow-ups. */
  kill(id: string): Promise<TaskRecord> {
    const { store, locks, reconciler, stopper, scheduler } = this;
    return killTask(id, { store, locks, reconciler, stopper, scheduler });
  }

  /** Allows or denies a tool use the task's run waits for; the run goes on at once. */
  answerApproval(id: string, approvalId: string, answer: ApprovalAnswer): Promise<ApprovalDecision> {
    return this.approvals.answer(id, approvalId, answer);
  }

  /** Deletes a finished task's files and worktree (its branch too with `deleteBranch`); refuses while it runs or waits. */
  purge(id: string, options: { deleteBranch?: boolean } = {}): Promise<void> {
    return this.retention.purge(id, options);
  }

  /** A worktree task's unified diff against its base commit (`no_worktree` for other tasks). */
  diff(id: string): Promise<string> {
    return this.worktrees.diff(this.store.require(id).worktree);
  }

  /** The same diff summarised per file, with the commit it is taken against. */
  async diffStat(id: string): Promise<{ base_commit: string; files: DiffFile[] }> {
    const { worktree } = this.store.require(id);
    const files = await this.worktrees.diffStat(worktree);
    return { base_commit: worktree?.base_commit ?? "", files };
  }
}

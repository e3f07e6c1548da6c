/**
 * Follow-ups: a new prompt for a task's conversation. It is queued on the task as a run and
 * starts at once unless a run is in progress or no slot is free.
 */

import type { PermissionMode } from "../../config-env.js";
import { AppError } from "../../errors.js";
import type { Logger } from "../../util/logger.js";
import type { Reconciler } from "../reconciliation/reconciler.js";
import { checkOptions, type OptionLimits, withoutUnset } from "../runs/run-options.js";
import type { Scheduler } from "../scheduling/scheduler.js";
import { MAX_TASK_RUN_OPTIONS_BYTES, runOptionsBytes } from "../store/option-sets.js";
import type { TaskStore } from "../store/task-store.js";
import type { TaskLocks } from "../task-locks.js";
import { deriveTaskFields, nowSeconds, type RunOptions, type RunRecord, type TaskRecord } from "../task-model.js";
import { withResolvedAddDirs } from "./add-dirs.js";
import { requirePrompt } from "./create-task.js";
import { resolveTaskWorkdir } from "./workdir.js";

export interface FollowupInput extends RunOptions {
  prompt: string;
}

export interface FollowupPolicy {
  limits: OptionLimits;
  permissionMode: PermissionMode;
  workdirRoot: string;
  /** Follow-ups a task may have waiting to start (MAX_QUEUED_FOLLOWUPS). */
  maxQueuedFollowups: number;
  /** Refuses new work once the server's daily budget is spent (429 budget_exhausted). */
  checkDailyBudget?: () => void;
}

export class Followups {
  constructor(
    private readonly store: TaskStore,
    private readonly locks: TaskLocks,
    private readonly reconciler: Reconciler,
    private readonly scheduler: Scheduler,
    private readonly policy: FollowupPolicy,
    private readonly log: Logger,
  ) {}

  /** Queues the follow-up as the task's next run, then lets the scheduler start it. */
  async send(id: string, input: FollowupInput): Promise<TaskRecord> {
    const { prompt: rawPrompt, ...runOptions } = input;
    const prompt = requirePrompt(rawPrompt);
    const requested = withoutUnset(runOptions);
    const stored = this.store.require(id);
    // The run gets the task's stored options under this follow-up's: those are what the
    // operator's policy (perhaps narrower since the task was created) must allow, and the
    // stored workdir must still resolve inside WORKDIR_ROOT (or the task's worktree). The
    // launch checks both again.
    const { limits, permissionMode, workdirRoot } = this.policy;
    checkOptions({ ...stored.options, ...requested }, limits, permissionMode);
    const options = await withResolvedAddDirs(requested, workdirRoot);
    await resolveTaskWorkdir(stored, workdirRoot).catch((err: AppError) => {
      throw new AppError("invalid_workdir", `this task's workdir can no longer be used: ${err.message}`);
    });
    this.policy.checkDailyBudget?.();
    // The run in progress may have ended: then the follow-up starts now rather than waiting.
    await this.reconciler.reconcile(id);
    await this.locks.task(id, async () => {
      // Each waiting follow-up is kept (its prompt on disk) until it runs: a bound keeps one
      // client from piling up work and storage without end.
      const current = this.store.require(id);
      const waiting = current.runs.filter((r, i) => i > 0 && r.state === "queued").length;
      if (waiting >= this.policy.maxQueuedFollowups) {
        throw new AppError(
          "followup_queue_full",
          `this task already has ${waiting} follow-ups waiting (MAX_QUEUED_FOLLOWUPS is ${this.policy.maxQueuedFollowups}); send again once one has started`,
        );
      }
      checkOptionsBudget(current.runs, options);
      const task = await this.store.update(id, (t) => {
        const run: RunRecord = { prompt, state: "queued", sent_at: nowSeconds() };
        if (Object.keys(options).length > 0) run.options = options;
        t.runs.push(run);
        deriveTaskFields(t);
      });
      this.log.info("follow-up accepted", { task_id: id, run: task.runs.length - 1 });
    });
    await this.scheduler.admit();
    return this.store.require(id);
  }
}

/**
 * Refuses a follow-up whose options would take the task's runs over MAX_TASK_RUN_OPTIONS_BYTES:
 * every answer about the task shows each run's options, so they must stay bounded.
 */
function checkOptionsBudget(runs: readonly RunRecord[], options: RunOptions): void {
  if (Object.keys(options).length === 0) return;
  const bytes = runOptionsBytes(runs) + runOptionsBytes([{ options }]);
  if (bytes <= MAX_TASK_RUN_OPTIONS_BYTES) return;
  throw new AppError(
    "validation_failed",
    `this follow-up's options would bring the options of this task's runs to ${bytes} bytes as JSON, over the ${MAX_TASK_RUN_OPTIONS_BYTES} a task may hold: send it without the options it inherits anyway, or start a new task`,
  );
}

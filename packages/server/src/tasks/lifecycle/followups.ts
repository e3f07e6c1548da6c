/**
 * Follow-ups: a new prompt for a task's conversation. It is queued on the task as a run and
 * starts at once unless a run is in progress or no slot is free.
 */
import type { Logger } from "../../util/logger.js";
import type { Reconciler } from "../reconciliation/reconciler.js";
import { applyLimits, type OptionLimits } from "../runs/run-options.js";
import type { Scheduler } from "../scheduling/scheduler.js";
import type { TaskStore } from "../store/task-store.js";
import type { TaskLocks } from "../task-locks.js";
import { deriveTaskFields, nowSeconds, type RunOptions, type RunRecord, type TaskRecord } from "../task-model.js";
import { requirePrompt } from "./create-task.js";

export interface FollowupInput extends RunOptions {
  prompt: string;
}

export class Followups {
  constructor(
    private readonly store: TaskStore,
    private readonly locks: TaskLocks,
    private readonly reconciler: Reconciler,
    private readonly scheduler: Scheduler,
    private readonly limits: OptionLimits,
    private readonly log: Logger,
  ) {}

  /** Queues the follow-up as the task's next run, then lets the scheduler start it. */
  async send(id: string, input: FollowupInput): Promise<TaskRecord> {
    const { prompt: rawPrompt, ...runOptions } = input;
    const prompt = requirePrompt(rawPrompt);
    const options = applyLimits(runOptions, this.limits);
    this.store.require(id);
    // The run in progress may have ended: then the follow-up starts now rather than waiting.
    await this.reconciler.reconcile(id);
    await this.locks.task(id, async () => {
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

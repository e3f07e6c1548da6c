/**
 * Steers and interrupts: messages into the run in progress, through its inbox (the run wrapper
 * hands them to claude's stdin; see runs/run-inbox-files.ts). A message the run can no longer
 * take runs as a follow-up, exactly once.
 */
import { randomBytes } from "node:crypto";
import { AppError } from "../../errors.js";
import type { SteerAccepted } from "../../generated/schemas.js";
import type { InboxMessage } from "../../runner/protocol/inbox-records.js";
import type { Logger } from "../../util/logger.js";
import type { Reconciler } from "../reconciliation/reconciler.js";
import type { RunInboxFiles, Steer } from "../runs/run-inbox-files.js";
import type { Scheduler } from "../scheduling/scheduler.js";
import type { TaskStore } from "../store/task-store.js";
import type { TaskLocks } from "../task-locks.js";
import { activeRunIndex, deriveTaskFields, nowSeconds, type RunRecord } from "../task-model.js";
import { requirePrompt } from "./create-task.js";

export class Steering {
  constructor(
    private readonly store: TaskStore,
    private readonly locks: TaskLocks,
    private readonly reconciler: Reconciler,
    private readonly scheduler: Scheduler,
    private readonly inbox: RunInboxFiles,
    private readonly log: Logger,
  ) {}

  /** Hands `prompt` to the run in progress (Claude takes it when its current turn ends). */
  steer(id: string, prompt: string): Promise<SteerAccepted> {
    return this.send(id, { kind: "steer", prompt: requirePrompt(prompt), sent_at: nowSeconds() });
  }

  /** Stops the current turn; with `prompt`, the run continues with it. */
  interrupt(id: string, prompt?: string): Promise<SteerAccepted> {
    const message: InboxMessage = { kind: "interrupt", sent_at: nowSeconds() };
    if (prompt !== undefined) message.prompt = requirePrompt(prompt);
    return this.send(id, message);
  }

  private async send(id: string, message: InboxMessage): Promise<SteerAccepted> {
    // A run that has ended is recorded first: a task with nothing running answers 409.
    await this.reconciler.reconcile(id);
    const steerId = `st_${randomBytes(8).toString("hex")}`;
    const accepted = await this.locks.task(id, async () => {
      const task = this.store.require(id);
      const index = activeRunIndex(task);
      if (index === -1) throw notRunning(id, task.status);
      await this.inbox.write(id, index, steerId, message);
      // The wrapper stops reading its inbox once it has nothing left to do: a message that
      // comes after that is this server's to run (whichever of the two claims it first).
      const queued = (await this.inbox.closed(id, index)) && (await this.inbox.claim(id, index, steerId));
      if (queued && message.prompt === undefined) throw notRunning(id, "ending");
      const steer: Steer = {
        steer_id: steerId,
        kind: message.kind,
        ...(message.prompt !== undefined && { prompt: message.prompt }),
        sent_at: message.sent_at,
        delivered: queued ? "queued" : "live",
      };
      const updated = await this.store.update(id, (t) => {
        const run = t.runs[index] as RunRecord;
        if (queued && message.prompt !== undefined) {
          steer.followup_run = t.runs.length;
          t.runs.push({ prompt: message.prompt, state: "queued", sent_at: message.sent_at });
        }
        run.steers = [...(run.steers ?? []), steer];
        deriveTaskFields(t);
      });
      this.log.info(`${message.kind} accepted`, { task_id: id, run: index, steer_id: steerId, delivered: steer.delivered });
      return {
        task_id: updated.task_id,
        steer_id: steerId,
        delivered: steer.delivered,
        run: steer.followup_run ?? index,
      } satisfies SteerAccepted;
    });
    if (accepted.delivered === "queued") await this.scheduler.admit();
    return accepted;
  }
}

const notRunning = (id: string, status: string) =>
  new AppError(
    "task_not_running",
    status === "ending"
      ? `task ${id}'s run was already ending, so there was nothing left to interrupt`
      : `task ${id} has no run in progress (it is ${status}); send a follow-up with POST /api/claude/tasks/${id}/message`,
  );

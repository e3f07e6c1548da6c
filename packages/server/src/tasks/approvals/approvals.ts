/**
 * Approvals as the API sees them: which tool uses a task's run waits on (kept on the task
 * record, refreshed from the approval files whenever the wrapper writes one), and answering
 * one. The wrapper does the waiting; this side only reads requests and writes answers.
 */
import { AppError, storageError } from "../../errors.js";
import type { ApprovalAnswer, ApprovalDecision } from "../../generated/schemas.js";
import type { Logger } from "../../util/logger.js";
import type { TaskStore } from "../store/task-store.js";
import type { TaskLocks } from "../task-locks.js";
import { activeRunIndex, effectiveOptions, nowSeconds, type TaskRecord } from "../task-model.js";
import { type ApprovalFiles, answerOrProblem, pendingView, type UnreadableApproval } from "./approval-files.js";

export class Approvals {
  /** Request files already reported as unreadable (task/run/approval), so each is logged once. */
  private readonly reported = new Set<string>();

  constructor(
    private readonly store: TaskStore,
    private readonly files: ApprovalFiles,
    private readonly locks: TaskLocks,
    private readonly log: Logger,
  ) {}

  /** Whether the task's run in progress asks for approvals (only then can any be pending). */
  static asks(task: TaskRecord): boolean {
    const active = activeRunIndex(task);
    return active !== -1 && effectiveOptions(task, active).approvals === true;
  }

  /** Reads the run's approval files again and updates the task's pending list when it changed. */
  refresh(taskId: string): Promise<void> {
    return this.locks.task(taskId, async () => {
      const task = this.store.get(taskId);
      if (!task || !Approvals.asks(task)) return;
      const run = activeRunIndex(task);
      const { approvals, unreadable } = await this.files.scan(taskId, run);
      this.reportUnreadable(taskId, unreadable);
      const pending = approvals.filter((a) => !a.answer).map((a) => pendingView(a.request));
      const ids = (list: { approval_id: string }[] | undefined) => (list ?? []).map((a) => a.approval_id).join(",");
      if (ids(pending) === ids(task.pending_approvals)) return;
      await this.store.update(taskId, (t) => {
        if (activeRunIndex(t) !== run) return;
        if (pending.length > 0) t.pending_approvals = pending;
        else delete t.pending_approvals;
      });
    });
  }

  /**
   * A request this server cannot read (a newer wrapper's) cannot be shown or answered, and its
   * run waits on it: operators are told once, with the reason.
   */
  private reportUnreadable(taskId: string, unreadable: UnreadableApproval[]): void {
    for (const { run, approvalId, problem } of unreadable) {
      const key = `${taskId}/${run}/${approvalId}`;
      if (this.reported.has(key)) continue;
      this.reported.add(key);
      this.log.warn("approval request cannot be read; it is not shown or answerable here", {
        task_id: taskId,
        run,
        approval_id: approvalId,
        reason: problem,
      });
    }
  }

  /** Answers an approval: 404 when the task never had it, 409 when it was answered or its run ended. */
  async answer(taskId: string, approvalId: string, input: ApprovalAnswer): Promise<ApprovalDecision> {
    const task = this.store.require(taskId);
    if (input.decision === "deny" && input.updated_input !== undefined) {
      throw new AppError("validation_failed", "updated_input goes with decision allow (a denied tool does not run)");
    }
    const found = await this.files.find(taskId, approvalId);
    if (!found) throw new AppError("approval_not_found", `Task ${taskId} has no approval ${approvalId}`);
    if (!("request" in found)) {
      throw new AppError("approval_closed", `Approval ${approvalId} cannot be answered by this server: ${found.problem}`);
    }
    const { request } = found;
    if (found.answer) throw alreadyAnswered(approvalId, found.answer);
    const run = task.runs[request.run];
    if (run?.state !== "running") {
      throw new AppError(
        "approval_closed",
        `Approval ${approvalId} can no longer be answered: run ${request.run} has ended (${run?.state ?? "gone"})`,
      );
    }
    const answer = {
      decision: input.decision,
      ...(input.message !== undefined && { message: input.message }),
      ...(input.updated_input !== undefined && { updated_input: input.updated_input }),
      answered_at: nowSeconds(),
      by: "client" as const,
    };
    let written: boolean;
    try {
      written = await this.files.writeAnswer(taskId, request.run, approvalId, answer);
    } catch (err) {
      throw storageError(err) ?? err;
    }
    if (!written) {
      const existing = await this.files.readAnswer(taskId, request.run, approvalId);
      throw alreadyAnswered(approvalId, existing && answerOrProblem(existing));
    }
    await this.refresh(taskId);
    return {
      approval_id: approvalId,
      run: request.run,
      tool: request.tool,
      decision: answer.decision,
      ...(answer.message !== undefined && { message: answer.message }),
      ...(answer.updated_input !== undefined && { updated_input: answer.updated_input }),
      answered_at: answer.answered_at,
      by: "client",
    };
  }
}

function alreadyAnswered(
  approvalId: string,
  answer: { decision: string; by: string } | { unreadable: string } | undefined,
): AppError {
  const how =
    answer === undefined
      ? ""
      : "unreadable" in answer
        ? ` (${answer.unreadable})`
        : `: ${answer.decision === "allow" ? "allowed" : "denied"}${answer.by === "timeout" ? " when it timed out" : ""}`;
  return new AppError("approval_already_answered", `Approval ${approvalId} was already answered${how}`);
}

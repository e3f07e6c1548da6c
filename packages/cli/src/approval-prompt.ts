/**
 * Approvals met while following a task: in a terminal, the person sees the tool's whole input and
 * is asked y/n on the spot, and the answer goes to the server; elsewhere (a pipe, CI) the command
 * says how to see it whole and answer. Only approvals still waiting count: a transcript read from
 * the start shows answered ones too. The question does not hold up the transcript: when the
 * approval is answered elsewhere (the dashboard, another shell, its timeout), the follower sees
 * the run's decision line and takes the question back at once.
 */
import { type ApprovalEvent, ConflictError } from "@claude-task-api/sdk";
import type { CommandContext } from "./context.js";
import { renderApprovalInput } from "./render/approval-input.js";
import { safeText } from "./render/safe-text.js";

const YES = /^y(es)?$/i;
const NO = /^(n|no)?$/i;

/** A question on the terminal still open, or answered and being sent. */
export interface OpenQuestion {
  approvalId: string;
  /** Settles once the question is over (answered here, or taken back). */
  done: Promise<void>;
  /** Takes the question back (saying why) if nobody has answered it here yet; resolves once it is over. */
  close(why: string): Promise<void>;
}

/** Says how to answer an approval still waiting, or asks on the terminal (returning the open question). */
export async function handleApproval(
  ctx: CommandContext,
  taskId: string,
  event: ApprovalEvent,
): Promise<OpenQuestion | undefined> {
  const task = await ctx.client().tasks.get(taskId);
  const pending = task.pending_approvals?.find((a) => a.approval_id === event.approval_id);
  if (!pending) return undefined;
  const ask = ctx.io.ask;
  if (!ask || ctx.options.json) {
    ctx.note(
      ctx.err.dim(
        `see it whole with: claude-tasks show ${taskId}; answer with: claude-tasks approve ${taskId} ${pending.approval_id}   (or: claude-tasks deny ${taskId} ${pending.approval_id} -m "why")`,
      ),
    );
    return undefined;
  }
  // On the terminal the question is asked on, so it is seen even when stdout goes elsewhere.
  for (const line of renderApprovalInput(pending, ctx.err, ctx.io.stderr.columns)) ctx.note(line);
  const question = `Allow ${safeText(pending.tool)} as shown above (${pending.approval_id})? [y/N, or type why not] `;
  const takeBack = new AbortController();
  const answered = answer(ctx, taskId, pending.approval_id, ask(question, takeBack.signal), takeBack.signal);
  return {
    approvalId: pending.approval_id,
    done: answered,
    close: (why) => {
      takeBack.abort(why);
      return answered;
    },
  };
}

async function answer(
  ctx: CommandContext,
  taskId: string,
  approvalId: string,
  asked: Promise<string | undefined>,
  takenBack: AbortSignal,
) {
  const typed = await asked;
  if (typed === undefined) {
    ctx.note(ctx.err.dim(`${approvalId}: ${String(takenBack.reason)}`));
    return;
  }
  const reply = typed.trim();
  try {
    if (YES.test(reply)) await ctx.client().tasks.approve(taskId, approvalId);
    else await ctx.client().tasks.deny(taskId, approvalId, NO.test(reply) ? {} : { message: reply });
  } catch (error) {
    // Someone else (the dashboard, another terminal, the timeout) answered first: the
    // transcript shows what the run went on with.
    if (error instanceof ConflictError) ctx.note(ctx.err.dim(`not sent: ${safeText(error.message)}`));
    // The transcript goes on being read meanwhile, so a failure is said here, not thrown into
    // nobody's hands; the approval still waits and can be answered again.
    else
      ctx.note(
        `not sent: ${safeText(error instanceof Error ? error.message : String(error))}; answer with: claude-tasks approve ${taskId} ${approvalId}   (or deny)`,
      );
  }
}

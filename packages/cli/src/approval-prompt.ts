/**
 * Approvals met while following a task: in a terminal, the person sees the tool's whole input and
 * is asked y/n on the spot, and the answer goes to the server; elsewhere (a pipe, CI) the command
 * says how to see it whole and answer. Only approvals still waiting count: a transcript read from
 * the start shows answered ones too.
 */
import { type ApprovalEvent, ConflictError } from "@claude-task-api/sdk";
import type { CommandContext } from "./context.js";
import { renderApprovalInput } from "./render/approval-input.js";
import { safeText } from "./render/safe-text.js";

const YES = /^y(es)?$/i;
const NO = /^(n|no)?$/i;

export async function handleApproval(ctx: CommandContext, taskId: string, event: ApprovalEvent): Promise<void> {
  const task = await ctx.client().tasks.get(taskId);
  const pending = task.pending_approvals?.find((a) => a.approval_id === event.approval_id);
  if (!pending) return;
  const ask = ctx.io.ask;
  if (!ask || ctx.options.json) {
    ctx.note(
      ctx.err.dim(
        `see it whole with: claude-tasks show ${taskId}; answer with: claude-tasks approve ${taskId} ${pending.approval_id}   (or: claude-tasks deny ${taskId} ${pending.approval_id} -m "why")`,
      ),
    );
    return;
  }
  // On the terminal the question is asked on, so it is seen even when stdout goes elsewhere.
  for (const line of renderApprovalInput(pending, ctx.err, ctx.io.stderr.columns)) ctx.note(line);
  const question = `Allow ${safeText(pending.tool)} as shown above (${pending.approval_id})? [y/N, or type why not] `;
  const reply = ((await ask(question)) ?? "").trim();
  try {
    if (YES.test(reply)) await ctx.client().tasks.approve(taskId, pending.approval_id);
    else await ctx.client().tasks.deny(taskId, pending.approval_id, NO.test(reply) ? {} : { message: reply });
  } catch (error) {
    // Someone else (the dashboard, another terminal, the timeout) answered first: the
    // transcript shows what the run went on with.
    if (error instanceof ConflictError) ctx.note(ctx.err.dim(`not sent: ${safeText(error.message)}`));
    else throw error;
  }
}

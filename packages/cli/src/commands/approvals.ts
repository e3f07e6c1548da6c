/** `approve <id> [approval]` and `deny <id> [approval]`: answer a tool use a task's run waits for. */
import type { ApprovalDecision } from "@claude-task-api/sdk";
import type { Command } from "commander";
import { type ActionWrapper, withExamples } from "../command-kit.js";
import type { CommandContext } from "../context.js";
import { CliError, UsageError } from "../errors.js";
import { ExitCode } from "../exit-codes.js";
import { parseApprovalId, parseTaskId, parseUpdatedInput } from "../flags.js";
import { safeView } from "../render/safe-text.js";
import { describeApproval } from "../render/transcript.js";

export function registerApprovals(program: Command, action: ActionWrapper): void {
  const approve = program
    .command("approve")
    .description("let a tool use the task waits for go ahead (the only one, or the approval named)")
    .argument("<id>", "task id", parseTaskId)
    .argument("[approval]", "approval id (from show or the transcript); optional when only one waits", parseApprovalId)
    .option("--input <json>", "run the tool with this JSON input instead (or @file)", parseUpdatedInput)
    .action(
      action(async (ctx, cmd) => {
        const [id, given] = cmd.processedArgs as [string, string | undefined];
        const { input } = cmd.opts<{ input?: Record<string, unknown> }>();
        const approvalId = await pickApproval(ctx, id, given);
        const decision = await ctx.client().tasks.approve(id, approvalId, input ? { updatedInput: input } : {});
        printDecision(ctx, id, decision);
      }),
    );
  withExamples(approve, [
    "claude-tasks approve 1707000000-a1b2c3d4",
    "claude-tasks approve 1707000000-a1b2c3d4 ap_5f0c1d2e3a4b5c6d",
    `claude-tasks approve 1707000000-a1b2c3d4 --input '{"command": "npm test -- --run"}'`,
  ]);

  const deny = program
    .command("deny")
    .description("refuse a tool use the task waits for; Claude is told why and goes on")
    .argument("<id>", "task id", parseTaskId)
    .argument("[approval]", "approval id; optional when only one waits", parseApprovalId)
    .option("-m, --message <text>", "what Claude is told (default: that you denied it)")
    .action(
      action(async (ctx, cmd) => {
        const [id, given] = cmd.processedArgs as [string, string | undefined];
        const { message } = cmd.opts<{ message?: string }>();
        if (message !== undefined && message.trim() === "") throw new UsageError("--message is empty");
        const approvalId = await pickApproval(ctx, id, given);
        const decision = await ctx.client().tasks.deny(id, approvalId, message === undefined ? {} : { message });
        printDecision(ctx, id, decision);
      }),
    );
  withExamples(deny, [
    "claude-tasks deny 1707000000-a1b2c3d4",
    'claude-tasks deny 1707000000-a1b2c3d4 ap_5f0c1d2e3a4b5c6d -m "do not push; open a PR instead"',
  ]);
}

/** The approval named, or the only one the task waits for. */
async function pickApproval(ctx: CommandContext, id: string, given: string | undefined): Promise<string> {
  if (given !== undefined) return given;
  const pending = (await ctx.client().tasks.get(id)).pending_approvals ?? [];
  const [only] = pending;
  if (only && pending.length === 1) return only.approval_id;
  if (pending.length === 0) throw new CliError(`task ${id} waits for no approval`, ExitCode.Conflict);
  throw new UsageError(`task ${id} waits for ${pending.length} approvals; name one: ${pending.map(describeApproval).join(", ")}`);
}

function printDecision(ctx: CommandContext, id: string, answered: ApprovalDecision): void {
  if (ctx.options.json) return void ctx.printJson(answered);
  const decision = safeView(answered);
  const verb = decision.decision === "allow" ? ctx.out.green("allowed") : ctx.out.red("denied");
  ctx.print(`${id} ${decision.approval_id} ${verb}${decision.tool ? ` ${decision.tool}` : ""}`);
}

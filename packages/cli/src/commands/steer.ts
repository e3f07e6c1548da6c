/** `steer <id> <prompt>` and `interrupt <id> [prompt]`: talk to the run in progress. */

import type { SteerAccepted } from "@claude-task-api/sdk";
import type { Command } from "commander";
import { type ActionWrapper, withExamples } from "../command-kit.js";
import type { CommandContext } from "../context.js";
import { UsageError } from "../errors.js";
import { parseTaskId } from "../flags.js";

/** The prompt argument, from standard input for "-"; refused when empty. */
async function readPrompt(ctx: CommandContext, raw: string): Promise<string> {
  const prompt = raw === "-" ? await ctx.io.readStdin() : raw;
  if (prompt.trim() === "") throw new UsageError("the prompt is empty");
  return prompt;
}

function printAccepted(ctx: CommandContext, what: string, accepted: SteerAccepted): void {
  if (ctx.options.json) return void ctx.printJson(accepted);
  const where =
    accepted.delivered === "live" ? "into the run in progress" : `queued as follow-up run #${accepted.run} (the run was ending)`;
  ctx.print(`${accepted.task_id} ${what} ${ctx.out.cyan(where)}`);
}

export function registerSteer(program: Command, action: ActionWrapper): void {
  const steer = program
    .command("steer")
    .description("send a message into the run in progress; Claude takes it when its current turn ends")
    .argument("<id>", "task id", parseTaskId)
    .argument("<prompt>", 'the message; "-" reads it from standard input')
    .action(
      action(async (ctx, cmd) => {
        const [id, raw] = cmd.processedArgs as [string, string];
        printAccepted(ctx, "steer sent", await ctx.client().tasks.steer(id, await readPrompt(ctx, raw)));
      }),
    );
  withExamples(steer, ['claude-tasks steer 1707000000-a1b2c3d4 "Use pnpm, not npm"']);

  const interrupt = program
    .command("interrupt")
    .description("stop the current turn (no kill); with a prompt Claude goes on with it in the same run")
    .argument("<id>", "task id", parseTaskId)
    .argument("[prompt]", 'what to do instead; "-" reads it from standard input')
    .action(
      action(async (ctx, cmd) => {
        const [id, raw] = cmd.processedArgs as [string, string | undefined];
        const prompt = raw === undefined ? undefined : await readPrompt(ctx, raw);
        const accepted = await ctx.client().tasks.interrupt(id, prompt === undefined ? {} : { prompt });
        printAccepted(ctx, "interrupt sent", accepted);
      }),
    );
  withExamples(interrupt, [
    "claude-tasks interrupt 1707000000-a1b2c3d4",
    'claude-tasks interrupt 1707000000-a1b2c3d4 "Stop: only fix the failing test"',
  ]);
}

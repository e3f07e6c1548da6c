/** `kill <id>`: stop a running task (and drop its queued follow-ups). */
import type { Command } from "commander";
import { type ActionWrapper, withExamples } from "../command-kit.js";
import { parseTaskId } from "../flags.js";

export function registerKill(program: Command, action: ActionWrapper): void {
  const command = program
    .command("kill")
    .description("stop a running task and drop its queued follow-ups")
    .argument("<id>", "task id", parseTaskId)
    .action(
      action(async (ctx, cmd) => {
        const result = await ctx.client().tasks.kill(cmd.processedArgs[0] as string);
        if (ctx.options.json) return void ctx.printJson(result);
        ctx.print(`${result.task_id} ${ctx.out.magenta(result.status)}`);
      }),
    );
  withExamples(command, [
    "claude-tasks kill 1707000000-a1b2c3d4",
    'claude-tasks list --status running --json | jq -r ".tasks[].task_id" | xargs -n1 claude-tasks kill',
  ]);
}

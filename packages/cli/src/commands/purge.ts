/** `purge <id>`: delete a finished task's files (kill it first if it still runs). */
import type { Command } from "commander";
import { type ActionWrapper, withExamples } from "../command-kit.js";
import { parseTaskId } from "../flags.js";

export function registerPurge(program: Command, action: ActionWrapper): void {
  const command = program
    .command("purge")
    .description("delete a finished task and its output for good (exit 6 while it runs or waits)")
    .argument("<id>", "task id", parseTaskId)
    .option("--delete-branch", "also delete a worktree task's branch claude/<id> (kept by default)")
    .action(
      action(async (ctx, cmd) => {
        const { deleteBranch } = cmd.opts<{ deleteBranch?: boolean }>();
        const result = await ctx.client().tasks.purge(cmd.processedArgs[0] as string, { deleteBranch: deleteBranch === true });
        if (ctx.options.json) return void ctx.printJson(result);
        ctx.print(`${result.task_id} purged`);
      }),
    );
  withExamples(command, [
    "claude-tasks purge 1707000000-a1b2c3d4",
    "claude-tasks kill 1707000000-a1b2c3d4; claude-tasks purge 1707000000-a1b2c3d4",
    'claude-tasks list --all --status completed --label batch=nightly --json | jq -r ".tasks[].task_id" | xargs -n1 claude-tasks purge',
  ]);
}

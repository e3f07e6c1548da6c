/** `budget <id> <usd>`: raise or lower a task's budget (then `send` continues a task it stopped). */
import type { Command } from "commander";
import { type ActionWrapper, withExamples } from "../command-kit.js";
import { parseBudget, parseTaskId } from "../flags.js";
import { formatCost } from "../render/time.js";

export function registerBudget(program: Command, action: ActionWrapper): void {
  const command = program
    .command("budget")
    .description("set a task's budget (max_budget_usd); the next run gets what is left of it")
    .argument("<id>", "task id", parseTaskId)
    .argument("<usd>", "the most the task's runs may cost together, in US dollars", parseBudget)
    .action(
      action(async (ctx, cmd) => {
        const [id, usd] = cmd.processedArgs as [string, number];
        const task = await ctx.client().tasks.update(id, { max_budget_usd: usd });
        if (ctx.options.json) return void ctx.printJson(task);
        const spent = task.totals.total_cost_usd;
        ctx.print(`${task.task_id} budget ${formatCost(usd)} (spent ${formatCost(spent)})`);
        if (task.attention === "budget") ctx.note(ctx.err.dim(`continue it with: claude-tasks send ${task.task_id} "<prompt>"`));
      }),
    );
  withExamples(command, [
    "claude-tasks budget 1707000000-a1b2c3d4 5",
    'claude-tasks budget 1707000000-a1b2c3d4 5 && claude-tasks send 1707000000-a1b2c3d4 "Carry on"',
  ]);
}

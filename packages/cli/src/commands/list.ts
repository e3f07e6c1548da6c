/** `list`: tasks as a table, newest first. */

import type { Command } from "commander";
import { type ActionWrapper, withExamples } from "../command-kit.js";
import { parsePositiveInt, parseStatus } from "../flags.js";
import { paintStatus } from "../render/style.js";
import { oneLine, renderTable } from "../render/table.js";
import { relativeTime } from "../render/time.js";

interface ListOptions {
  status?: string;
  limit?: number;
}

export function registerList(program: Command, action: ActionWrapper): void {
  const command = program
    .command("list")
    .alias("ls")
    .description("list tasks, newest first")
    .option(
      "-s, --status <status>",
      "only these statuses, comma-separated: queued, running, completed, error, killed",
      parseStatus,
    )
    .option("-n, --limit <n>", "show at most n tasks", parsePositiveInt)
    .action(
      action(async (ctx, cmd) => {
        const options = cmd.opts<ListOptions>();
        // The server filters and pages; --limit asks for one page of that size.
        const list = await ctx.client().tasks.list({
          ...(options.status ? { status: options.status } : {}),
          ...(options.limit ? { limit: options.limit } : {}),
        });
        if (ctx.options.json) return void ctx.printJson(list);
        const { tasks } = list;
        if (tasks.length === 0)
          return void ctx.note(
            options.status ? `no ${options.status} tasks` : 'no tasks yet; start one with: claude-tasks run "<prompt>"',
          );
        const rows = tasks.map((task) => [
          task.task_id,
          paintStatus(ctx.out, task.status),
          relativeTime(task.created_at),
          oneLine(task.prompt),
        ]);
        const header = ["ID", "STATUS", "CREATED", "PROMPT"].map((title) => ctx.out.bold(title));
        ctx.print(renderTable([header, ...rows], { maxWidth: ctx.io.stdout.isTTY ? ctx.io.stdout.columns : undefined }));
      }),
    );
  withExamples(command, [
    "claude-tasks list",
    "claude-tasks list --status running,queued",
    'claude-tasks list --limit 5 --json | jq -r ".tasks[].task_id"',
  ]);
}

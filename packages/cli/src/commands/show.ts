/** `show <id>`: one task's details, follow-ups and outcome. */

import type { TaskDetail } from "@claude-task-api/sdk";
import type { Command } from "commander";
import { type ActionWrapper, withExamples } from "../command-kit.js";
import type { CommandContext } from "../context.js";
import { parseTaskId } from "../flags.js";
import { paintStatus } from "../render/style.js";
import { oneLine, renderKeyValues, renderTable } from "../render/table.js";
import { absoluteTime, formatCost, formatDuration, relativeTime } from "../render/time.js";
import { taskOutcome } from "../task-progress.js";

export function registerShow(program: Command, action: ActionWrapper): void {
  const command = program
    .command("show")
    .description("show a task's details, follow-ups and result")
    .argument("<id>", "task id", parseTaskId)
    .action(
      action(async (ctx, cmd) => {
        const task = await ctx.client().tasks.get(cmd.processedArgs[0] as string);
        if (ctx.options.json) return void ctx.printJson(task);
        ctx.print(renderTask(ctx, task));
      }),
    );
  withExamples(command, ["claude-tasks show 1707000000-a1b2c3d4", "claude-tasks show 1707000000-a1b2c3d4 --json | jq .status"]);
}

function renderTask(ctx: CommandContext, task: TaskDetail): string {
  const { out } = ctx;
  const when = (seconds: number) => `${relativeTime(seconds)} ${out.dim(`(${absoluteTime(seconds)})`)}`;
  const outcome = taskOutcome(task);
  const pairs: Array<[string, string]> = [
    ["Task", out.bold(task.task_id)],
    ["Status", paintStatus(out, task.status)],
    ["Prompt", oneLine(task.prompt)],
    ["Workdir", task.workdir],
    ["Created", when(task.created_at)],
  ];
  if (task.finished_at !== undefined)
    pairs.push(["Finished", `${when(task.finished_at)} · took ${formatDuration((task.finished_at - task.created_at) * 1000)}`]);
  if (task.killed_at !== undefined) pairs.push(["Killed", when(task.killed_at)]);
  if (task.error) pairs.push(["Error", out.red(task.error)]);
  if (task.queue_position !== undefined) pairs.push(["Queue", `#${task.queue_position}`]);
  const totals = [
    outcome.turns === undefined ? "" : `${outcome.turns} turns`,
    outcome.costUsd === undefined ? "" : formatCost(outcome.costUsd),
  ].filter(Boolean);
  if (totals.length > 0) pairs.push(["Totals", totals.join(" · ")]);
  pairs.push(["Session", task.session_id], ["tmux", `${task.tmux_session} ${out.dim("(tmux attach -t … inside the pod)")}`]);
  const sections = [renderKeyValues(pairs.map(([key, value]) => [out.dim(key), value]))];
  if (task.followups.length > 0) {
    const rows = task.followups.map((followup, index) => [
      `#${index + 1}`,
      paintStatus(out, followup.state),
      relativeTime(followup.sent_at),
      followup.exit_code === undefined ? "" : `exit ${followup.exit_code}`,
      oneLine(followup.prompt),
    ]);
    sections.push(`${out.bold("Follow-ups")}\n${renderTable(rows)}`);
  }
  if (outcome.text) sections.push(`${out.bold("Last result")}\n${outcome.text.trimEnd()}`);
  return sections.join("\n\n");
}

/**
 * Shared by run, send and wait: waiting with a spinner, following output as a transcript, and
 * turning the settled task into the final line and exit code.
 */
import { type FollowStatus, parseStreamJson, splitOutputLines, summarize, type TaskDetail } from "@claude-task-api/sdk";
import type { CommandContext } from "./context.js";
import { type ExitCodeValue, exitCodeForStatus } from "./exit-codes.js";
import { startSpinner } from "./render/spinner.js";
import { paintStatus } from "./render/style.js";
import { formatCost, formatDuration } from "./render/time.js";
import { TranscriptRenderer } from "./render/transcript.js";

/** Waits for the task to settle with a spinner on stderr; returns its detail. */
export async function waitWithSpinner(ctx: CommandContext, taskId: string, timeoutMs: number | undefined): Promise<TaskDetail> {
  const spinner = startSpinner(ctx.io.stderr, `${taskId} running`);
  try {
    return await ctx.client().waitForTask(taskId, {
      timeoutMs,
      onStatus: (task) => {
        spinner.update(`${taskId} ${task.status}`);
        // Without a terminal there is no spinner: say what changed, once, on stderr.
        if (!ctx.io.stderr.isTTY) ctx.note(`${taskId}: ${task.status}`);
      },
    });
  } finally {
    spinner.stop();
  }
}

/**
 * Prints new output as it is written (transcript, or events as JSON lines with --json) until the
 * task settles, over the server's event stream (reconnecting by itself). Status changes of the
 * task (queued, running, each run's end) are noted on stderr.
 */
export async function followAndRender(ctx: CommandContext, taskId: string, fromLine: number): Promise<TaskDetail> {
  const renderer = new TranscriptRenderer(ctx.out);
  for await (const event of ctx.client().followOutput(taskId, { fromLine, onStatus: statusNoter(ctx, taskId) })) {
    if (ctx.options.json) ctx.io.stdout.write(`${JSON.stringify(event)}\n`);
    else for (const line of renderer.render(event)) ctx.print(line);
  }
  return ctx.client().tasks.get(taskId);
}

/** Notes status changes after the first on stderr (the first is what the command already said). */
export function statusNoter(ctx: CommandContext, taskId: string): (status: FollowStatus) => void {
  let last: string | undefined;
  return (status) => {
    if (last !== undefined && status.status !== last && !ctx.options.json) ctx.note(ctx.err.dim(`${taskId}: ${status.status}`));
    last = status.status;
  };
}

/** Number of complete lines in the task's log now, so a follower can start after them. */
export async function currentLineCount(ctx: CommandContext, taskId: string): Promise<number> {
  return splitOutputLines(await ctx.client().tasks.output(taskId), false).length;
}

/** Final text, turns and cost of a task: from the server's run results, else from its recent output. */
export function taskOutcome(task: TaskDetail): {
  text: string | undefined;
  turns: number | undefined;
  costUsd: number | undefined;
} {
  if (task.result || task.totals) {
    return { text: task.result?.text, turns: task.totals?.num_turns, costUsd: task.totals?.total_cost_usd };
  }
  // Older servers report no results: read them from the last lines of output.
  const stats = summarize(parseStreamJson(task.recent_output));
  return { text: stats.resultText, turns: stats.turns, costUsd: stats.costUsd };
}

/** Prints how a settled task ended (human or JSON) and returns the matching exit code. */
export function reportSettled(ctx: CommandContext, task: TaskDetail, { printResult }: { printResult: boolean }): ExitCodeValue {
  if (ctx.options.json) {
    if (printResult) ctx.printJson(task);
  } else {
    const outcome = taskOutcome(task);
    const took = task.finished_at === undefined ? undefined : formatDuration((task.finished_at - task.created_at) * 1000);
    const facts = [
      took,
      outcome.turns === undefined ? undefined : `${outcome.turns} turns`,
      outcome.costUsd === undefined ? undefined : formatCost(outcome.costUsd),
    ]
      .filter(Boolean)
      .join(" · ");
    ctx.note(
      `${task.task_id} ${paintStatus(ctx.err, task.status)}${facts ? ` (${facts})` : ""}${task.error ? `: ${task.error}` : ""}`,
    );
    if (printResult && outcome.text) ctx.print(outcome.text);
  }
  return exitCodeForStatus(task.status);
}

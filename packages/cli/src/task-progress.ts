/**
 * Shared by run, send, wait and logs: waiting with a spinner, following output as a transcript,
 * and turning the settled task into the final line (with the next step when it failed) and
 * exit code.
 */
import { type FollowStatus, parseStreamJson, splitOutputLines, summarize, type TaskDetail } from "@claude-task-api/sdk";
import { handleApproval, type OpenQuestion } from "./approval-prompt.js";
import type { CommandContext } from "./context.js";
import { type ExitCodeValue, exitCodeForStatus } from "./exit-codes.js";
import { safeJson, safeView } from "./render/safe-text.js";
import { startSpinner } from "./render/spinner.js";
import { paintStatus } from "./render/style.js";
import { formatCost, formatDuration, plural } from "./render/time.js";
import { TranscriptRenderer } from "./render/transcript.js";

/** Waits for the task to settle with a spinner on stderr; returns its detail. */
export async function waitWithSpinner(ctx: CommandContext, taskId: string, timeoutMs: number | undefined): Promise<TaskDetail> {
  const spinner = startSpinner(ctx.io.stderr, `${taskId} running`);
  try {
    return await ctx.client().tasks.wait(taskId, {
      timeoutMs,
      onStatus: (task) => {
        // Count from when the task's current run started, not from when this command did.
        const run = (task.runs ?? []).findLast((r) => r.started_at !== undefined);
        spinner.update(`${taskId} ${task.status}`, (run?.started_at ?? task.created_at) * 1000);
        // Without a terminal there is no spinner: say what changed, once, on stderr.
        if (!ctx.io.stderr.isTTY) ctx.note(`${taskId}: ${task.status}`);
      },
    });
  } finally {
    spinner.stop();
  }
}

/** What following printed, so the final line does not repeat it. */
export interface Followed {
  task: TaskDetail;
  /** The last failed result text the transcript showed. */
  shownError: string | undefined;
}

/**
 * Prints new output as it is written (transcript, or events as JSON lines with --json) until the
 * task settles, over the server's event stream (reconnecting by itself). Status changes of the
 * task (queued, running, each run's end) are noted on stderr. `known` (the task as fetched
 * before) lets a run's result show its own cost wherever reading starts.
 */
export async function followAndRender(
  ctx: CommandContext,
  taskId: string,
  options: {
    fromLine?: number;
    tail?: number;
    known?: TaskDetail;
    raw?: boolean;
    /** Stops following (the task goes on). */
    signal?: AbortSignal;
    /** Hears when an approval question is asked on the terminal (true) and when it is over (false). */
    onQuestion?: (asking: boolean) => void;
  } = {},
): Promise<Followed> {
  const renderer = new TranscriptRenderer(ctx.out);
  renderer.knowRuns(options.known?.runs, options.known?.session_id);
  const follow = {
    onStatus: statusNoter(ctx, taskId),
    ...(options.fromLine !== undefined && { fromLine: options.fromLine }),
    ...(options.tail !== undefined && { tail: options.tail }),
    ...(options.signal && { signal: options.signal }),
  };
  // The question asked for an approval: open while the transcript goes on being read, so an
  // answer from elsewhere (its decision line) closes it at once.
  let open: OpenQuestion | undefined;
  try {
    for await (const line of ctx.client().tasks.followLines(taskId, follow)) {
      if (options.raw) {
        ctx.printExact(`${line}\n`);
        continue;
      }
      for (const event of parseStreamJson(line)) {
        if (open && event.type === "approval_decision" && event.approval_id === open.approvalId) {
          await open.close("answered elsewhere; the run goes on");
          open = undefined;
        }
        if (ctx.options.json) ctx.io.stdout.write(`${safeJson(JSON.stringify(event))}\n`);
        else for (const text of renderer.render(event)) ctx.print(text);
        // The run waits for a person: ask them (in a terminal) or say how to answer.
        if (event.type === "approval") {
          await open?.close("no longer asked");
          options.onQuestion?.(true);
          open = await handleApproval(ctx, taskId, event);
          if (open) void open.done.finally(() => options.onQuestion?.(false));
          else options.onQuestion?.(false);
        }
      }
    }
  } finally {
    // The run ended (or following stopped) with a question still open: nobody can answer it now.
    await open?.close("the run ended unanswered");
  }
  return { task: await ctx.client().tasks.get(taskId), shownError: renderer.lastError };
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

/** What to do about a failed task, by its error_kind; undefined when there is nothing to suggest. */
export function nextStep(task: Pick<TaskDetail, "task_id" | "error_kind">): string | undefined {
  const id = task.task_id;
  switch (task.error_kind) {
    case "auth":
      return 'claude is not logged in on the server: run "claude" then /login in the pod (as the server\'s user), or set ANTHROPIC_API_KEY for the server';
    case "credit":
      return "the Anthropic account's credit balance is too low: add credits, or log claude in with a subscription";
    case "rate_limited":
      return `rate limited by the Anthropic API: wait, then continue with: claude-tasks send ${id} "continue"`;
    case "api_error":
      return `the Anthropic API failed; try again with: claude-tasks send ${id} "continue"`;
    case "max_turns":
      return `raise max_turns: claude-tasks send ${id} --max-turns 50 "continue"`;
    case "timeout":
      return `it ran out of time: raise --task-timeout, or continue with: claude-tasks send ${id} --task-timeout 1h "continue"`;
    case "output_schema":
      return `Claude gave no answer matching the output schema; ask again: claude-tasks send ${id} --output-schema <file> "answer with the schema"`;
    case "budget":
      return `it reached its budget (or the server's daily one): raise it and continue with: claude-tasks budget ${id} <usd> && claude-tasks send ${id} "continue"`;
    case "cli_failed":
      return `claude could not run: see "claude-tasks logs ${id}" and run "claude-tasks doctor"`;
    case "interrupted":
      return `it was interrupted; continue the conversation with: claude-tasks send ${id} "..."`;
    default:
      return undefined;
  }
}

/** Prints how a settled task ended (human or JSON) and returns the matching exit code. */
export function reportSettled(
  ctx: CommandContext,
  settled: TaskDetail,
  { printResult, shownError }: { printResult: boolean; shownError?: string | undefined },
): ExitCodeValue {
  if (ctx.options.json) {
    if (printResult) ctx.printJson(settled);
  } else {
    // The error and the result text are the model's words: made safe before they are printed.
    const task = safeView(settled);
    const outcome = taskOutcome(task);
    const took = task.finished_at === undefined ? undefined : formatDuration((task.finished_at - task.created_at) * 1000);
    const facts = [
      took,
      outcome.turns === undefined ? undefined : plural(outcome.turns, "turn"),
      outcome.costUsd === undefined ? undefined : formatCost(outcome.costUsd),
    ]
      .filter(Boolean)
      .join(" · ");
    // The transcript may have shown this error already: say it once.
    const error = task.error && task.error !== shownError ? `: ${task.error}` : "";
    const kind = task.error_kind ? ` [${task.error_kind}]` : "";
    ctx.note(`${task.task_id} ${paintStatus(ctx.err, task.status)}${kind}${facts ? ` (${facts})` : ""}${error}`);
    const hint = task.status === "error" || task.error_kind === "timeout" ? nextStep(task) : undefined;
    if (hint) ctx.note(ctx.err.dim(`→ ${hint}`));
    if (printResult && outcome.text && task.status === "completed") ctx.print(outcome.text);
  }
  return exitCodeForStatus(settled.status);
}

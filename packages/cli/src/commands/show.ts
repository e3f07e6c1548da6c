/** `show <id>`: one task's details, runs, outcome, labels, queue position and webhook deliveries. */

import type { Callback, Run, TaskDetail } from "@claude-task-api/sdk";
import type { Command } from "commander";
import { type ActionWrapper, withExamples } from "../command-kit.js";
import type { CommandContext } from "../context.js";
import { parseTaskId } from "../flags.js";
import { renderApprovalInput } from "../render/approval-input.js";
import { safeView } from "../render/safe-text.js";
import { paintStatus } from "../render/style.js";
import { oneLine, renderKeyValues, renderTable } from "../render/table.js";
import { absoluteTime, formatCost, formatDuration, plural, relativeTime } from "../render/time.js";
import { describeApproval } from "../render/transcript.js";
import { nextStep, taskOutcome } from "../task-progress.js";

export function registerShow(program: Command, action: ActionWrapper): void {
  const command = program
    .command("show")
    .description("show a task's details, runs, result, labels and webhook deliveries")
    .argument("<id>", "task id", parseTaskId)
    .action(
      action(async (ctx, cmd) => {
        const task = await ctx.client().tasks.get(cmd.processedArgs[0] as string);
        if (ctx.options.json) return void ctx.printJson(task);
        ctx.print(renderTask(ctx, safeView(task)));
      }),
    );
  withExamples(command, ["claude-tasks show 1707000000-a1b2c3d4", "claude-tasks show 1707000000-a1b2c3d4 --json | jq .totals"]);
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
  if (task.error || task.error_kind)
    pairs.push(["Error", `${out.red(task.error ?? "")}${task.error_kind ? ` ${out.dim(`[${task.error_kind}]`)}` : ""}`]);
  const hint = task.status === "error" || task.error_kind === "timeout" ? nextStep(task) : undefined;
  if (hint) pairs.push(["Next", hint]);
  for (const approval of task.pending_approvals ?? []) {
    const answer = `claude-tasks approve ${task.task_id} ${approval.approval_id}  |  deny … -m "why"`;
    pairs.push(["Waits for", `${out.yellow(describeApproval(approval))} ${out.dim(answer)}`]);
  }
  if (task.queue_position !== undefined) pairs.push(["Queue", `#${task.queue_position} (starts when a slot is free)`]);
  const totals = [
    outcome.turns === undefined ? "" : plural(outcome.turns, "turn"),
    outcome.costUsd === undefined ? "" : formatCost(outcome.costUsd),
  ].filter(Boolean);
  // A task whose runs have not reported yet has nothing to add up.
  if (totals.length > 0 && (outcome.turns || outcome.costUsd)) pairs.push(["Totals", totals.join(" · ")]);
  if (task.max_budget_usd !== undefined)
    pairs.push(["Budget", `${formatCost(task.totals.total_cost_usd)} of ${formatCost(task.max_budget_usd)}`]);
  if (task.labels && Object.keys(task.labels).length > 0)
    pairs.push([
      "Labels",
      Object.entries(task.labels)
        .map(([key, value]) => `${key}=${value}`)
        .join(", "),
    ]);
  if (task.secrets?.length) pairs.push(["Secrets", task.secrets.join(", ")]);
  // A status is claude's word for it (connected, failed, ...): anything but connected stands out.
  if (task.mcp_servers?.length)
    pairs.push([
      "MCP",
      task.mcp_servers
        .map(({ name, status }) => `${name} ${status === "connected" ? out.dim(status) : out.yellow(status)}`)
        .join(", "),
    ]);
  if (task.worktree)
    pairs.push([
      "Worktree",
      `${task.worktree.branch} from ${task.worktree.base_commit.slice(0, 12)} ${out.dim(`(of ${task.worktree.repository}; claude-tasks diff ${task.task_id})`)}`,
    ]);
  if (task.options && Object.keys(task.options).length > 0) pairs.push(["Options", formatOptions(task.options)]);
  // The server may use a private socket (TMUX_SOCKET): the attach line then needs -S.
  pairs.push(
    ["Session", task.session_id],
    ["tmux", `${task.tmux_session} ${out.dim(`(inside the pod: tmux [-S "$TMUX_SOCKET"] attach -t ${task.tmux_session})`)}`],
  );
  const sections = [renderKeyValues(pairs.map(([key, value]) => [out.dim(key), value]))];
  // What each approval would run, whole: the line above is cut to fit.
  const width = ctx.io.stdout.isTTY ? ctx.io.stdout.columns : undefined;
  for (const approval of task.pending_approvals ?? []) sections.push(renderApprovalInput(approval, out, width).join("\n"));
  if (task.runs && task.runs.length > 0) sections.push(`${out.bold("Runs")}\n${renderRuns(ctx, task.runs)}`);
  if (task.callback) sections.push(renderCallback(ctx, task.callback));
  const structured = task.result?.structured_output;
  if (structured !== undefined) sections.push(`${out.bold("Structured result")}\n${JSON.stringify(structured, null, 2)}`);
  else if (outcome.text) sections.push(`${out.bold("Last result")}\n${outcome.text.trimEnd()}`);
  if (task.result?.error) sections.push(`${out.bold("Result error")}\n${out.red(task.result.error)}`);
  return sections.join("\n\n");
}

/** One row per run: index, state, duration, cost, exit code, then its prompt (or error). */
function renderRuns(ctx: CommandContext, runs: Run[]): string {
  const { out } = ctx;
  const header = ["#", "STATE", "TOOK", "COST", "EXIT", "PROMPT"].map((title) => out.dim(title));
  const rows = runs.map((run) => {
    const took =
      run.started_at === undefined
        ? ""
        : formatDuration(((run.finished_at ?? Date.now() / 1000) - run.started_at) * 1000) + (run.finished_at ? "" : "…");
    const detail = run.error ? `${out.red(run.error)} · ${oneLine(run.prompt)}` : oneLine(run.prompt);
    return [
      String(run.index),
      paintStatus(out, run.state),
      took,
      run.result || run.cost_usd > 0 ? formatCost(run.cost_usd) : "",
      run.exit_code === undefined ? "" : String(run.exit_code),
      `${run.resumed ? "↳ " : ""}${detail}`,
    ];
  });
  return renderTable([header, ...rows], { maxWidth: ctx.io.stdout.isTTY ? ctx.io.stdout.columns : undefined });
}

/** The webhook and each delivery attempt with its answer. */
function renderCallback(ctx: CommandContext, callback: Callback): string {
  const { out } = ctx;
  const title = `${out.bold("Callback")} ${callback.url} ${out.dim(`(on ${callback.on})`)}`;
  if (callback.attempts.length === 0) return `${title}\n${out.dim("no deliveries yet")}`;
  const rows = callback.attempts.map((attempt) => [
    attempt.event,
    `try ${attempt.attempt}`,
    attempt.status === undefined
      ? out.red(attempt.error ?? "no answer")
      : attempt.status < 300
        ? out.green(String(attempt.status))
        : out.red(String(attempt.status)),
    formatDuration(attempt.duration_ms),
    relativeTime(attempt.at),
  ]);
  return `${title}\n${renderTable(rows)}`;
}

function formatOptions(options: NonNullable<TaskDetail["options"]>): string {
  return Object.entries(options)
    .map(([key, value]) => `${key}=${formatOptionValue(value)}`)
    .join(" · ");
}

function formatOptionValue(value: unknown): string {
  if (Array.isArray(value)) return value.join(",");
  // output_schema: an object; its JSON, cut, is enough to recognise it.
  if (typeof value === "object" && value !== null) return oneLine(JSON.stringify(value)).slice(0, 60);
  return String(value);
}

/** `run <prompt>`: start a task, optionally waiting for it or following its output. */

import { isReplayed } from "@claude-task-api/sdk";
import type { Command } from "commander";
import { type ActionWrapper, withExamples } from "../command-kit.js";
import { UsageError } from "../errors.js";
import { ExitCode } from "../exit-codes.js";
import {
  collectLabel,
  collectMcpServer,
  collectSecret,
  parseBaseRef,
  parseBudget,
  parseCallbackOn,
  parseCallbackUrl,
  parseDuration,
  parseIdempotencyKey,
} from "../flags.js";
import { liveSteering } from "../live-steer.js";
import { addRunOptionFlags, type RunOptionFlags, runOptionsFrom } from "../run-flags.js";
import { chooseWorkdir } from "../run-workdir.js";
import { followAndRender, reportSettled, waitWithSpinner } from "../task-progress.js";

interface RunOptions extends RunOptionFlags {
  workdir?: string;
  wait?: boolean;
  follow?: boolean;
  timeout?: number;
  label?: Record<string, string>;
  idempotencyKey?: string;
  callbackUrl?: string;
  callbackOn?: "finish" | "status";
  worktree?: boolean;
  baseRef?: string;
  budget?: number;
  secret?: string[];
  mcp?: string[];
}

export function registerRun(program: Command, action: ActionWrapper): void {
  const command = program
    .command("run")
    .description("start a task; prints its id (or waits / follows with --wait / --follow)")
    .argument("<prompt>", 'the prompt for claude; "-" reads it from standard input')
    .option(
      "-w, --workdir <dir>",
      "directory to run in, inside the server's WORKDIR_ROOT (default: the current directory when it is inside, else the server's DEFAULT_WORKDIR)",
    )
    .option("--wait", "wait until the task ends; exit code tells how it ended")
    .option("-f, --follow", "print the transcript live until the task ends")
    .option("--timeout <duration>", "with --wait: give up waiting after this long (90, 90s, 5m, 1h)", parseDuration);
  addRunOptionFlags(command)
    .option("-l, --label <key=value>", "label the task (repeatable); list --label filters on it", collectLabel)
    .option(
      "--idempotency-key <key>",
      "retrying with the same key returns the first task instead of starting another",
      parseIdempotencyKey,
    )
    .option("--callback-url <url>", "the server POSTs the task's outcome to this URL", parseCallbackUrl)
    .option("--callback-on <when>", "with --callback-url: finish (default) or status (every change)", parseCallbackOn)
    .option(
      "--budget <usd>",
      "the most the task's runs may cost together, in US dollars; raise it with: claude-tasks budget ID USD",
      parseBudget,
    )
    .option("--worktree", "run in a new git worktree of the workdir's repository, on branch claude/<id>")
    .option("--base-ref <ref>", "with --worktree: start the branch from this branch, tag or commit (default HEAD)", parseBaseRef)
    .option("--secret <name>", "give the runs the server's secret NAME as an environment variable (repeatable)", collectSecret)
    .option("--mcp <name>", "load the MCP server NAME of the server's catalog in the runs (repeatable)", collectMcpServer)
    .action(
      action(async (ctx, cmd) => {
        const options = cmd.opts<RunOptions>();
        if (options.wait && options.follow) throw new UsageError("use either --wait or --follow, not both");
        if (options.timeout !== undefined && !options.wait) throw new UsageError("--timeout only applies with --wait");
        if (options.callbackOn !== undefined && options.callbackUrl === undefined)
          throw new UsageError("--callback-on only applies with --callback-url");
        if (options.baseRef !== undefined && !options.worktree) throw new UsageError("--base-ref only applies with --worktree");
        let prompt = cmd.processedArgs[0] as string;
        if (prompt === "-") prompt = await ctx.io.readStdin();
        if (prompt.trim() === "") throw new UsageError("the prompt is empty");
        const workdir = await chooseWorkdir(ctx, options.workdir);

        const task = await ctx.client().tasks.create(
          {
            prompt,
            ...(workdir !== undefined ? { workdir } : {}),
            ...runOptionsFrom(options),
            ...(options.label ? { labels: options.label } : {}),
            ...(options.callbackUrl ? { callback_url: options.callbackUrl } : {}),
            ...(options.callbackOn ? { callback_on: options.callbackOn } : {}),
            ...(options.worktree ? { isolation: "worktree" as const } : {}),
            ...(options.baseRef ? { base_ref: options.baseRef } : {}),
            ...(options.budget !== undefined ? { max_budget_usd: options.budget } : {}),
            ...(options.secret ? { secrets: options.secret } : {}),
            ...(options.mcp ? { mcp_servers: options.mcp } : {}),
          },
          options.idempotencyKey === undefined ? {} : { idempotencyKey: options.idempotencyKey },
        );
        const replayed = isReplayed(task);
        if (replayed)
          ctx.note(ctx.err.dim(`an earlier run with this --idempotency-key started ${task.task_id}; nothing new was started`));
        if (task.status === "queued" && !replayed)
          ctx.note(ctx.err.dim(`${task.task_id} is queued (#${task.queue_position ?? "?"}): it starts when a slot is free`));
        if (!options.wait && !options.follow) {
          if (ctx.options.json) ctx.printJson(task);
          else {
            ctx.print(task.task_id);
            const how = replayed ? `it is ${task.status}` : `started (${task.status})`;
            ctx.note(ctx.err.dim(`${how}; follow it with: claude-tasks logs -f ${task.task_id}`));
          }
          return task.status === "error" ? ExitCode.TaskError : ExitCode.Ok;
        }
        if (options.follow) {
          const how = replayed ? `task ${task.task_id} (started earlier)` : `task ${task.task_id} started`;
          const live = liveSteering(ctx, task.task_id);
          ctx.note(
            ctx.err.dim(
              live
                ? `${how}; type a message and Enter to steer it, Ctrl-C interrupts the turn, twice detaches`
                : `${how}; Ctrl-C stops following, not the task`,
            ),
          );
          try {
            const { task: settled, shownError } = await followAndRender(ctx, task.task_id, {
              fromLine: 0,
              ...(live && { signal: live.signal, onQuestion: live.onQuestion }),
            });
            if (live?.signal.aborted) return ExitCode.Ok;
            return reportSettled(ctx, settled, { printResult: false, shownError });
          } catch (err) {
            if (live?.signal.aborted) return ExitCode.Ok;
            throw err;
          } finally {
            live?.stop();
          }
        }
        const settled = await waitWithSpinner(ctx, task.task_id, options.timeout);
        return reportSettled(ctx, settled, { printResult: true });
      }),
    );
  withExamples(command, [
    'claude-tasks run "List all TODO comments in the codebase"',
    'cd ~/myproject && claude-tasks run --follow "Add unit tests for utils.ts"   # runs in ~/myproject',
    'claude-tasks run --workdir ../other-repo "Add unit tests for utils.ts"',
    'claude-tasks run --wait --timeout 10m "Fix the failing test" && echo fixed',
    'ID=$(claude-tasks run "Refactor the auth module")',
    "git diff | claude-tasks run --json - | jq -r .task_id",
    'claude-tasks run --model sonnet --permission-mode plan --max-turns 20 "Plan the migration"',
    'claude-tasks run --allowed-tools "Read,Grep,Bash(git log:*)" --task-timeout 30m "Summarise recent changes"',
    'claude-tasks run --label team=web --label ticket=WEB-42 "Fix the login bug"',
    'claude-tasks run --idempotency-key "deploy-$GIT_SHA" "Write release notes"   # safe to retry',
    'claude-tasks run --callback-url https://ci.example.com/hooks/claude --callback-on status "Run the tests"',
    'claude-tasks run --worktree --workdir ~/myproject "Rename the config module"; claude-tasks diff ID',
    'claude-tasks run --wait --json --output-schema verdict.schema.json "Review this PR" | jq .result.structured_output',
    'claude-tasks run --budget 2 --effort high --permission-mode dontAsk --add-dir ../shared "Update the shared types"',
  ]);
}

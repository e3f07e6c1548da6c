/** `status`: is the server up and ready to run tasks, and how busy is it. */
import type { Command } from "commander";
import { type ActionWrapper, withExamples } from "../command-kit.js";
import { ExitCode } from "../exit-codes.js";
import { safeView } from "../render/safe-text.js";
import { renderKeyValues } from "../render/table.js";

export function registerStatus(program: Command, action: ActionWrapper): void {
  const command = program
    .command("status")
    .description(
      "check that the server is up and ready (tmux, claude, credentials, permission mode), and count running and queued tasks (with a token); exit 1 when not ready",
    )
    .option("--metrics", "print the server's Prometheus metrics instead")
    .action(
      action(async (ctx, cmd) => {
        const client = ctx.client();
        if (cmd.opts<{ metrics?: boolean }>().metrics) {
          ctx.printExact(await client.metrics());
          return;
        }
        // Health and readiness need no token; the task counts do, and are left out without one.
        const health = await client.health();
        const ready = await client.ready();
        let tasks: { running: number; queued: number } | null = null;
        if (ctx.settings().token) {
          const active = (await client.tasks.list({ status: ["running", "queued"] })).tasks;
          tasks = {
            running: active.filter((task) => task.status === "running").length,
            queued: active.filter((task) => task.status === "queued").length,
          };
        }
        const code = ready.status === "ready" ? ExitCode.Ok : ExitCode.Failure;
        if (ctx.options.json) {
          ctx.printJson({ url: ctx.settings().url.value, health, ready, tasks });
          return code;
        }
        const { out } = ctx;
        // A check's text can quote what a tool printed (claude --version, an install's error).
        const checks = Object.entries(safeView(ready.checks)).map(([name, result]): [string, string] => [
          `  ${name}`,
          result.startsWith("ok") ? out.dim(result) : out.red(result),
        ]);
        ctx.print(
          renderKeyValues(
            [
              ["URL", ctx.settings().url.value],
              ["Health", health.status === "ok" ? out.green("ok") : out.red(health.status)],
              ["Ready", ready.status === "ready" ? out.green("ready") : out.red(ready.status)],
              ...checks,
              [
                "Tasks",
                tasks
                  ? `${tasks.running} running · ${tasks.queued} queued`
                  : out.dim('(needs a token: see "claude-tasks login")'),
              ],
            ].map(([key, value]) => [out.dim(key as string), value as string]),
          ),
        );
        return code;
      }),
    );
  withExamples(command, [
    "claude-tasks status",
    "claude-tasks status --json | jq .ready.checks",
    "claude-tasks status --metrics | grep '^claude_tasks'",
  ]);
}

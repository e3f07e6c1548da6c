/** `diff <id>`: what a worktree task changed against its base commit (unified diff, or --stat). */
import type { DiffStat } from "@claude-task-api/sdk";
import type { Command } from "commander";
import { type ActionWrapper, withExamples } from "../command-kit.js";
import type { CommandContext } from "../context.js";
import { parseTaskId } from "../flags.js";
import { safeView } from "../render/safe-text.js";
import { renderTable } from "../render/table.js";

export function registerDiff(program: Command, action: ActionWrapper): void {
  const command = program
    .command("diff")
    .description("show what a --worktree task changed: a unified diff against its base commit (exit 6 for other tasks)")
    .argument("<id>", "task id", parseTaskId)
    .option("--stat", "one line per changed file: status, lines added and deleted")
    .action(
      action(async (ctx, cmd) => {
        const id = cmd.processedArgs[0] as string;
        const { stat } = cmd.opts<{ stat?: boolean }>();
        if (stat || ctx.options.json) {
          const summary = await ctx.client().tasks.diff(id, { stat: true });
          if (ctx.options.json) return void ctx.printJson(summary);
          ctx.print(renderStat(ctx, safeView(summary)));
          return;
        }
        // The diff exactly as the server sent it, so it can be piped to `git apply`; on a
        // terminal the files' contents are hostile text like any other.
        ctx.printExact(await ctx.client().tasks.diff(id));
      }),
    );
  withExamples(command, [
    "claude-tasks diff 1707000000-a1b2c3d4",
    "claude-tasks diff 1707000000-a1b2c3d4 --stat",
    "claude-tasks diff 1707000000-a1b2c3d4 | git apply   # bring the changes into your checkout",
  ]);
}

function renderStat(ctx: CommandContext, summary: DiffStat): string {
  if (summary.files.length === 0) return ctx.out.dim(`no changes against ${summary.base_commit.slice(0, 12)}`);
  const rows = summary.files.map((f) => [
    f.status,
    f.binary ? "binary" : ctx.out.green(`+${f.additions}`),
    f.binary ? "" : ctx.out.red(`-${f.deletions}`),
    f.path,
  ]);
  const header = ["STATUS", "ADDED", "DELETED", "PATH"].map((title) => ctx.out.dim(title));
  return renderTable([header, ...rows]);
}

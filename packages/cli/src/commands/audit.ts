/** `audit`: the server's audit log, newest first (needs the owner's token or one with `admin`). */
import type { Command } from "commander";
import { type ActionWrapper, withExamples } from "../command-kit.js";
import { parsePositiveInt, parseTaskId } from "../flags.js";
import { renderAudit } from "../render/token-view.js";

interface AuditFlags {
  limit?: number;
  action?: string;
  task?: string;
  cursor?: string;
}

export function registerAudit(program: Command, action: ActionWrapper): void {
  const command = program
    .command("audit")
    .description("who changed what, and who was refused: the server's audit log, newest first")
    .option("-n, --limit <n>", "entries per page (default 100)", parsePositiveInt)
    .option("--action <name>", "only this action, e.g. createTask, killTask, purgeTask, refused")
    .option("--task <id>", "only entries about this task", parseTaskId)
    .option("--cursor <cursor>", "the next page: the cursor the previous page printed")
    .action(
      action(async (ctx, cmd) => {
        const flags = cmd.opts<AuditFlags>();
        const page = await ctx.client().audit.list({
          ...(flags.limit !== undefined && { limit: flags.limit }),
          ...(flags.action !== undefined && { action: flags.action }),
          ...(flags.task !== undefined && { taskId: flags.task }),
          ...(flags.cursor !== undefined && { cursor: flags.cursor }),
        });
        if (ctx.options.json) return void ctx.printJson(page);
        if (page.entries.length === 0) return void ctx.note("no audit entries");
        ctx.print(renderAudit(ctx, page.entries));
        if (page.next_cursor) ctx.note(ctx.err.dim(`more: claude-tasks audit --cursor ${page.next_cursor}`));
      }),
    );
  withExamples(command, ["claude-tasks audit", "claude-tasks audit --action refused", "claude-tasks audit --task <id> --json"]);
}

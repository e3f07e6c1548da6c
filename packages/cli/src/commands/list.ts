/** `list`: tasks as a table, newest first. */

import type { TaskList, TaskSummary } from "@claude-task-api/sdk";
import type { Command } from "commander";
import { type ActionWrapper, withExamples } from "../command-kit.js";
import { UsageError } from "../errors.js";
import { collectLabel, parsePositiveInt, parseSearch, parseSort, parseStatus } from "../flags.js";
import { safeView } from "../render/safe-text.js";
import { paintStatus } from "../render/style.js";
import { oneLine, renderTable } from "../render/table.js";
import { formatCost, relativeTime } from "../render/time.js";

/** What a task waiting for a person shows beside its status. */
const ATTENTION = { approval: " needs approval", budget: " budget spent" } as const;

/** One page by default, as `gh` shows 30: a long history never floods the terminal. */
export const DEFAULT_LIST_LIMIT = 30;

interface ListOptions {
  status?: string;
  limit?: number;
  label?: Record<string, string>;
  all?: boolean;
  search?: string;
  sort?: "newest" | "oldest" | "cost";
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
    .option("-l, --label <key=value>", "only tasks with this label (repeatable: every one must match)", collectLabel)
    .option(
      "-n, --limit <n>",
      `show at most n tasks (default ${DEFAULT_LIST_LIMIT}; when more match, stderr says how to see them)`,
      parsePositiveInt,
    )
    .option(
      "-q, --search <text>",
      "only tasks whose prompts contain this text (any case) or whose id starts with it",
      parseSearch,
    )
    .option("--sort <order>", "newest (default), oldest, or cost (most expensive first)", parseSort)
    .option("-a, --all", "fetch every matching task, page by page")
    .action(
      action(async (ctx, cmd) => {
        const options = cmd.opts<ListOptions>();
        if (options.all && options.limit !== undefined) throw new UsageError("use either --all or --limit, not both");
        const commaValue = Object.entries(options.label ?? {}).find(([, value]) => value.includes(","));
        if (commaValue)
          throw new UsageError(`--label ${commaValue[0]}=…: the server cannot filter on a value containing a comma`);
        const filters = {
          ...(options.status ? { status: options.status } : {}),
          ...(options.label ? { labels: options.label } : {}),
          ...(options.search ? { q: options.search } : {}),
          ...(options.sort ? { sort: options.sort } : {}),
        };
        const client = ctx.client();
        let list: TaskList;
        if (options.all) {
          const tasks: TaskSummary[] = [];
          for await (const task of client.tasks.listAll(filters)) tasks.push(task);
          list = { tasks };
        } else {
          // The server filters and pages; --limit asks for one page of that size.
          list = await client.tasks.list({ ...filters, limit: options.limit ?? DEFAULT_LIST_LIMIT });
        }
        if (ctx.options.json) return void ctx.printJson(list);
        // Prompts and labels are anyone's text: made safe before they are printed.
        const { tasks } = safeView(list);
        if (tasks.length === 0) {
          const what = [options.status, ...Object.entries(options.label ?? {}).map(([k, v]) => `${k}=${v}`)].filter(Boolean);
          if (options.search) return void ctx.note(`no ${what.join(" ")}${what.length ? " " : ""}tasks match the search`);
          return void ctx.note(
            what.length > 0 ? `no ${what.join(" ")} tasks` : 'no tasks yet; start one with: claude-tasks run "<prompt>"',
          );
        }
        const withLabels = tasks.some((task) => task.labels && Object.keys(task.labels).length > 0);
        const rows = tasks.map((task) => [
          task.task_id,
          task.queue_position === undefined
            ? `${paintStatus(ctx.out, task.status)}${task.attention ? ctx.out.yellow(ATTENTION[task.attention]) : ""}`
            : `${paintStatus(ctx.out, task.status)} #${task.queue_position}`,
          relativeTime(task.created_at),
          task.total_cost_usd > 0 ? formatCost(task.total_cost_usd) : "",
          ...(withLabels ? [formatLabels(task.labels)] : []),
          oneLine(task.prompt),
        ]);
        const titles = ["ID", "STATUS", "CREATED", "COST", ...(withLabels ? ["LABELS"] : []), "PROMPT"];
        const header = titles.map((title) => ctx.out.bold(title));
        ctx.print(renderTable([header, ...rows], { maxWidth: ctx.io.stdout.isTTY ? ctx.io.stdout.columns : undefined }));
        if (list.next_cursor)
          ctx.note(
            ctx.err.dim(
              `showing the ${tasks.length} ${options.sort && options.sort !== "newest" ? "first" : "newest"}; more match: --limit ${tasks.length * 2}, or --all for every one`,
            ),
          );
      }),
    );
  withExamples(command, [
    "claude-tasks list",
    "claude-tasks list --status running,queued",
    "claude-tasks list --all --label team=web --label ticket=WEB-42",
    'claude-tasks list --search "login bug" --sort cost',
    'claude-tasks list --limit 5 --json | jq -r ".tasks[].task_id"',
  ]);
}

/** `k=v,k2=v2` for a table cell. */
export function formatLabels(labels: Record<string, string> | undefined): string {
  return Object.entries(labels ?? {})
    .map(([key, value]) => `${key}=${value}`)
    .join(",");
}

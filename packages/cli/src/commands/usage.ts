/** `usage`: what runs cost, as a table per day, model or label, and a bar chart of spend per day. */
import { type Command, InvalidArgumentError } from "commander";
import { type ActionWrapper, withExamples } from "../command-kit.js";
import { renderBars } from "../render/bar-chart.js";
import { safeView } from "../render/safe-text.js";
import { renderTable } from "../render/table.js";
import { formatCost } from "../render/time.js";

interface UsageOptions {
  from?: string;
  to?: string;
  by?: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const GROUP = /^(day|model|label:[A-Za-z0-9][A-Za-z0-9._/-]{0,62})$/;

function parseDate(value: string): string {
  if (!DATE.test(value)) throw new InvalidArgumentError("expected a date YYYY-MM-DD.");
  return value;
}

function parseGroup(value: string): string {
  if (!GROUP.test(value)) throw new InvalidArgumentError("expected day, model or label:KEY.");
  return value;
}

export function registerUsage(program: Command, action: ActionWrapper): void {
  const command = program
    .command("usage")
    .description("what runs cost: per day (with a bar chart), per model or per label")
    .option("--from <date>", "first day, YYYY-MM-DD (default: 30 days ago)", parseDate)
    .option("--to <date>", "last day, YYYY-MM-DD (default: today)", parseDate)
    .option("--by <group>", "day (default), model or label:KEY", parseGroup)
    .action(
      action(async (ctx, cmd) => {
        const options = cmd.opts<UsageOptions>();
        const usage = await ctx.client().usage.get({
          ...(options.from !== undefined && { from: options.from }),
          ...(options.to !== undefined && { to: options.to }),
          ...(options.by !== undefined && { group_by: options.by }),
        });
        if (ctx.options.json) return void ctx.printJson(usage);
        // Model names and label values are anyone's text.
        const { groups, total, group_by, timezone, from, to } = safeView(usage);
        const tokens = (g: { input_tokens: number; output_tokens: number }) => `${g.input_tokens}/${g.output_tokens}`;
        const title = group_by === "day" ? "DAY" : group_by.toUpperCase();
        const rows = groups.map((g) => [
          g.key === "" ? "(none)" : g.key,
          formatCost(g.cost_usd),
          String(g.runs),
          String(g.tasks),
          tokens(g),
        ]);
        const header = [title, "COST", "RUNS", "TASKS", "TOKENS IN/OUT"].map((h) => ctx.out.bold(h));
        const footer = ["total", formatCost(total.cost_usd), String(total.runs), String(total.tasks), tokens(total)];
        ctx.print(renderTable([header, ...rows, footer.map((cell) => ctx.out.bold(cell))]));
        if (group_by === "day" && groups.length > 0) {
          const width = Math.max(10, Math.min(60, (ctx.io.stdout.columns ?? 80) - 30));
          ctx.print("");
          ctx.print(
            renderBars(
              groups.map((g) => ({ label: g.key, value: g.cost_usd, text: formatCost(g.cost_usd) })),
              width,
            ),
          );
        }
        const budget =
          usage.daily_budget_usd === undefined
            ? ""
            : `; today ${formatCost(usage.today_spent_usd ?? 0)} of ${formatCost(usage.daily_budget_usd)} (${formatCost(usage.today_remaining_usd ?? 0)} left)`;
        ctx.note(ctx.err.dim(`${from} to ${to}, days in ${timezone}${budget}`));
      }),
    );
  withExamples(command, [
    "claude-tasks usage",
    "claude-tasks usage --from 2026-01-01 --to 2026-01-31 --by label:team",
    "claude-tasks usage --by model --json | jq .total.cost_usd",
  ]);
}

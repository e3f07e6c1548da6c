/**
 * A task's totals and labels for its page: turns and cost over every finished run, and while
 * a run goes on, its turns and tokens so far (its cost arrives with its last event).
 */
import type { TaskDetail } from "@claude-task-api/sdk";
import { cost } from "./format.js";
import type { LiveUsage } from "./live-usage.js";

const count = (n: number) => n.toLocaleString("en-US");

export function TaskTotals({ task, live, running }: { task: TaskDetail; live: LiveUsage; running: boolean }) {
  const { totals } = task;
  return (
    <span class="task-totals" data-testid="task-totals">
      {count(totals.num_turns)} turns, {cost(totals.total_cost_usd) || "$0"}
      {running && live.turns > 0 ? (
        <span class="live-usage muted" data-testid="live-usage">
          {" "}
          (this run so far: {count(live.turns)} turns, {count(live.inputTokens + live.outputTokens)} tokens)
        </span>
      ) : null}
    </span>
  );
}

export function TaskLabels({ labels }: { labels: Record<string, string> | undefined }) {
  const entries = Object.entries(labels ?? {});
  if (entries.length === 0) return null;
  return (
    <span class="labels">
      {entries.map(([k, v]) => (
        <span class="label" key={k}>
          {k}={v}
        </span>
      ))}
    </span>
  );
}

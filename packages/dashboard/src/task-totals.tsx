/**
 * A task's totals and labels for its page: turns and cost over its runs; while a run goes on,
 * its turns count in at once and its tokens so far are shown (its cost arrives with its last event).
 */
import type { TaskDetail } from "@claude-task-api/sdk";
import { cost } from "./format.js";
import type { LiveUsage } from "./live-usage.js";

const count = (n: number) => n.toLocaleString("en-US");

export function TaskTotals({ task, live, running }: { task: TaskDetail; live: LiveUsage; running: boolean }) {
  const { totals } = task;
  const inRun = running ? live.turns : 0;
  return (
    <span class="task-totals" data-testid="task-totals">
      {count(totals.num_turns + inRun)} turns, {cost(totals.total_cost_usd) || "$0"}
      {inRun > 0 ? (
        <span class="live-usage muted" data-testid="live-usage">
          {" "}
          + this run ({count(live.inputTokens + live.outputTokens)} tokens so far)
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

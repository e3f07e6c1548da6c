/** The Usage page: spend per day and per label (a label key chosen by the person), with today's budget. */
import type { Usage } from "@claude-task-api/sdk";
import { useState } from "preact/hooks";
import { client, describeError } from "./api.js";
import { cost } from "./format.js";
import { SpendChart } from "./spend-chart.js";
import { usePolling } from "./use-polling.js";

const REFRESH_MS = 10_000;
const LABEL_KEY = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,62}$/;

export function UsagePage() {
  const [labelKey, setLabelKey] = useState("team");
  const days = usePolling<Usage>(() => client.usage.get(), REFRESH_MS, []);
  const validKey = LABEL_KEY.test(labelKey);
  const labels = usePolling<Usage | undefined>(
    () => (validKey ? client.usage.get({ group_by: `label:${labelKey}` }) : Promise.resolve(undefined)),
    REFRESH_MS,
    [labelKey],
  );
  const usage = days.value;
  return (
    <section class="usage" aria-labelledby="usage-heading">
      <h2 id="usage-heading">Usage</h2>
      {days.error ? <p class="error">{describeError(days.error)}</p> : null}
      {usage ? (
        <p class="usage-summary">
          {cost(usage.total.cost_usd)} in {usage.total.runs} runs of {usage.total.tasks} tasks, {usage.from} to {usage.to} (
          {usage.timezone})
          {usage.daily_budget_usd === undefined
            ? null
            : `; today ${cost(usage.today_spent_usd)} of ${cost(usage.daily_budget_usd)}, ${cost(usage.today_remaining_usd)} left`}
        </p>
      ) : null}
      {usage ? <SpendChart title="Spend per day" groups={usage.groups} /> : null}
      <label>
        Label key{" "}
        <input
          name="label-key"
          value={labelKey}
          aria-invalid={!validKey}
          onInput={(e) => setLabelKey((e.target as HTMLInputElement).value.trim())}
        />
      </label>
      {labels.error ? <p class="error">{describeError(labels.error)}</p> : null}
      {validKey && labels.value ? <SpendChart title={`Spend per ${labelKey}`} groups={labels.value.groups} /> : null}
    </section>
  );
}

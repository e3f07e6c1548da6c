/**
 * A task's budget on its page: what it spent of its max_budget_usd, and a form that sets a new
 * limit and, with a prompt, continues the conversation at once ("raise and continue").
 */
import type { Task } from "@claude-task-api/sdk";
import { useState } from "preact/hooks";
import { client, describeError } from "./api.js";
import { ErrorLine } from "./error-line.js";
import { cost } from "./format.js";

export function TaskBudget({ task, onChanged }: { task: Task; onChanged: () => void }) {
  const [error, setError] = useState<string | undefined>();
  const spent = task.totals.total_cost_usd;
  const limit = task.max_budget_usd;
  const stopped = task.attention === "budget";
  const submit = async (e: Event) => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    const usd = Number((form.elements.namedItem("budget") as HTMLInputElement).value);
    const prompt = (form.elements.namedItem("continue") as HTMLInputElement).value.trim();
    try {
      setError(undefined);
      await client.tasks.update(task.task_id, { max_budget_usd: usd });
      if (prompt) await client.tasks.sendMessage(task.task_id, { prompt });
      form.reset();
      onChanged();
    } catch (err) {
      setError(describeError(err));
    }
  };
  return (
    <form class={`task-budget${stopped ? " stopped" : ""}`} onSubmit={submit} aria-label="Budget">
      <span class="budget-spent">
        Budget: {cost(spent)} / {limit === undefined ? "no limit" : cost(limit)}
        {stopped ? <span class="badge attention">stopped at its budget</span> : null}
      </span>
      <label>
        New limit (USD)
        <input
          name="budget"
          type="number"
          min="0.000001"
          step="any"
          required
          placeholder={limit === undefined ? "" : String(limit)}
        />
      </label>
      <label>
        Continue with
        <input name="continue" type="text" placeholder="optional follow-up prompt" />
      </label>
      <button type="submit">{stopped ? "Raise and continue" : "Set budget"}</button>
      <ErrorLine message={error} />
    </form>
  );
}

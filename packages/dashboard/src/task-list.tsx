/** Every task, newest first, refreshed while the page is open; a filter by status. */
import type { PendingApproval, TaskStatus, TaskSummary } from "@claude-task-api/sdk";
import { schemas } from "@claude-task-api/sdk/contract";
import { useState } from "preact/hooks";
import { client, describeError } from "./api.js";
import { age, cost } from "./format.js";
import { usePolling } from "./use-polling.js";

const STATUSES: readonly TaskStatus[] = schemas.TaskStatus.enum;
const REFRESH_MS = 1500;

export function StatusBadge({ status }: { status: string }) {
  return <span class={`badge status-${status}`}>{status}</span>;
}

/** A task that waits for a person (an approval) says so in the list and on its page. */
export function AttentionBadge({ approvals }: { approvals: PendingApproval[] | undefined }) {
  const tools = (approvals ?? []).map((a) => a.tool).join(", ");
  return (
    <span class="badge attention" title={tools ? `Waits for an answer about: ${tools}` : undefined}>
      needs approval
    </span>
  );
}

function Labels({ labels }: { labels: Record<string, string> | undefined }) {
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

export function TaskList() {
  const [status, setStatus] = useState<TaskStatus | "">("");
  const { value, error } = usePolling(() => client.tasks.list(status ? { status: [status] } : {}), REFRESH_MS, [status]);
  const tasks: TaskSummary[] = value?.tasks ?? [];
  return (
    <section class="task-list" aria-labelledby="tasks-heading">
      <div class="section-head">
        <h2 id="tasks-heading">Tasks</h2>
        <label>
          Status{" "}
          <select value={status} onChange={(e) => setStatus((e.target as HTMLSelectElement).value as TaskStatus | "")}>
            <option value="">all</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
      </div>
      {error ? <p class="error">{describeError(error)}</p> : null}
      {value && tasks.length === 0 ? <p class="muted">No tasks{status ? ` with status ${status}` : ""} yet.</p> : null}
      <ul class="tasks">
        {tasks.map((t) => (
          <li key={t.task_id} data-task-id={t.task_id}>
            <a href={`#/tasks/${t.task_id}`}>
              <span class="prompt">{t.prompt}</span>
              <span class="meta">
                <StatusBadge status={t.status} />
                {t.attention === "approval" ? <AttentionBadge approvals={t.pending_approvals} /> : null}
                {t.attention === "budget" ? <span class="badge attention">budget spent</span> : null}
                <span class="age" title={new Date(t.created_at * 1000).toLocaleString()}>
                  {age(t.created_at)}
                </span>
                <span class="cost">{cost(t.total_cost_usd)}</span>
                <Labels labels={t.labels} />
                <code class="id">{t.task_id}</code>
              </span>
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}

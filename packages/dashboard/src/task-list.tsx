/**
 * The task list: one page at a time (the API pages, so 10,000 tasks cost what 50 do), refreshed
 * while the page is open; search, status and label chips, sort, all kept in the URL (routes.ts).
 */
import type { PendingApproval, TaskSummary } from "@claude-task-api/sdk";
import { client, describeError } from "./api.js";
import { age, cost } from "./format.js";
import { type ListFilter, navigate, routeHash } from "./routes.js";
import { TaskFilters } from "./task-filters.js";
import { usePolling } from "./use-polling.js";

const REFRESH_MS = 1500;
const PAGE_SIZE = 50;

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

/** A task's labels; each is a chip that filters the list by it. */
function Labels({ labels, filter }: { labels: Record<string, string> | undefined; filter: ListFilter }) {
  const entries = Object.entries(labels ?? {}).filter(([k, v]) => !/[:,]/.test(k) && !v.includes(","));
  if (entries.length === 0) return null;
  return (
    <span class="labels">
      {entries.map(([k, v]) => (
        <button
          type="button"
          class="label"
          key={k}
          title={`Only tasks labelled ${k}=${v}`}
          aria-pressed={filter.label === `${k}:${v}`}
          onClick={() => navigate({ view: "tasks", filter: { ...filter, label: `${k}:${v}`, cursor: undefined } })}
        >
          {k}={v}
        </button>
      ))}
    </span>
  );
}

export function TaskList({ filter }: { filter: ListFilter }) {
  const { q, status, label, sort, cursor } = filter;
  const { value, error } = usePolling(
    () => client.tasks.list({ q, status: status ? [status] : undefined, label, sort, cursor, limit: PAGE_SIZE }),
    REFRESH_MS,
    [q, status, label, sort, cursor],
  );
  const tasks: TaskSummary[] = value?.tasks ?? [];
  const filtered = Boolean(q || status || label);
  return (
    <section class="task-list" aria-labelledby="tasks-heading">
      <div class="section-head">
        <h2 id="tasks-heading">Tasks</h2>
      </div>
      <TaskFilters filter={filter} />
      {error ? <p class="error">{describeError(error)}</p> : null}
      {value && tasks.length === 0 ? <p class="muted">{filtered ? "No tasks match." : "No tasks yet."}</p> : null}
      <ul class="tasks" aria-busy={value === undefined}>
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
                <code class="id">{t.task_id}</code>
              </span>
            </a>
            <Labels labels={t.labels} filter={filter} />
          </li>
        ))}
      </ul>
      <nav class="pager" aria-label="Pages">
        {cursor ? <a href={routeHash({ view: "tasks", filter: { ...filter, cursor: undefined } })}>First page</a> : null}
        {value?.next_cursor ? (
          <a href={routeHash({ view: "tasks", filter: { ...filter, cursor: value.next_cursor } })} rel="next">
            Next page
          </a>
        ) : null}
      </nav>
    </section>
  );
}

/** The tasks waiting for the person's answer, first on the home view (above the form at phone width too). */
import type { TaskSummary } from "@claude-task-api/sdk";
import { AttentionBadge } from "./task-list.js";

export function NeedsYou({ tasks }: { tasks: TaskSummary[] }) {
  if (tasks.length === 0) return null;
  return (
    <section class="needs-you" aria-labelledby="needs-you-heading">
      <h2 id="needs-you-heading">Waiting for you</h2>
      <ul class="tasks">
        {tasks.map((t) => (
          <li key={t.task_id} data-waiting-id={t.task_id}>
            <a href={`#/tasks/${t.task_id}`}>
              <span class="prompt">{t.prompt}</span>
              <span class="meta">
                <AttentionBadge approvals={t.pending_approvals} />
                <code class="id">{t.task_id}</code>
              </span>
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}

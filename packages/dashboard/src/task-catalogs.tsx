/**
 * What a task holds from the operator's catalogs: the names of its secrets (never values), and
 * its MCP servers with the status claude reported for each, so a server that failed to start is
 * seen before anyone wonders why its tools are missing.
 */
import type { TaskDetail } from "@claude-task-api/sdk";

/** claude's statuses, mapped onto the badge colours the task statuses use. */
const STATUS_CLASS: Record<string, string> = { connected: "status-completed", pending: "status-queued", failed: "status-error" };

export function TaskCatalogs({ task }: { task: Pick<TaskDetail, "secrets" | "mcp_servers"> }) {
  const secrets = task.secrets ?? [];
  const servers = task.mcp_servers ?? [];
  if (secrets.length === 0 && servers.length === 0) return null;
  return (
    <dl class="task-catalogs">
      {secrets.length > 0 ? (
        <>
          <dt>Secrets</dt>
          <dd>
            {secrets.map((name) => (
              <code key={name}>{name}</code>
            ))}
          </dd>
        </>
      ) : null}
      {servers.length > 0 ? (
        <>
          <dt>MCP servers</dt>
          <dd>
            {servers.map(({ name, status }) => (
              <span key={name} class="mcp-server" data-mcp-server={name}>
                <code>{name}</code> <span class={`badge ${STATUS_CLASS[status] ?? "status-killed"}`}>{status}</span>
              </span>
            ))}
          </dd>
        </>
      ) : null}
    </dl>
  );
}

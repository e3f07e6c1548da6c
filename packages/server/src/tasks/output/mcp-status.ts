/**
 * Each MCP server's status as claude reports it in the `system/init` event that starts a run
 * (`mcp_servers: [{name, status}]`), so that a server that failed to start shows on the task
 * before anyone wonders why its tools are missing.
 */
import { open } from "node:fs/promises";
import type { McpServerStatus } from "../../generated/schemas.js";
import type { TaskRecord } from "../task-model.js";

/** How far into a run's output its init event is looked for (its first line, a few KiB). */
const INIT_WINDOW = 64 * 1024;

/** The statuses of the `init` event in the bytes of `log` from `start`, by server name. */
async function initStatuses(log: string, start: number): Promise<Map<string, string> | undefined> {
  const handle = await open(log, "r").catch(() => undefined);
  if (!handle) return undefined;
  try {
    const buf = Buffer.alloc(INIT_WINDOW);
    const { bytesRead } = await handle.read(buf, 0, INIT_WINDOW, start);
    for (const line of buf.subarray(0, bytesRead).toString("utf8").split("\n")) {
      if (!line.includes('"init"')) continue;
      try {
        const event = JSON.parse(line) as { type?: unknown; subtype?: unknown; mcp_servers?: unknown };
        if (event.type !== "system" || event.subtype !== "init" || !Array.isArray(event.mcp_servers)) continue;
        const statuses = new Map<string, string>();
        for (const s of event.mcp_servers as Array<{ name?: unknown; status?: unknown }>) {
          if (typeof s?.name === "string" && typeof s.status === "string") statuses.set(s.name, s.status);
        }
        return statuses;
      } catch {
        // Not a whole JSON line (cut by the window, or a tool's text): not the init event.
      }
    }
    return undefined;
  } finally {
    await handle.close();
  }
}

/**
 * The task's MCP servers with the status its latest started run reported (`pending` until
 * that run's init event is written); undefined for a task without MCP servers.
 */
export async function mcpServerStatuses(task: TaskRecord, log: string): Promise<McpServerStatus[] | undefined> {
  if (!task.mcp_servers?.length) return undefined;
  const run = task.runs.findLast((r) => r.log_start !== undefined);
  const statuses = run?.log_start === undefined ? undefined : await initStatuses(log, run.log_start);
  return task.mcp_servers.map(({ name }) => ({ name, status: statuses?.get(name) ?? "pending" }));
}

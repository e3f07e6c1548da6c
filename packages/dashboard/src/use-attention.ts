/**
 * The tasks still in progress (running or queued), polled while the page is open: what the tab
 * title, the favicon, the notifications and the "Waiting for you" list are made from.
 */
import type { TaskSummary } from "@claude-task-api/sdk";
import { client } from "./api.js";
import { usePolling } from "./use-polling.js";

const REFRESH_MS = 2000;

export function useActiveTasks(enabled: boolean): TaskSummary[] | undefined {
  const { value } = usePolling(
    () => (enabled ? client.tasks.list({ status: ["running", "queued"] }) : Promise.resolve(undefined)),
    REFRESH_MS,
    [enabled],
  );
  return value?.tasks;
}

/** The tasks that wait for a person's answer. */
export const waitingForApproval = (tasks: TaskSummary[] | undefined) => (tasks ?? []).filter((t) => t.attention === "approval");

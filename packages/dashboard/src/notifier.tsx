/**
 * Browser notifications, once the person allows them: a task starts waiting for an approval,
 * or a task finishes. Made in this page from what it already polls (nothing leaves the page's
 * origin), shown while a dashboard tab is open. Prompts go in as text (a notification renders
 * no markup).
 */
import type { TaskSummary } from "@claude-task-api/sdk";
import { useEffect, useRef, useState } from "preact/hooks";

const supported = typeof Notification !== "undefined";
const short = (text: string) => (text.length > 100 ? `${text.slice(0, 99)}...` : text);

function notify(title: string, task: TaskSummary): void {
  const n = new Notification(title, { body: short(task.prompt), tag: `${task.task_id}:${title}`, icon: "assets/favicon.svg" });
  n.onclick = () => {
    focus();
    location.hash = `#/tasks/${task.task_id}`;
  };
}

/** Watches `active` (running and queued tasks) between polls and notifies what changed. */
export function useNotifications(active: TaskSummary[] | undefined, allowed: boolean): void {
  const previous = useRef<Map<string, TaskSummary> | undefined>(undefined);
  useEffect(() => {
    if (!active) return;
    const before = previous.current;
    previous.current = new Map(active.map((t) => [t.task_id, t]));
    // The first poll is what was already there when the page opened: nothing new to tell.
    if (!before || !allowed) return;
    for (const task of active) {
      if (task.attention === "approval" && before.get(task.task_id)?.attention !== "approval")
        notify("Needs your approval", task);
    }
    for (const [id, task] of before) if (!previous.current.has(id)) notify("Task finished", task);
  }, [active, allowed]);
}

/** The button that asks for permission; answers whether notifications are allowed. */
export function useNotifyPermission(): [boolean, preact.JSX.Element | null] {
  const [permission, setPermission] = useState(supported ? Notification.permission : "denied");
  const button =
    permission === "default" ? (
      <button type="button" onClick={() => Notification.requestPermission().then(setPermission)}>
        Notify me
      </button>
    ) : null;
  return [permission === "granted", button];
}

/** Records webhook delivery attempts on the task they are about (task.json `callback.attempts`). */
import type { TaskStore } from "../store/task-store.js";
import type { TaskLocks } from "../task-locks.js";
import type { WebhookAttempt } from "../task-model.js";

export class WebhookAttempts {
  constructor(
    private readonly store: TaskStore,
    private readonly locks: TaskLocks,
  ) {}

  /** Appends one attempt; a task purged meanwhile is left alone. */
  async record(id: string, attempt: WebhookAttempt): Promise<void> {
    if (!this.store.get(id)) return;
    await this.locks.task(id, async () => {
      if (!this.store.get(id)) return;
      await this.store.update(id, (t) => {
        t.callback?.attempts.push(attempt);
      });
    });
  }
}

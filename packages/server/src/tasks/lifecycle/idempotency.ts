/**
 * Idempotency-Key handling for creates: within 24 hours a key answers with the task it
 * created (a retry after a lost response starts nothing new); the same key with a different
 * request is refused.
 */
import { createHash } from "node:crypto";
import { AppError } from "../../errors.js";
import type { TaskStore } from "../store/task-store.js";
import type { TaskLocks } from "../task-locks.js";
import { nowSeconds, type TaskRecord } from "../task-model.js";

/** How long an Idempotency-Key keeps answering with the task it created. */
const IDEMPOTENCY_WINDOW_SECONDS = 24 * 3600;

export interface CreateResult {
  task: TaskRecord;
  /** True when an earlier request with the same Idempotency-Key created the task. */
  replayed: boolean;
}

/** The task.json field that remembers which key (and which request) created a task. */
export type IdempotencyRecord = NonNullable<TaskRecord["idempotency"]>;

export class Idempotency {
  constructor(
    private readonly store: TaskStore,
    private readonly locks: TaskLocks,
  ) {}

  /**
   * The task `key` created from this same `request` in the window, or else a new one from
   * `create` (given the record to store with it); one create per key at a time.
   */
  once(key: string, request: unknown, create: (record: IdempotencyRecord) => Promise<TaskRecord>): Promise<CreateResult> {
    const fingerprint = createHash("sha256").update(JSON.stringify(request)).digest("hex");
    return this.locks.idempotencyKey(key, async () => {
      const earlier = this.store.findByIdempotencyKey(key);
      if (earlier && earlier.created_at > nowSeconds() - IDEMPOTENCY_WINDOW_SECONDS) {
        if (earlier.idempotency?.fingerprint !== fingerprint) {
          throw new AppError("idempotency_conflict", "This Idempotency-Key was used for a different request; use a new key");
        }
        return { task: earlier, replayed: true };
      }
      return { task: await create({ key, fingerprint }), replayed: false };
    });
  }
}

/**
 * The one lock discipline of the task domain. Every change to a task record, and every
 * decision about free run slots, happens under one of these locks; nothing else in tasks/
 * serialises work on them (worktrees/ also runs git's changes to one repository one at a time).
 *
 * - `idempotencyKey(key)`: one create per Idempotency-Key at a time, so a retry racing the
 *   first request finds the task it created.
 * - `scheduler()`: decisions about free slots (MAX_CONCURRENT_TASKS): counting running runs
 *   and starting queued ones.
 * - `task(id)`: every read-decide-write of one task's record (reconcile, kill, follow-up,
 *   purge, webhook attempts, a launch).
 *
 * Order: idempotency key, then scheduler, then task; at most one task lock at a time. Work
 * that must admit queued runs after changing a task does so after releasing the task lock.
 * Taking locks in another order could deadlock, so it throws at once instead: a bug, found by
 * the first test that takes that path. Work started under a lock that does not hold up its
 * holder (store change listeners, timers) runs `detached`, as a call chain of its own.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { KeyedMutex } from "../util/mutex.js";

type LockKind = "idempotency" | "scheduler" | "task";
const RANK: Record<LockKind, number> = { idempotency: 0, scheduler: 1, task: 2 };

interface Held {
  kind: LockKind;
  /** False once released: callbacks scheduled under a lock (timers) run after it. */
  holding: boolean;
}

export class LockOrderError extends Error {
  override name = "LockOrderError";
}

/** The locks held by the current async call chain. */
const held = new AsyncLocalStorage<Held[]>();

/** Runs `work` as a call chain of its own, holding no lock (it may take any, in order). */
export const detached = <T>(work: () => T): T => held.exit(work);

export class TaskLocks {
  private readonly mutex = new KeyedMutex();

  /** Runs `work` holding task `id`'s lock. */
  task<T>(id: string, work: () => Promise<T>): Promise<T> {
    return this.acquire("task", id, work);
  }

  /** Runs `work` holding the scheduler lock. */
  scheduler<T>(work: () => Promise<T>): Promise<T> {
    return this.acquire("scheduler", "\0scheduler", work);
  }

  /** Runs `work` holding the lock of one Idempotency-Key. */
  idempotencyKey<T>(key: string, work: () => Promise<T>): Promise<T> {
    return this.acquire("idempotency", `\0idempotency:${key}`, work);
  }

  private async acquire<T>(kind: LockKind, key: string, work: () => Promise<T>): Promise<T> {
    const outer = (held.getStore() ?? []).filter((h) => h.holding);
    const conflict = outer.find((h) => RANK[h.kind] >= RANK[kind]);
    if (conflict) throw new LockOrderError(`${kind} lock requested while holding a ${conflict.kind} lock`);
    const mine: Held = { kind, holding: true };
    try {
      return await held.run([...outer, mine], () => this.mutex.run(key, work));
    } finally {
      mine.holding = false;
    }
  }
}

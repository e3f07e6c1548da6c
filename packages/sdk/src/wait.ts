/** Polling until a task settles, the loop everybody otherwise writes by hand. */
import { WaitTimeoutError } from "./errors.js";
import { isSettled, type OutputReader } from "./follow.js";
import { sleep } from "./transport.js";
import type { TaskDetail } from "./types.js";

/** Options for waitForTask. */
export interface WaitOptions {
  /** Give up after this many ms with WaitTimeoutError (the task keeps running). Default: wait forever. */
  timeoutMs?: number | undefined;
  /** Poll interval in ms. Default 1000. */
  intervalMs?: number | undefined;
  /** Stops waiting (rejects with APIUserAbortError). */
  signal?: AbortSignal | undefined;
  /** Called with the task on the first poll and whenever its status changes. */
  onStatus?: ((task: TaskDetail) => void) | undefined;
}

export const DEFAULT_WAIT_INTERVAL_MS = 1_000;

/**
 * Polls a task until it has finished and no follow-up is queued or running; returns its detail.
 * Each poll asks the server to hold the answer up to `longPollSeconds` until the task finishes
 * (`GET ...?wait=`), so completion is seen at once without hammering it; servers that ignore
 * `wait` simply answer at once and the interval paces the loop.
 */
export async function waitUntilSettled(
  reader: Pick<OutputReader, "get">,
  id: string,
  options: WaitOptions = {},
  longPollSeconds = 0,
): Promise<TaskDetail> {
  const intervalMs = options.intervalMs ?? DEFAULT_WAIT_INTERVAL_MS;
  const deadline = options.timeoutMs === undefined ? Number.POSITIVE_INFINITY : Date.now() + options.timeoutMs;
  let lastStatus: string | undefined;
  for (;;) {
    const budget = Math.floor((deadline - Date.now()) / 1000);
    const wait = Math.max(0, Math.min(longPollSeconds, budget));
    const task = await reader.get(id, { signal: options.signal, ...(wait > 0 ? { wait } : {}) });
    if (task.status !== lastStatus) {
      lastStatus = task.status;
      options.onStatus?.(task);
    }
    if (isSettled(task)) return task;
    const remaining = deadline - Date.now();
    if (remaining <= 0) throw new WaitTimeoutError(id, options.timeoutMs ?? 0);
    await sleep(Math.min(intervalMs, remaining), options.signal);
  }
}

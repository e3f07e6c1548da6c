/** The lock discipline: serialised per key, and a wrong order fails at once instead of deadlocking. */
import { describe, expect, it } from "vitest";
import { detached, LockOrderError, TaskLocks } from "../../../src/tasks/task-locks.js";

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe("TaskLocks", () => {
  it("runs work on one task one at a time, in arrival order, and other tasks alongside", async () => {
    const locks = new TaskLocks();
    const events: string[] = [];
    const work = (name: string) => async () => {
      events.push(`${name} in`);
      await tick();
      events.push(`${name} out`);
    };
    await Promise.all([locks.task("a", work("a1")), locks.task("a", work("a2")), locks.task("b", work("b1"))]);
    expect(events.indexOf("a1 out")).toBeLessThan(events.indexOf("a2 in"));
    expect(events.indexOf("b1 in")).toBeLessThan(events.indexOf("a1 out"));
  });

  it("allows idempotency key, then scheduler, then task", async () => {
    const locks = new TaskLocks();
    const result = await locks.idempotencyKey("k", () => locks.scheduler(() => locks.task("a", async () => "done")));
    expect(result).toBe("done");
  });

  it("refuses the scheduler, a second task, or the same task while a task lock is held", async () => {
    const locks = new TaskLocks();
    await expect(locks.task("a", () => locks.scheduler(async () => 1))).rejects.toThrow(LockOrderError);
    await expect(locks.task("a", () => locks.task("b", async () => 1))).rejects.toThrow(LockOrderError);
    await expect(locks.task("a", () => locks.task("a", async () => 1))).rejects.toThrow(LockOrderError);
    await expect(locks.scheduler(() => locks.idempotencyKey("k", async () => 1))).rejects.toThrow(LockOrderError);
    // The refused calls released what they held.
    expect(await locks.task("a", async () => "free")).toBe("free");
  });

  it("lets work started under a lock but not awaited by it take locks once detached", async () => {
    const locks = new TaskLocks();
    let later: Promise<string> | undefined;
    await locks.task("a", async () => {
      later = detached(() => locks.scheduler(() => locks.task("a", async () => "ran after")));
    });
    expect(await later).toBe("ran after");
  });
});

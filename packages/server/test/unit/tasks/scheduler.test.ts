/** Admission in-process: slots, FIFO order, one run per task, follow-ups behind their own run. */
import { afterEach, describe, expect, it } from "vitest";
import { type Domain, startDomain } from "./harness.js";

let domain: Domain | undefined;
afterEach(async () => {
  await domain?.stop();
  domain = undefined;
});

describe("scheduler", () => {
  it("queues tasks over MAX_CONCURRENT_TASKS with their place, and starts them in order as slots free", async () => {
    domain = await startDomain({ maxConcurrentTasks: 1 });
    const { tasks } = domain;
    const first = (await tasks.create({ prompt: "sleep" })).task;
    const second = (await tasks.create({ prompt: "second" })).task;
    const third = (await tasks.create({ prompt: "third" })).task;
    expect([first.status, second.status, third.status]).toEqual(["running", "queued", "queued"]);
    expect([...tasks.queuePositions()]).toEqual([
      [second.task_id, 1],
      [third.task_id, 2],
    ]);

    await tasks.kill(first.task_id);
    const done = await Promise.all([domain.finished(second.task_id), domain.finished(third.task_id)]);
    expect(done.map((t) => t.status)).toEqual(["completed", "completed"]);
    // FIFO: the second started (and so finished) before the third started.
    const [a, b] = done.map((t) => t.runs[0]);
    expect(a?.finished_at).toBeLessThanOrEqual(b?.started_at as number);
    expect(tasks.queuePositions().size).toBe(0);
  });

  it("runs a task's follow-up only after its own run ended, then continues the log after it", async () => {
    domain = await startDomain();
    const { tasks } = domain;
    const task = (await tasks.create({ prompt: "sleep" })).task;
    const queued = await tasks.sendMessage(task.task_id, { prompt: "after" });
    expect(queued.runs.map((r) => r.state)).toEqual(["running", "queued"]);
    expect(queued.status).toBe("running");
    // Kill drops the queued follow-up as well; a new follow-up then starts at once.
    const killed = await tasks.kill(task.task_id);
    expect(killed.runs.map((r) => r.state)).toEqual(["killed", "killed"]);
    await tasks.sendMessage(task.task_id, { prompt: "again" });
    const done = await domain.finished(task.task_id);
    expect(done.status).toBe("completed");
    expect(done.runs[2]?.result?.text).toBe("did again");
    expect(done.runs[2]?.log_start).toBeGreaterThanOrEqual(done.runs[0]?.log_end as number);
  });

  it("ends a run that cannot launch in error, with the reason, and frees its slot", async () => {
    domain = await startDomain({ maxConcurrentTasks: 1 });
    const { tasks, root } = domain;
    // The workdir vanishes between create and launch: the wrapper reports it (exit 127).
    const { mkdirSync, rmSync } = await import("node:fs");
    mkdirSync(`${root}/work/gone`);
    const blocker = (await tasks.create({ prompt: "sleep" })).task;
    const doomed = (await tasks.create({ prompt: "x", workdir: "gone" })).task;
    rmSync(`${root}/work/gone`, { recursive: true });
    await tasks.kill(blocker.task_id);
    const failed = await domain.finished(doomed.task_id);
    expect(failed.status).toBe("error");
    expect(failed.runs[0]?.exit_code).toBe(127);
    expect(failed.error).toMatch(/workdir .* no longer exists/);
  });
});

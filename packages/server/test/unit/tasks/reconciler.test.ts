/** Reconciliation in-process: exit records, vanished sessions, timeouts, and what the log says. */
import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it, vi } from "vitest";
import { type Domain, startDomain } from "./harness.js";

let domain: Domain | undefined;
afterEach(async () => {
  await domain?.stop();
  domain = undefined;
});

describe("reconciler", () => {
  it("finishes a run from its exit record: state, exit code, result and where its output ends", async () => {
    domain = await startDomain();
    const task = (await domain.tasks.create({ prompt: "hello" })).task;
    const done = await domain.finished(task.task_id);
    expect(done.status).toBe("completed");
    const run = done.runs[0];
    expect(run).toMatchObject({ state: "completed", exit_code: 0, result: { text: "did hello", is_error: false } });
    expect(run?.log_end).toBeGreaterThan(0);
    expect(done.finished_at).toBe(run?.finished_at);
  });

  it("takes the reason of a failing run from its last result", async () => {
    domain = await startDomain();
    const task = (await domain.tasks.create({ prompt: "fail" })).task;
    const done = await domain.finished(task.task_id);
    expect(done).toMatchObject({ status: "error", error: "it failed" });
    expect(done.runs[0]?.exit_code).toBe(3);
  });

  it("ends a run whose tmux session vanished without an exit record in error, with a reason", async () => {
    domain = await startDomain();
    const task = (await domain.tasks.create({ prompt: "sleep" })).task;
    await domain.until(task.task_id, (t) => t.status === "running");
    // The wrapper and claude are stopped by SIGKILL, so nothing is written: only the session's
    // absence tells (tmux closes the pane once nothing holds its terminal).
    const pids = await vi.waitFor(
      async () => {
        const wrapper = await domain?.tmux.panePid(task.tmux_session);
        const children = readFileSync(`/proc/${wrapper}/task/${wrapper}/children`, "utf8").trim().split(/\s+/).map(Number);
        const all = [wrapper, ...children];
        // The wrapper and the running claude, both real processes (never 0: that is our group).
        if (all.length !== 2 || !all.every((pid) => Number.isInteger(pid) && (pid as number) > 1))
          throw new Error("not started yet");
        return all as number[];
        // The launch follows create's answer: on a loaded machine the processes take a while to appear.
      },
      { timeout: 20_000, interval: 50 },
    );
    for (const pid of pids) process.kill(pid, "SIGKILL");
    const done = await domain.finished(task.task_id);
    expect(done.status).toBe("error");
    expect(done.runs[0]?.exit_code).toBeUndefined();
    expect(done.error).toMatch(/without reporting an exit status/);
  });

  it("waits for the exit record of a run whose session vanished while its wrapper is still stopping claude", async () => {
    domain = await startDomain();
    const task = (await domain.tasks.create({ prompt: "slow to stop" })).task;
    const log = domain.paths.outputLog(task.task_id);
    await vi.waitFor(() => expect(readFileSync(log, "utf8")).toContain('"init"'), { timeout: 20_000, interval: 50 });
    // The session goes (as when tmux dies); the wrapper outlives it while claude takes a second
    // to stop, then records how the run ended. That record, not the session's absence, decides.
    await domain.tmux.killSession(task.tmux_session);
    const done = await domain.finished(task.task_id);
    const run = done.runs[0];
    expect(run).toMatchObject({ state: "error", exit_code: 129 });
    expect(done.error).toMatch(/interrupted by SIGHUP/);
    // The task and its log agree: the run's part of the log ends with its exit marker.
    const part = readFileSync(log).subarray(run?.log_start, run?.log_end).toString("utf8");
    expect(part.trimEnd().split("\n").at(-1)).toBe("__CLAUDE_EXIT_CODE_129__");
  });

  it("kills a run that outlives its timeout_seconds, with the reason", async () => {
    domain = await startDomain();
    const task = (await domain.tasks.create({ prompt: "sleep", timeout_seconds: 1 })).task;
    const done = await domain.finished(task.task_id);
    expect(done.status).toBe("killed");
    expect(done.error).toBe("Timed out after 1 seconds (timeout_seconds)");
    // The kill is recorded first, then the session is stopped.
    await vi.waitFor(async () => expect((await domain?.tmux.listSessions())?.has(task.tmux_session)).toBe(false));
  });

  it("answers a finished task from the store without asking tmux", async () => {
    domain = await startDomain();
    const task = (await domain.tasks.create({ prompt: "hello" })).task;
    const done = await domain.finished(task.task_id);
    // From now on every tmux call fails; a finished task's answer does not need one.
    domain.tmux.listSessions = () => Promise.reject(new Error("tmux is gone"));
    expect(await domain.tasks.get(task.task_id)).toBe(done);
  });
});

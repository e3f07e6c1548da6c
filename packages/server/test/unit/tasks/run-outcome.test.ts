/** How a run ended, judged from the files it left (no run is started: the files are written here). */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { observeRun, outcomeWithoutSession, wrapperAlive } from "../../../src/tasks/runs/run-outcome.js";
import { TaskPaths } from "../../../src/tasks/store/task-paths.js";
import type { TaskRecord } from "../../../src/tasks/task-model.js";
import { Tmux } from "../../../src/tmux/tmux.js";

const root = mkdtempSync(path.join(tmpdir(), "cta-outcome-"));
const paths = new TaskPaths(root);
// A private socket no server listens on: every session is gone.
const tmux = new Tmux({ bin: "tmux", socket: path.join(root, "no-server.sock"), env: {} });
afterAll(() => rmSync(root, { recursive: true, force: true }));

let n = 0;
/** A task whose run 0 started at `log_start` (null: a run of the seed server), with these files. */
function task(files: { log?: string; exit?: string; pid?: string }, logStart: number | null = 0): TaskRecord {
  const id = `1700000000-${(n++).toString(16).padStart(8, "0")}`;
  mkdirSync(paths.runsDir(id), { recursive: true });
  if (files.log !== undefined) writeFileSync(paths.outputLog(id), files.log);
  if (files.exit !== undefined) writeFileSync(paths.runExit(id, 0), files.exit);
  if (files.pid !== undefined) writeFileSync(paths.runPid(id, 0), files.pid);
  return {
    task_id: id,
    session_id: "550e8400-e29b-41d4-a716-446655440000",
    prompt: "p",
    workdir: root,
    status: "running",
    created_at: 1,
    tmux_session: `claude-${id}`,
    runs: [{ prompt: "p", state: "running", sent_at: 1, ...(logStart !== null && { log_start: logStart }) }],
  };
}

describe("observeRun", () => {
  it("takes the exit record when there is one, and a failing run's reason from its last result", async () => {
    const ok = task({ exit: '{"exit_code":0,"finished_at":5}' });
    expect(await observeRun(paths, tmux, ok, 0)).toEqual({ state: "completed", finished_at: 5, exit_code: 0 });
    const failed = task({
      exit: '{"exit_code":1,"finished_at":6}',
      log: '{"type":"result","is_error":true,"result":"bad key"}\n',
    });
    expect(await observeRun(paths, tmux, failed, 0)).toEqual({ state: "error", finished_at: 6, exit_code: 1, error: "bad key" });
    const interrupted = task({ exit: '{"exit_code":129,"finished_at":7,"signal":"SIGHUP","error":"run interrupted by SIGHUP"}' });
    expect(await observeRun(paths, tmux, interrupted, 0)).toMatchObject({ state: "error", error: "run interrupted by SIGHUP" });
  });

  it("is still-running while the session is listed, session-gone when it is not", async () => {
    const t = task({});
    expect(await observeRun(paths, tmux, t, 0, new Set([t.tmux_session]))).toBe("still-running");
    expect(await observeRun(paths, tmux, t, 0, new Set())).toBe("session-gone");
  });

  it("does not take a half-written exit record for an outcome", async () => {
    expect(await observeRun(paths, tmux, task({ exit: '{"exit_code":0,"fin' }), 0, new Set())).toBe("session-gone");
  });

  it("ends the run with the reason when its exit record is whole but cannot be understood", async () => {
    const newer = task({ exit: '{"protocol":2,"exit_code":0,"finished_at":5}' });
    expect(await observeRun(paths, tmux, newer, 0, new Set([newer.tmux_session]))).toMatchObject({
      state: "error",
      error: expect.stringMatching(/^The run ended, but the run's exit record uses run protocol 2, newer than/),
    });
    const wrong = task({ exit: '{"exit_code":"0","finished_at":5}' });
    expect(await observeRun(paths, tmux, wrong, 0)).toMatchObject({
      state: "error",
      error: expect.stringMatching(/^The run ended, but the run's exit record is not valid: exit_code: /),
    });
  });
});

describe("outcomeWithoutSession", () => {
  it("takes an exit record that is not whole for what it is once the wrapper is gone", async () => {
    const cut = task({ exit: '{"exit_code":0,"fin', pid: "1", log: "__CLAUDE_EXIT_CODE_0__\n" });
    expect(await outcomeWithoutSession(paths, cut, 0)).toMatchObject({
      state: "error",
      error: "The run ended, but the run's exit record is not JSON",
    });
  });

  it("says never-started when the wrapper never wrote its pid", async () => {
    expect(await outcomeWithoutSession(paths, task({}), 0)).toBe("never-started");
  });

  it("judges a seed server's run by the exit marker its log ends with", async () => {
    const seed = task({ log: '{"type":"result","result":"ok"}\n__CLAUDE_EXIT_CODE_0__\n' }, null);
    expect(await outcomeWithoutSession(paths, seed, 0)).toMatchObject({ state: "completed", exit_code: 0 });
  });

  it("does not take a line that merely mentions the marker for the run's end", async () => {
    const t = task({ pid: "1", log: "echo __CLAUDE_EXIT_CODE_0__\n" });
    const outcome = await outcomeWithoutSession(paths, t, 0);
    expect(outcome).toMatchObject({ state: "error" });
    expect(outcome === "never-started" ? undefined : outcome.exit_code).toBeUndefined();
  });

  it("ignores a marker written before this run started", async () => {
    const log = "__CLAUDE_EXIT_CODE_0__\n";
    const t = task({ pid: "1", log }, log.length);
    expect(await outcomeWithoutSession(paths, t, 0)).toMatchObject({
      state: "error",
      error: expect.stringMatching(/without reporting/),
    });
  });
});

describe("wrapperAlive", () => {
  it("is false for a missing pid file and for a pid that is not this run's wrapper", async () => {
    expect(await wrapperAlive(paths, task({}).task_id, 0)).toBe(false);
    // Our own pid is alive, but it is not run-task for this task: a reused pid.
    expect(await wrapperAlive(paths, task({ pid: String(process.pid) }).task_id, 0)).toBe(false);
  });
});

/**
 * Reading a running task (issue 12, item 3): wrk on GET /tasks/{id} of a task whose
 * claude run is in progress, in alternating slices with the same request for a finished task
 * (the reference: its answer needs nothing but memory). tmux is a wrapper that counts its
 * invocations, so the table also says how many tmux processes the reads started (the monitor's
 * own sweep, one `list-sessions` every 500 ms, is subtracted). Target: a running task is read at
 * least half as fast as a finished one.
 */
import { execFileSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { writeTask } from "./read-cost.mjs";
import { startBenchServer } from "./server.mjs";
import { verdict } from "./stats.mjs";
import { wrk } from "./wrk.mjs";

const CONNECTIONS = 10;
const SLICE_S = 3;
const ROUNDS = 3;
const SWEEP_MS = 500;

/**
 * The same measurement on main at 4916b18 (each read of a running task ran `tmux`), same
 * machine, 2026-11-30: `node tools/bench/src/run.mjs running-reads` in a worktree of it.
 */
const BEFORE = { running: 83, finished: 4543, tmuxPerRead: 1006.7 };

const load = (url, headers, seconds) => wrk(url, { headers, seconds, threads: 2, connections: CONNECTIONS });

export async function runningReads() {
  const dir = mkdtempSync(path.join(tmpdir(), "cta-bench-tmux-"));
  const calls = path.join(dir, "calls.log");
  writeFileSync(calls, "");
  const realTmux = execFileSync("sh", ["-c", "command -v tmux"], { encoding: "utf8" }).trim();
  const wrapper = path.join(dir, "tmux");
  writeFileSync(wrapper, `#!/bin/sh\necho "$*" >> '${calls}'\nexec '${realTmux}' "$@"\n`);
  chmodSync(wrapper, 0o755);
  const tmuxCalls = () => readFileSync(calls, "utf8").split("\n").filter(Boolean).length;

  const { server, call, headers } = await startBenchServer({ TMUX_BIN: wrapper });
  const finishedId = "1700000000-0000fead";
  try {
    await server.shutdown();
    writeTask(server.tasksDir, finishedId, 1024);
    await server.restart();
    const running = (await call("POST", "/api/claude/tasks", { prompt: "@sleep 600000\n@reply never" })).json.task_id;
    const deadline = Date.now() + 60_000;
    while (server.model.requests.length === 0) {
      if (Date.now() > deadline) throw new Error("the run never reached the model");
      await new Promise((r) => setTimeout(r, 100));
    }
    const url = (id) => `${server.url}/api/claude/tasks/${id}`;
    for (const id of [running, finishedId]) await load(url(id), headers, 1);
    const totals = {
      running: { requests: 0, seconds: 0, errors: 0, tmux: 0, ms: 0 },
      finished: { requests: 0, seconds: 0, errors: 0 },
    };
    for (let round = 0; round < ROUNDS; round++) {
      const before = tmuxCalls();
      const t0 = performance.now();
      const r = await load(url(running), headers, SLICE_S);
      const ms = performance.now() - t0;
      totals.running.tmux += tmuxCalls() - before;
      totals.running.ms += ms;
      totals.running.requests += r.requests;
      totals.running.seconds += SLICE_S;
      totals.running.errors += r.failed;
      const f = await load(url(finishedId), headers, SLICE_S);
      totals.finished.requests += f.requests;
      totals.finished.seconds += SLICE_S;
      totals.finished.errors += f.failed;
    }
    await call("DELETE", `/api/claude/tasks/${running}`);
    const rate = (t) => t.requests / t.seconds;
    const sweeps = Math.ceil(totals.running.ms / SWEEP_MS);
    const byReads = Math.max(0, totals.running.tmux - sweeps);
    const perThousand = (1000 * byReads) / Math.max(1, totals.running.requests);
    const ratio = rate(totals.running) / rate(totals.finished);
    const fmtRate = (v) => Math.round(v).toLocaleString("en");
    return {
      title: `Reading a running task: GET /tasks/{id}, ${CONNECTIONS} connections, ${ROUNDS} × ${SLICE_S} s slices alternating with a finished task`,
      header: [
        "server",
        "running task req/s",
        "finished task req/s",
        "running / finished",
        "tmux runs per 1,000 reads",
        "errors",
        "target",
      ],
      rows: [
        [
          "this build",
          fmtRate(rate(totals.running)),
          fmtRate(rate(totals.finished)),
          ratio.toFixed(2),
          perThousand.toFixed(1),
          String(totals.running.errors + totals.finished.errors),
          verdict(ratio >= 0.5 && totals.running.errors + totals.finished.errors === 0, "≥ 0.5, no errors"),
        ],
        [
          "before the fix (main 4916b18, recorded)",
          fmtRate(BEFORE.running),
          fmtRate(BEFORE.finished),
          (BEFORE.running / BEFORE.finished).toFixed(2),
          BEFORE.tmuxPerRead.toFixed(1),
          "",
          "",
        ],
      ],
      notes: [
        `tmux runs counted by a wrapper (TMUX_BIN); the monitor's own sweeps (${sweeps}, one per ${SWEEP_MS} ms of the running slices) are not counted against the reads.`,
        "The before-the-fix row was recorded with autocannon (a Node client); this build's rows use wrk.",
      ],
    };
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

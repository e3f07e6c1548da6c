/**
 * Create latency: POST /tasks median and p99, next to a bare `tmux new-session -d` of the same
 * command (the run wrapper running the real claude CLI against the scripted model), taken
 * alternately on the same tmux server. Target: at most 15 ms of overhead at the median.
 * Then 30 concurrent creates, answered as soon as each is recorded while 30 CLIs start
 * (target: p95 under 2 s on 2 cores): all 201, unique ids, every task.json there and valid,
 * every task listed and finished.
 */
import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { claudeBinary, scriptedClaudeEnv, serverEntry } from "@claude-task-api/testkit";
import { finished, sleep, startBenchServer } from "./server.mjs";
import { fmt, median, quantile, verdict } from "./stats.mjs";

const run = promisify(execFile);
const SAMPLES = 30;
const BURST = 30;
/** The longest the 95th percentile of the concurrent creates may take. */
const BURST_P95_TARGET_MS = 2000;
const runner = path.join(path.dirname(serverEntry), "runner", "run-task.js");

/** Prepares what the server would write for one run (prompt, spec), outside the timed part. */
function referenceSpec(server, dir, i) {
  const spec = {
    argv: [
      claudeBinary(),
      "-p",
      "--verbose",
      "--output-format",
      "stream-json",
      "--session-id",
      randomUUID(),
      "--permission-mode",
      "bypassPermissions",
    ],
    cwd: server.workdirRoot,
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", ...scriptedClaudeEnv(server.model.url, server.home) },
    promptFile: path.join(dir, `${i}.prompt`),
    outputLog: path.join(dir, `${i}.log`),
    exitFile: path.join(dir, `${i}.exit.json`),
  };
  writeFileSync(spec.promptFile, "@reply ok");
  const file = path.join(dir, `${i}.spec.json`);
  writeFileSync(file, JSON.stringify(spec));
  return file;
}

export async function createLatency() {
  const { server, call } = await startBenchServer();
  try {
    const refDir = path.join(server.root, "reference-runs");
    mkdirSync(refDir);
    const api = [];
    const bare = [];
    const ids = [];
    const reference = async (i) => {
      const spec = referenceSpec(server, refDir, i);
      const t0 = performance.now();
      await run("tmux", [
        "-S",
        server.tmuxSocket,
        "new-session",
        "-d",
        "-s",
        `ref-${i}`,
        "-c",
        server.workdirRoot,
        "-x",
        "200",
        "-y",
        "50",
        "--",
        process.execPath,
        runner,
        spec,
      ]);
      return performance.now() - t0;
    };
    const create = async () => {
      const res = await call("POST", "/api/claude/tasks", { prompt: "@reply ok" });
      if (res.status !== 201) throw new Error(`create answered ${res.status}: ${res.text}`);
      ids.push(res.json.task_id);
      return res.ms;
    };
    for (let i = 0; i < SAMPLES + 3; i++) {
      // Alternate which goes first, and let each claude start-up (~0.5 s of CPU) pass before
      // the next sample, so neither side queues on the CPU behind the other's claude.
      const pair = [];
      for (const side of i % 2 ? ["api", "ref"] : ["ref", "api"]) {
        pair.push([side, side === "api" ? await create() : await reference(i)]);
        await sleep(700);
      }
      if (i < 3) continue; // warm-up
      for (const [side, ms] of pair) (side === "api" ? api : bare).push(ms);
    }
    for (const id of ids) await finished(call, id);
    const overhead = median(api) - median(bare);

    // The burst: everything at once.
    const t0 = performance.now();
    const burst = await Promise.all(
      Array.from({ length: BURST }, (_, i) => call("POST", "/api/claude/tasks", { prompt: `@reply burst ${i}` })),
    );
    const burstWall = performance.now() - t0;
    const statuses = burst.map((r) => r.status);
    const burstIds = burst.map((r) => r.json?.task_id);
    const unique = new Set(burstIds).size;
    const listed = new Set((await call("GET", "/api/claude/tasks")).json.tasks.map((t) => t.task_id));
    let valid = 0;
    for (const id of burstIds) {
      try {
        if (JSON.parse(readFileSync(path.join(server.tasksDir, id, "task.json"), "utf8")).task_id === id && listed.has(id))
          valid++;
      } catch {
        // Missing or corrupt: not counted.
      }
    }
    const done = await Promise.all(burstIds.map((id) => finished(call, id, 300_000)));
    const completed = done.filter((t) => t.status === "completed").length;
    const burstOk = statuses.every((s) => s === 201) && unique === BURST && valid === BURST && completed === BURST;
    const burstMs = burst.map((r) => r.ms);
    const burstP95 = quantile(burstMs, 0.95);

    return {
      title: "Create latency: POST /tasks vs a bare `tmux new-session -d` of the same command",
      header: ["measure", "median", "p99", "reference median", "reference p99", "overhead at median", "target"],
      rows: [
        [
          `POST /tasks, one at a time (${SAMPLES})`,
          fmt(median(api)),
          fmt(quantile(api, 0.99)),
          fmt(median(bare)),
          fmt(quantile(bare, 0.99)),
          fmt(overhead),
          verdict(overhead <= 15, "≤ 15 ms"),
        ],
        [
          `${BURST} concurrent creates`,
          fmt(median(burstMs)),
          fmt(quantile(burstMs, 0.99)),
          "",
          "",
          `p95 ${fmt(burstP95)}; ${statuses.filter((s) => s === 201).length}/${BURST} 201, ${unique} unique ids, ${valid} task.json, ${completed} completed; ${fmt(burstWall)} wall`,
          verdict(burstOk && burstP95 < BURST_P95_TARGET_MS, "p95 < 2 s, all 201, none lost"),
        ],
      ],
    };
  } finally {
    await server.stop();
  }
}

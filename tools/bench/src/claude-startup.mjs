/**
 * Where a task's time goes: the claude CLI's own start-up dominates. One trivial turn against
 * the scripted model, run directly (no server, no tmux), next to a bare `node -e ""` and to the
 * whole API path (POST /tasks, then GET ?wait= until completed). Reported, no target.
 */
import { spawn } from "node:child_process";
import { claudeBinary, scriptedClaudeEnv } from "@claude-task-api/testkit";
import { finished, startBenchServer } from "./server.mjs";
import { fmt, median } from "./stats.mjs";

const RUNS = 5;

/** Runs a command with `input` on stdin; resolves with ms to its first stdout byte and to its exit. */
function timeRun(cmd, args, env, input, cwd) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    let first;
    const child = spawn(cmd, args, { env, cwd, stdio: ["pipe", "pipe", "ignore"] });
    child.stdout.on("data", () => {
      first ??= performance.now() - t0;
    });
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0 ? resolve({ first: first ?? 0, total: performance.now() - t0 }) : reject(new Error(`${cmd} exited ${code}`)),
    );
    child.stdin.end(input);
  });
}

export async function claudeStartup() {
  const { server, call } = await startBenchServer();
  try {
    const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", ...scriptedClaudeEnv(server.model.url, server.home) };
    const args = ["-p", "--verbose", "--output-format", "stream-json", "--permission-mode", "bypassPermissions"];
    const node = [];
    const cli = [];
    const viaApi = [];
    for (let i = 0; i < RUNS + 1; i++) {
      const n = await timeRun(process.execPath, ["-e", ""], env, "", server.workdirRoot);
      const c = await timeRun(claudeBinary(), args, env, "@reply hi", server.workdirRoot);
      const t0 = performance.now();
      const res = await call("POST", "/api/claude/tasks", { prompt: "@reply hi" });
      const done = await finished(call, res.json.task_id);
      if (done.status !== "completed") throw new Error(`API task ended ${done.status}`);
      if (i === 0) continue; // warm-up: first runs fill the page cache
      node.push(n.total);
      cli.push(c);
      viaApi.push(performance.now() - t0);
    }
    const cliTotal = median(cli.map((c) => c.total));
    return {
      title: "Where a task's time goes: one trivial turn (scripted model)",
      header: ["path", "median", "share of the API path"],
      rows: [
        ['bare `node -e ""` (process start floor)', fmt(median(node)), ""],
        ["claude CLI: first stream-json line", fmt(median(cli.map((c) => c.first))), ""],
        [
          "claude CLI: whole run (start-up + one model call + exit)",
          fmt(cliTotal),
          `${((cliTotal / median(viaApi)) * 100).toFixed(0)}%`,
        ],
        ["API: POST /tasks → completed (tmux, wrapper, CLI, monitor)", fmt(median(viaApi)), "100%"],
      ],
    };
  } finally {
    await server.stop();
  }
}

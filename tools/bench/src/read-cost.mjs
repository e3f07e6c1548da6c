/**
 * Read cost against log size: GET /tasks/{id} and /output?tail=50 for a task with a 1 KB log
 * and one with a 1 GB log, measured interleaved in one run against the real server.
 * Target: the 1 GB / 1 KB ratio of medians stays at most 1.5 (reads go backwards from the end).
 */
import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from "node:fs";
import path from "node:path";
import { startBenchServer } from "./server.mjs";
import { fmt, median, quantile, verdict } from "./stats.mjs";

const GIB = 1024 ** 3;
const WARMUP = 20;

/** A finished task written straight to disk, with a log of `logBytes` stream-json lines. */
export function writeTask(tasksDir, id, logBytes, createdAt = Date.now() / 1000) {
  const dir = path.join(tasksDir, id);
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    path.join(dir, "task.json"),
    JSON.stringify({
      task_id: id,
      session_id: "550e8400-e29b-41d4-a716-446655440000",
      prompt: `bench task ${id}`,
      workdir: "/tmp",
      status: "completed",
      created_at: createdAt,
      finished_at: createdAt,
      tmux_session: `claude-${id}`,
    }),
  );
  const line = `${JSON.stringify({ type: "assistant", message: { role: "assistant", content: [{ type: "text", text: "x".repeat(180) }] } })}\n`;
  const block = Buffer.from(line.repeat(Math.max(1, Math.ceil(Math.min(logBytes, 1024 * 1024) / line.length))));
  const fd = openSync(path.join(dir, "output.log"), "w");
  let written = 0;
  while (written < logBytes) {
    const chunk = block.subarray(0, Math.min(block.length, logBytes - written));
    writeSync(fd, chunk);
    written += chunk.length;
  }
  writeSync(fd, "__CLAUDE_EXIT_CODE_0__\n");
  closeSync(fd);
}

export async function readCost({ iterations = 200 } = {}) {
  const { server, call } = await startBenchServer();
  try {
    await server.shutdown();
    const small = "1700000000-00000001";
    const big = "1700000000-00000002";
    writeTask(server.tasksDir, small, 1024);
    writeTask(server.tasksDir, big, GIB);
    await server.restart();
    const cases = {
      "GET /tasks/{id}": (id) => `/api/claude/tasks/${id}`,
      "GET /output?tail=50": (id) => `/api/claude/tasks/${id}/output?tail=50`,
    };
    const samples = Object.fromEntries(Object.keys(cases).map((k) => [k, { small: [], big: [] }]));
    for (let i = 0; i < iterations + WARMUP; i++) {
      for (const [name, url] of Object.entries(cases)) {
        // Interleave sizes (alternating which goes first) so machine noise hits both alike.
        const order = i % 2 ? [small, big] : [big, small];
        for (const id of order) {
          const res = await call("GET", url(id));
          if (res.status !== 200) throw new Error(`${url(id)} answered ${res.status}`);
          if (i >= WARMUP) samples[name][id === small ? "small" : "big"].push(res.ms);
        }
      }
    }
    const rows = Object.entries(samples).map(([name, s]) => {
      const ratio = median(s.big) / median(s.small);
      return [
        name,
        fmt(median(s.small)),
        fmt(median(s.big)),
        fmt(quantile(s.small, 0.99)),
        fmt(quantile(s.big, 0.99)),
        ratio.toFixed(2),
        verdict(ratio <= 1.5, "≤ 1.5"),
      ];
    });
    return {
      title: "Read cost: 1 KB log vs 1 GB log (interleaved)",
      header: ["request", "median 1 KB", "median 1 GB", "p99 1 KB", "p99 1 GB", "ratio 1 GB / 1 KB", "target"],
      rows,
    };
  } finally {
    await server.stop();
  }
}

/**
 * Read cost against log size: GET /tasks/{id} and /output?tail=50 for a task with a 1 KB log
 * and one with a 1 GB log, measured interleaved in one run against the real server.
 * Target (issue: server core / stress): the 1 GB / 1 KB ratio stays at most 1.5.
 */
import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from "node:fs";
import path from "node:path";
import { startTestServer } from "@claude-task-api/testkit";
import { fmt, median, quantile } from "./stats.mjs";

const GIB = 1024 ** 3;

function writeTask(tasksDir, id, logBytes) {
  const dir = path.join(tasksDir, id);
  mkdirSync(dir, { recursive: true });
  const now = Date.now() / 1000;
  writeFileSync(
    path.join(dir, "task.json"),
    JSON.stringify({
      task_id: id,
      session_id: "550e8400-e29b-41d4-a716-446655440000",
      prompt: "bench",
      workdir: "/tmp",
      status: "completed",
      created_at: now,
      finished_at: now,
      tmux_session: `claude-${id}`,
    }),
  );
  const line = `${JSON.stringify({ type: "assistant", message: { role: "assistant", content: [{ type: "text", text: "x".repeat(180) }] } })}\n`;
  const block = Buffer.from(line.repeat(Math.ceil((1024 * 1024) / line.length)));
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

export async function readCost({ iterations = 300 } = {}) {
  const server = await startTestServer();
  try {
    await server.shutdown();
    const small = "1700000000-00000001";
    const big = "1700000000-00000002";
    writeTask(server.tasksDir, small, 1024);
    writeTask(server.tasksDir, big, GIB);
    await server.restart();
    const headers = { authorization: `Bearer ${server.token}` };
    const time = async (p) => {
      const t0 = performance.now();
      const res = await fetch(`${server.url}${p}`, { headers });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`${p} answered ${res.status}`);
      return performance.now() - t0;
    };
    const cases = {
      "GET /tasks/{id}": (id) => `/api/claude/tasks/${id}`,
      "GET /output?tail=50": (id) => `/api/claude/tasks/${id}/output?tail=50`,
    };
    const samples = Object.fromEntries(Object.keys(cases).map((k) => [k, { small: [], big: [] }]));
    for (let i = 0; i < iterations + 20; i++) {
      for (const [name, url] of Object.entries(cases)) {
        // Interleave sizes so machine noise hits both alike; the first 20 rounds are warm-up.
        const order =
          i % 2
            ? [
                ["small", small],
                ["big", big],
              ]
            : [
                ["big", big],
                ["small", small],
              ];
        for (const [size, id] of order) {
          const ms = await time(url(id));
          if (i >= 20) samples[name][size].push(ms);
        }
      }
    }
    return Object.entries(samples).map(([name, s]) => {
      const ratio = median(s.big) / median(s.small);
      return [
        name,
        fmt(median(s.small)),
        fmt(median(s.big)),
        fmt(quantile(s.small, 0.99)),
        fmt(quantile(s.big, 0.99)),
        ratio.toFixed(2),
        ratio <= 1.5 ? "ok (≤ 1.5)" : "MISSED (> 1.5)",
      ];
    });
  } finally {
    await server.stop();
  }
}

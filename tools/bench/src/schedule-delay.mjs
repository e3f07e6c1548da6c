/**
 * Schedule fire delay: 100 schedules that all fire at the same second, twice; for each fire, the
 * time from its `scheduled_for` to its task's `created_at`. Target: p99 under 1 s. claude is
 * a stub that exits at once (as in the fuzz suite): this measures the scheduler, the store and
 * the launch of 100 tmux sessions at one moment, not 100 claude CLIs starting (about 0.5 s of
 * CPU each), which a real workspace would never start at one second.
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { startBenchServer } from "./server.mjs";
import { fmt, median, quantile, verdict } from "./stats.mjs";

const SCHEDULES = 100;
const ROUNDS = 2;
/** Every 20 s: time for one round's 100 runs to end before the next. */
const CRON = "*/20 * * * * *";
const P99_TARGET_MS = 1000;
/** Answers `--version` like claude (readiness asks), then one successful result. */
const STUB = `#!/bin/sh\n[ "$1" = --version ] && { echo "2.1.328 (Claude Code)"; exit 0; }\ncat >/dev/null\necho '{"type":"result","subtype":"success","is_error":false,"result":"stub"}'\n`;

export async function scheduleDelay() {
  const stub = path.join(mkdtempSync(path.join(tmpdir(), "cta-bench-stub-")), "claude");
  writeFileSync(stub, STUB);
  chmodSync(stub, 0o755);
  const { server, call } = await startBenchServer({ CLAUDE_BIN: stub });
  try {
    const ids = [];
    for (let i = 0; i < SCHEDULES; i++) {
      const res = await call("POST", "/api/claude/schedules", {
        name: `bench ${i}`,
        cron: CRON,
        overlap: "allow",
        task: { prompt: "bench" },
      });
      if (res.status !== 201) throw new Error(`create schedule answered ${res.status}: ${res.text}`);
      ids.push(res.json.schedule_id);
    }
    // Wait for the facts: every schedule has recorded ROUNDS fires.
    const deadline = Date.now() + 120_000;
    let fires = [];
    while (Date.now() < deadline) {
      const list = (await call("GET", "/api/claude/schedules")).json.schedules;
      fires = list.flatMap((s) => s.fires.slice(0, ROUNDS));
      if (list.every((s) => s.fires.length >= ROUNDS)) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    if (fires.length < SCHEDULES * ROUNDS) throw new Error(`only ${fires.length} of ${SCHEDULES * ROUNDS} fires recorded`);
    const notCreated = fires.filter((f) => f.outcome !== "created");
    if (notCreated.length) throw new Error(`${notCreated.length} fires not created: ${JSON.stringify(notCreated[0])}`);
    const delays = [];
    for (const fire of fires) {
      const task = (await call("GET", `/api/claude/tasks/${fire.task_id}`)).json;
      delays.push((task.created_at - fire.scheduled_for) * 1000);
    }
    for (const id of ids) await call("DELETE", `/api/claude/schedules/${id}`);
    const p99 = quantile(delays, 0.99);
    return {
      title: `Schedule fire delay: ${SCHEDULES} schedules firing at the same second, ${ROUNDS} rounds (scheduled_for to the task's creation)`,
      header: ["fires", "median", "p99", "max", "target"],
      rows: [
        [
          String(delays.length),
          fmt(median(delays)),
          fmt(p99),
          fmt(Math.max(...delays)),
          verdict(p99 < P99_TARGET_MS, "p99 < 1 s"),
        ],
      ],
      notes: ["claude is a stub that exits at once: the figure is the scheduler's, not the CLI's start-up."],
    };
  } finally {
    await server.stop();
    rmSync(path.dirname(stub), { recursive: true, force: true });
  }
}

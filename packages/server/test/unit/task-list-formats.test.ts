/**
 * The full list reads records of every format the same way: a seed-format task.json (no
 * `runs`) and one this version wrote give the same summary, from memory, converted once at
 * load; a change to the store shows in the next list (remembered summaries never go stale).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import type { ResponseViolation } from "../../src/http/response-check/response-check.js";
import { createRuntime, type Runtime } from "../../src/runtime.js";
import { silentLogger } from "../../src/util/logger.js";
import { writeFinishedTask } from "../helpers/seed-tasks.js";

const root = mkdtempSync(path.join(tmpdir(), "cta-list-formats-"));
const tasksDir = path.join(root, "tasks");
const SEED = "1707200000-00000001";
const OWN = "1707200000-00000002";
let runtime: Runtime;
let app: ReturnType<typeof createApp>;
let token: string;

/** Every answer these tests see must be one openapi.yaml declares (http/response-check). */
const violations: ResponseViolation[] = [];
afterEach(() => {
  expect(violations.splice(0)).toEqual([]);
});

beforeAll(async () => {
  writeFinishedTask(tasksDir, SEED, 1707200000, { prompt: "same prompt" });
  mkdirSync(path.join(tasksDir, OWN, "runs"), { recursive: true });
  writeFileSync(
    path.join(tasksDir, OWN, "task.json"),
    JSON.stringify({
      task_id: OWN,
      session_id: "550e8400-e29b-41d4-a716-446655440000",
      workdir: "/tmp",
      status: "completed",
      created_at: 1707200000,
      finished_at: 1707200001,
      tmux_session: `claude-${OWN}`,
      runs: [{ prompt: "same prompt", state: "completed", sent_at: 1707200000, started_at: 1707200000, finished_at: 1707200001 }],
      format: 3,
    }),
  );
  const config = loadConfig({
    HOME: root,
    PATH: process.env.PATH,
    TASKS_DIR: tasksDir,
    TMUX_SOCKET: path.join(root, "tmux.sock"),
  });
  runtime = await createRuntime(config, { runnerScript: "/nonexistent", log: silentLogger });
  app = createApp(runtime.services, { maxBodyBytes: config.maxBodyBytes, checkResponses: (v) => violations.push(v) });
  token = await runtime.services.tokens.get();
});
afterAll(async () => {
  await runtime.stop();
  rmSync(root, { recursive: true, force: true });
});

const list = async () =>
  (await (await app.request("/api/claude/tasks", { headers: { authorization: `Bearer ${token}` } })).json()) as {
    tasks: Array<Record<string, unknown>>;
  };

describe("the full list over records of both formats", () => {
  it("gives a seed-format record and an own-format one the same summary", async () => {
    const { tasks } = await list();
    const byId = Object.fromEntries(tasks.map((t) => [t.task_id, t]));
    const { task_id: _a, ...seed } = byId[SEED] as Record<string, unknown>;
    const { task_id: _b, ...own } = byId[OWN] as Record<string, unknown>;
    expect(seed).toEqual(own);
    expect(seed).toEqual({
      prompt: "same prompt",
      status: "completed",
      created_at: 1707200000,
      finished_at: 1707200001,
      total_cost_usd: 0,
    });
    // Asked again, from what was remembered: the same answer.
    expect(await list()).toEqual({ tasks });
  });

  it("shows a change to the store in the next list", async () => {
    const res = await app.request(`/api/claude/tasks/${SEED}?purge=true`, {
      method: "DELETE",
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
    expect((await list()).tasks.map((t) => t.task_id)).toEqual([OWN]);
  });
});

/**
 * Existing workspaces upgrade in place: a TASKS_DIR written by the seed's Python server is
 * read and served without loss, and junk in it is skipped, never fatal.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { startTestServer, type TestServer } from "@claude-task-api/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api } from "../helpers/api.js";

let server: TestServer;
let t: ReturnType<typeof api>;

const CONTINUED = "1707000000-a1b2c3d4";

const seedTasks = {
  "1707000000-a1b2c3d4": {
    task: {
      task_id: "1707000000-a1b2c3d4",
      session_id: "550e8400-e29b-41d4-a716-446655440000",
      prompt: "Create a Python script that prints hello world",
      workdir: "/home/dev/myproject",
      status: "completed",
      created_at: 1707000000.123,
      tmux_session: "claude-1707000000-a1b2c3d4",
      finished_at: 1707000045.678,
      followups: [{ prompt: "Now add unit tests for that script", sent_at: 1707000100.789 }],
      custom_note: "a field this version does not know",
    },
    log: '{"type":"system","subtype":"init"}\n{"type":"result","subtype":"success","result":"ok"}\n__CLAUDE_EXIT_CODE_0__\n',
  },
  // Was running when the old server stopped; its session is gone and its log says it failed.
  "1707000500-0badc0de": {
    task: {
      task_id: "1707000500-0badc0de",
      session_id: "650e8400-e29b-41d4-a716-446655440000",
      prompt: "Fix the bug",
      workdir: "/home/dev",
      status: "running",
      created_at: 1707000500.5,
      tmux_session: "claude-1707000500-0badc0de",
      error: null,
    },
    log: '{"type":"result","subtype":"success","is_error":true,"result":"API Error: 401"}\n__CLAUDE_EXIT_CODE_1__\n',
  },
  "1706999000-e5f6a7b8": {
    task: {
      task_id: "1706999000-e5f6a7b8",
      session_id: "750e8400-e29b-41d4-a716-446655440000",
      prompt: "Killed one",
      workdir: "/home/dev",
      status: "killed",
      created_at: 1706999000.456,
      tmux_session: "claude-1706999000-e5f6a7b8",
      killed_at: 1706999100.1,
    },
    log: "",
  },
};

beforeAll(async () => {
  server = await startTestServer();
  await server.shutdown();
  for (const [id, { task, log }] of Object.entries(seedTasks)) {
    mkdirSync(path.join(server.tasksDir, id));
    // The task that gets a follow-up lives inside WORKDIR_ROOT (a follow-up's workdir is checked again).
    const workdir = id === CONTINUED ? server.workdirRoot : task.workdir;
    writeFileSync(path.join(server.tasksDir, id, "task.json"), JSON.stringify({ ...task, workdir }, null, 2));
    writeFileSync(path.join(server.tasksDir, id, "output.log"), log);
  }
  mkdirSync(path.join(server.tasksDir, "1707000600-00000000"));
  writeFileSync(path.join(server.tasksDir, "1707000600-00000000", "task.json"), '{"task_id": "1707000600-000');
  mkdirSync(path.join(server.tasksDir, "1707000700-11111111"));
  writeFileSync(
    path.join(server.tasksDir, "1707000700-11111111", "task.json"),
    JSON.stringify({ task_id: "1707000700-11111111", status: 7 }),
  );
  mkdirSync(path.join(server.tasksDir, "not-a-task"));
  writeFileSync(path.join(server.tasksDir, "stray.txt"), "hello");
  await server.restart();
  t = api(server);
});
afterAll(() => server?.stop());

describe("a TASKS_DIR from the seed server", () => {
  it("lists every valid task, newest first, and skips corrupt entries with a warning", async () => {
    const res = await t.list();
    expect(res.status).toBe(200);
    expect(res.json.tasks.map((x: { task_id: string }) => x.task_id)).toEqual([
      "1707000500-0badc0de",
      "1707000000-a1b2c3d4",
      "1706999000-e5f6a7b8",
    ]);
    const warnings = await server.waitForLog(
      "the three skipped entries",
      (line) => line.level === "warn" && line.msg.startsWith("skipping "),
      3,
    );
    expect(warnings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ msg: "skipping unreadable task", task_id: "1707000600-00000000" }),
        expect.objectContaining({ msg: "skipping unreadable task", task_id: "1707000700-11111111" }),
        expect.objectContaining({ msg: "skipping unknown entry in TASKS_DIR", entry: "not-a-task" }),
      ]),
    );
  });

  it("serves a seed task with its fields and follow-ups intact", async () => {
    const res = await t.get("1707000000-a1b2c3d4");
    const seed = seedTasks["1707000000-a1b2c3d4"].task;
    expect(res.json).toMatchObject({
      task_id: seed.task_id,
      session_id: seed.session_id,
      prompt: seed.prompt,
      workdir: server.workdirRoot,
      status: "completed",
      created_at: seed.created_at,
      finished_at: seed.finished_at,
      tmux_session: seed.tmux_session,
      recent_output: seedTasks["1707000000-a1b2c3d4"].log,
    });
    expect(res.json.followups).toEqual([
      expect.objectContaining({ prompt: seed.followups[0]?.prompt, sent_at: seed.followups[0]?.sent_at }),
    ]);
  });

  it("reconciles a seed task that was left running from its log's exit marker", async () => {
    // A vanished session is believed once it is still gone a moment later.
    const done = await t.finished("1707000500-0badc0de");
    expect(done.status).toBe("error");
    expect(done.error).toBe("API Error: 401");
  });

  it("keeps unknown fields when it rewrites a seed task.json", async () => {
    await t.message("1707000000-a1b2c3d4", "@reply continuing an old task");
    const file = JSON.parse(readFileSync(path.join(server.tasksDir, "1707000000-a1b2c3d4", "task.json"), "utf8"));
    expect(file.custom_note).toBe("a field this version does not know");
    // Rewritten in this version's format: every prompt once, in its run.
    expect(file.format).toBe(4);
    expect(file.runs[1]).toMatchObject({ prompt: "Now add unit tests for that script", sent_at: 1707000100.789 });
    expect(file.runs).toHaveLength(3);
    expect(file.finished_at === undefined || typeof file.finished_at === "number").toBe(true);
  });
});

/** The documented task lifecycle over real HTTP, real tmux and the real claude CLI. */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { startTestServer, type TestServer } from "@claude-task-api/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, events } from "../helpers/api.js";

let server: TestServer;
let t: ReturnType<typeof api>;
const LONG_PROMPT = `@reply ok\n${"x".repeat(300)}`;
// Finished tasks for the tests that read what the server keeps (a log, the list), not a run:
// written before the server starts, in an order that is not their times.
const at = Math.floor(Date.now() / 1000) - 60;
let seeded: { log: string; older: string; long: string; newer: string };

beforeAll(async () => {
  server = await startTestServer({
    seed: [
      { createdAt: at - 30, n: 1, prompt: "@reply tail me" },
      { createdAt: at - 20, n: 2, prompt: "@reply older" },
      { createdAt: at, n: 3, prompt: LONG_PROMPT },
      { createdAt: at - 10, n: 4, prompt: "@reply newer" },
    ],
  });
  const [log, older, long, newer] = server.seeded as [string, string, string, string];
  seeded = { log, older, long, newer };
  t = api(server);
});
afterAll(() => server?.stop());

describe("a task from start to finish", () => {
  it("creates a task with the documented fields and completes it with claude's answer", async () => {
    const created = await t.create({ prompt: "@reply Hello from the scripted model" });
    expect(created.status).toBe(201);
    const task = created.json;
    expect(task.task_id).toMatch(/^\d{10}-[0-9a-f]{8}$/);
    expect(task.session_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(task).toMatchObject({
      prompt: "@reply Hello from the scripted model",
      workdir: server.workdirRoot,
      status: "running",
      tmux_session: `claude-${task.task_id}`,
      followups: [],
    });
    expect(Math.abs(task.created_at - Date.now() / 1000)).toBeLessThan(5);

    const done = await t.finished(task.task_id);
    expect(done.status).toBe("completed");
    expect(done.finished_at).toBeGreaterThanOrEqual(task.created_at);
    const log = events(done.recent_output);
    expect(log[0]).toMatchObject({ type: "system", subtype: "init", session_id: task.session_id });
    expect(log.at(-1)).toMatchObject({ type: "result", is_error: false, result: "Hello from the scripted model" });
    expect(done.recent_output.trimEnd().endsWith("__CLAUDE_EXIT_CODE_0__")).toBe(true);

    const onDisk = JSON.parse(readFileSync(path.join(server.tasksDir, task.task_id, "task.json"), "utf8"));
    expect(onDisk).toMatchObject({ task_id: task.task_id, status: "completed", session_id: task.session_id });
  });

  it("lets claude really use a tool in the workdir", async () => {
    const created = await t.create({ prompt: "@write notes/hello.txt written by claude" });
    const done = await t.finished(created.json.task_id);
    expect(done.status).toBe("completed");
    expect(readFileSync(path.join(server.workdirRoot, "notes", "hello.txt"), "utf8")).toBe("written by claude");
    const kinds = events((await t.output(done.task_id)).text).map((e) => e.type);
    expect(kinds).toContain("user"); // the tool_result went back to the model
  });

  it("marks a failing run as error with the reason", async () => {
    const created = await t.create({ prompt: "@fail 400 the scripted model refuses" });
    const done = await t.finished(created.json.task_id);
    expect(done.status).toBe("error");
    expect(done.error).toMatch(/refuses|API Error/);
    expect(done.recent_output).toContain("__CLAUDE_EXIT_CODE_1__");
  });

  it("serves the raw log as text/plain, whole or as a tail", async () => {
    // A run's log as the wrapper leaves it: stream-json lines, then the exit marker.
    const lines = [
      `{"type":"system","subtype":"init","session_id":"550e8400-e29b-41d4-a716-446655440000"}`,
      `{"type":"assistant","message":{"content":[{"type":"text","text":"tail me"}]}}`,
      `{"type":"result","subtype":"success","is_error":false,"result":"tail me"}`,
      "__CLAUDE_EXIT_CODE_0__",
    ];
    writeFileSync(path.join(server.tasksDir, seeded.log, "output.log"), `${lines.join("\n")}\n`);
    const whole = await t.output(seeded.log);
    expect(whole.status).toBe(200);
    expect(whole.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(whole.text).toBe(`${lines.join("\n")}\n`);
    const tail = await t.output(seeded.log, "?tail=2");
    expect(tail.text).toBe(`${lines.slice(-2).join("\n")}\n`);
  });

  it("lists tasks newest first with prompts cut to 120 characters, ignoring stray query strings", async () => {
    const res = await t.call("GET", "/api/claude/tasks?foo=bar&page=x");
    expect(res.status).toBe(200);
    const listed = res.json.tasks.find((x: { task_id: string }) => x.task_id === seeded.long);
    expect(listed).toEqual({
      task_id: seeded.long,
      prompt: LONG_PROMPT.slice(0, 120),
      status: "completed",
      created_at: at,
      finished_at: expect.any(Number),
      total_cost_usd: expect.any(Number),
    });
    const times = res.json.tasks.map((x: { created_at: number }) => x.created_at);
    expect(times).toEqual([...times].sort((a: number, b: number) => b - a));
    const ids = res.json.tasks.map((x: { task_id: string }) => x.task_id);
    expect(ids.filter((id: string) => server.seeded.includes(id))).toEqual([seeded.long, seeded.newer, seeded.older, seeded.log]);
  });

  it("passes hostile prompts to claude verbatim, never through a shell", async () => {
    const marker = path.join(server.root, "pwned");
    const hostile = `@reply fine\n'"; touch ${marker}; echo "$(touch ${marker})" \`touch ${marker}\` $HOME \\n\ttab ünïcødé 🙂`;
    const created = await t.create({ prompt: hostile });
    const done = await t.finished(created.json.task_id);
    expect(done.status).toBe("completed");
    expect(existsSync(marker)).toBe(false);
    const seen = server.model.requests.filter((r) => r.kind === "conversation").map((r) => r.prompt);
    expect(seen).toContain(hostile);
  });

  it("passes a 1 MB prompt verbatim", async () => {
    const big = `@reply big\n${"abcdefghij".repeat(100_000)}`;
    const created = await t.create({ prompt: big });
    expect(created.status).toBe(201);
    const done = await t.finished(created.json.task_id, 60_000);
    expect(done.status).toBe("completed");
    expect(server.model.requests.some((r) => r.prompt === big)).toBe(true);
  });
});

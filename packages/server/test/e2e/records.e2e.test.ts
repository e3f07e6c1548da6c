/**
 * task.json stays small however long the prompts: each prompt is stored once (a long one in
 * runs/{n}.prompt beside its run), follow-ups waiting per task are capped, the API still
 * shows every prompt, and records written by the previous format still load and upgrade.
 */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { startTestServer, type TestServer } from "@claude-task-api/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api } from "../helpers/api.js";

let server: TestServer;
let t: ReturnType<typeof api>;

const MAX_QUEUED = 3;
beforeAll(async () => {
  server = await startTestServer({ env: { MAX_QUEUED_FOLLOWUPS: String(MAX_QUEUED) } });
  t = api(server);
});
afterAll(() => server?.stop());

const taskFile = (id: string) => path.join(server.tasksDir, id, "task.json");
const readTaskFile = (id: string) => readFileSync(taskFile(id), "utf8");
/** A prompt of about `kib` KiB that the scripted model answers with `reply`. */
const bigPrompt = (reply: string, kib: number) => `@reply ${reply}\n${`${"filler ".repeat(15)}\n`.repeat(kib * 9)}`;

describe("task.json with long prompts", () => {
  it("keeps each long prompt once, beside its run, and the record small; the API shows them all", async () => {
    const first = bigPrompt("first done", 300);
    const created = (await t.create({ prompt: first })).json;
    const id = created.task_id;
    expect((await t.finished(id)).status).toBe("completed");
    const followups = [bigPrompt("second done", 300), bigPrompt("third done", 300)];
    for (const prompt of followups) {
      expect((await t.call("POST", `/api/claude/tasks/${id}/message`, { body: { prompt } })).status).toBe(200);
      await t.finished(id);
    }
    const done = await t.finished(id);
    expect(done.runs.map((r: { state: string }) => r.state)).toEqual(["completed", "completed", "completed"]);
    expect(done.result.text).toBe("third done");

    // The record holds no prompt text; each prompt is in its run's file, exactly.
    const record = readTaskFile(id);
    expect(record.length).toBeLessThan(4096);
    expect(record).not.toContain("filler");
    [first, ...followups].forEach((prompt, n) => {
      expect(readFileSync(path.join(server.tasksDir, id, "runs", `${n}.prompt`), "utf8")).toBe(prompt);
    });
    // The wire format is unchanged: every prompt is shown, also after a restart.
    await server.restart();
    const detail = (await t.get(id)).json;
    expect(detail.prompt).toBe(first);
    expect(detail.runs.map((r: { prompt: string }) => r.prompt)).toEqual([first, ...followups]);
    expect(detail.followups.map((f: { prompt: string }) => f.prompt)).toEqual(followups);
  });

  it(`refuses a follow-up beyond MAX_QUEUED_FOLLOWUPS (${MAX_QUEUED}) waiting with 429 followup_queue_full`, async () => {
    const id = (await t.create({ prompt: "@sleep 60000\n@reply held" })).json.task_id;
    for (let i = 0; i < MAX_QUEUED; i++) expect((await t.message(id, `@reply queued ${i}`)).status).toBe(200);
    const refused = await t.message(id, "@reply one too many");
    expect(refused.status).toBe(429);
    expect(refused.json).toMatchObject({ code: "followup_queue_full" });
    expect(refused.json.error).toMatch(/MAX_QUEUED_FOLLOWUPS is 3/);
    const detail = (await t.get(id)).json;
    expect(detail.followups.map((f: { prompt: string }) => f.prompt)).toEqual([
      "@reply queued 0",
      "@reply queued 1",
      "@reply queued 2",
    ]);
    await t.kill(id);
  });
});

describe("task.json with large run options", () => {
  /** Options of about 150 KB as JSON: an append_system_prompt and an output_schema near their limits. */
  const largeOptions = (n: number) => ({
    append_system_prompt: `Set ${n}. ${"Answer briefly. ".repeat(6000)}`,
    output_schema: { type: "object", description: "d".repeat(60_000) },
  });

  it("keeps each distinct option set once, beside the record; the API shows every run's options", async () => {
    const id = (await t.create({ prompt: "@sleep 60000\n@reply held" })).json.task_id;
    const options = largeOptions(1);
    for (let i = 0; i < MAX_QUEUED; i++) {
      const res = await t.call("POST", `/api/claude/tasks/${id}/message`, { body: { prompt: `@reply ${i}`, ...options } });
      expect(res.status, res.text).toBe(200);
    }
    expect(statSync(taskFile(id)).size).toBeLessThan(4096);
    expect(readdirSync(path.join(server.tasksDir, id, "options"))).toHaveLength(1);
    await server.restart();
    const detail = (await t.get(id)).json;
    expect(detail.runs.map((r: { options?: unknown }) => r.options)).toEqual([undefined, options, options, options]);
    await t.kill(id);
  });

  it("refuses a follow-up that would take the runs' options over 1 MiB, so the detail answer stays bounded", async () => {
    await server.restart({ MAX_QUEUED_FOLLOWUPS: "20" });
    try {
      const id = (await t.create({ prompt: "@sleep 60000\n@reply held" })).json.task_id;
      const setBytes = Buffer.byteLength(JSON.stringify(largeOptions(10)));
      const fitting = Math.floor((1024 * 1024) / setBytes);
      for (let i = 0; i < fitting; i++) {
        const res = await t.call("POST", `/api/claude/tasks/${id}/message`, {
          body: { prompt: `@reply ${i}`, ...largeOptions(10 + i) },
        });
        expect(res.status, res.text).toBe(200);
      }
      const refused = await t.call("POST", `/api/claude/tasks/${id}/message`, {
        body: { prompt: "@reply over", ...largeOptions(99) },
      });
      expect(refused.status).toBe(400);
      expect(refused.json).toMatchObject({ code: "validation_failed" });
      expect(refused.json.error).toMatch(/options of this task's runs to \d+ bytes as JSON, over the 1048576 a task may hold/);
      // Without options it is taken: only options count.
      expect((await t.message(id, "@reply plain")).status).toBe(200);
      const detail = await t.get(id);
      expect(detail.json.runs).toHaveLength(fitting + 2);
      expect(detail.text.length).toBeLessThan(1024 * 1024 + 64 * 1024);
      expect(readdirSync(path.join(server.tasksDir, id, "options"))).toHaveLength(fitting);
      await t.kill(id);
    } finally {
      await server.restart({ MAX_QUEUED_FOLLOWUPS: String(MAX_QUEUED) });
    }
  });
});

describe("records written by the previous format (2)", () => {
  const id = "1707100000-0f0f0f0f";
  const longPrompt = `@reply old long\n${"y".repeat(5000)}`;
  beforeAll(async () => {
    await server.shutdown();
    mkdirSync(path.join(server.tasksDir, id, "runs"), { recursive: true });
    const run = (prompt: string, at: number) => ({
      prompt,
      state: "completed",
      sent_at: at,
      started_at: at,
      finished_at: at + 1,
      exit_code: 0,
      log_start: 0,
      log_end: 0,
    });
    writeFileSync(
      taskFile(id),
      JSON.stringify({
        task_id: id,
        session_id: "850e8400-e29b-41d4-a716-446655440000",
        prompt: longPrompt,
        workdir: server.workdirRoot,
        status: "completed",
        created_at: 1707100000,
        finished_at: 1707100011,
        tmux_session: `claude-${id}`,
        followups: [{ prompt: "@reply old short", sent_at: 1707100010, state: "completed" }],
        runs: [run(longPrompt, 1707100000), run("@reply old short", 1707100010)],
        format: 2,
      }),
    );
    writeFileSync(path.join(server.tasksDir, id, "output.log"), "");
    await server.restart();
  });

  it("loads with every prompt, and its next change writes it once in format 4", async () => {
    const before = (await t.get(id)).json;
    expect(before.runs.map((r: { prompt: string }) => r.prompt)).toEqual([longPrompt, "@reply old short"]);
    expect(before.followups).toEqual([expect.objectContaining({ prompt: "@reply old short" })]);

    expect((await t.message(id, "@reply upgraded")).status).toBe(200);
    expect((await t.finished(id)).status).toBe("completed");
    const record = JSON.parse(readTaskFile(id));
    expect(record.format).toBe(4);
    expect(statSync(taskFile(id)).size).toBeLessThan(4096);
    expect(readFileSync(path.join(server.tasksDir, id, "runs", "0.prompt"), "utf8")).toBe(longPrompt);
    await server.restart();
    const after = (await t.get(id)).json;
    expect(after.runs.map((r: { prompt: string }) => r.prompt)).toEqual([longPrompt, "@reply old short", "@reply upgraded"]);
  });
});

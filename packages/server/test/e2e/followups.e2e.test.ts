/** Follow-ups: resumed on the same session, queued durably while a run is in progress, and kill. */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { startTestServer, type TestServer } from "@claude-task-api/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, events } from "../helpers/api.js";
import { waitFor } from "../helpers/http.js";

let server: TestServer;
let t: ReturnType<typeof api>;
/** A finished task, written before the server starts: refusing to kill it needs no run. */
let finished: string;

beforeAll(async () => {
  server = await startTestServer({ seed: [{ createdAt: Math.floor(Date.now() / 1000) - 60, n: 1, prompt: "@reply quick" }] });
  [finished] = server.seeded as [string];
  t = api(server);
});
afterAll(() => server?.stop());

const conversationPrompts = () =>
  server.model.requests.filter((r) => r.kind === "conversation" && r.step === 0).map((r) => r.prompt);

/** Whether claude has stored the conversation `--resume` continues (under HOME/.claude/projects). */
function conversationStored(sessionId: string): boolean {
  const projects = path.join(server.home, ".claude", "projects");
  return existsSync(projects) && readdirSync(projects).some((dir) => existsSync(path.join(projects, dir, `${sessionId}.jsonl`)));
}

/**
 * Proof that run `index` of a task continued its conversation: the server launched it with
 * `--resume` (recorded as `resumed`), claude sent the model the task's session id, and the
 * request carried what an earlier run had said.
 */
function expectResumed(id: string, sessionId: string, index: number, prompt: string, earlier: string) {
  const record = JSON.parse(readFileSync(path.join(server.tasksDir, id, "task.json"), "utf8"));
  expect(record.runs[index].resumed).toBe(true);
  const request = server.model.requests.find((r) => r.kind === "conversation" && r.prompt === prompt);
  expect(request?.headers["x-claude-code-session-id"]).toBe(sessionId);
  expect(JSON.stringify(request?.body)).toContain(earlier);
}

// Every test has its own task and prompts, which nothing else asks for: they run side by side.
describe.concurrent("follow-ups", () => {
  it("resumes a finished task on the same session, and the model sees the history", async ({ expect }) => {
    const created = await t.create({ prompt: "@reply first answer" });
    const id = created.json.task_id;
    await t.finished(id);
    const sent = await t.message(id, "@reply second answer");
    expect(sent.status).toBe(200);
    expect(sent.json).toMatchObject({ task_id: id, session_id: created.json.session_id, status: "running" });
    expect(sent.json.followups).toHaveLength(1);
    expect(sent.json.followups[0]).toMatchObject({ prompt: "@reply second answer", state: "running" });
    expect(typeof sent.json.followups[0].sent_at).toBe("number");

    const done = await t.finished(id);
    expect(done.status).toBe("completed");
    expect(done.followups[0]).toMatchObject({ state: "completed", exit_code: 0 });
    const log = events((await t.output(id)).text);
    const inits = log.filter((e) => e.type === "system");
    expect(inits).toHaveLength(2);
    expect(inits.every((e) => e.session_id === created.json.session_id)).toBe(true);
    expect(log.filter((e) => e.type === "result").map((e) => e.result)).toEqual(["first answer", "second answer"]);
    expectResumed(id, created.json.session_id, 1, "@reply second answer", "first answer");
  });

  it("queues follow-ups sent while a run is in progress and runs them after it, in order", async ({ expect }) => {
    const created = await t.create({ prompt: "@sleep 2500\n@reply slow first" });
    const id = created.json.task_id;
    const a = await t.message(id, "@reply follow-up A");
    const b = await t.message(id, "@reply follow-up B");
    expect(a.json.followups[0].state).toBe("queued");
    expect(b.json.followups.map((f: { state: string }) => f.state)).toEqual(["queued", "queued"]);

    const done = await t.finished(id);
    expect(done.status).toBe("completed");
    expect(done.followups.map((f: { state: string }) => f.state)).toEqual(["completed", "completed"]);
    expect(done.followups[0].started_at).toBeGreaterThanOrEqual(done.followups[0].sent_at);
    const results = events((await t.output(id)).text)
      .filter((e) => e.type === "result")
      .map((e) => e.result);
    expect(results).toEqual(["slow first", "follow-up A", "follow-up B"]);
  });

  it("a successful follow-up after a failed run completes the task", async ({ expect }) => {
    const created = await t.create({ prompt: "@fail 400 broken" });
    const id = created.json.task_id;
    expect((await t.finished(id)).status).toBe("error");
    await t.message(id, "@reply fixed");
    const done = await t.finished(id);
    expect(done.status).toBe("completed");
    expect(done.error).toBeUndefined();
  });
});

describe.concurrent("kill", () => {
  it("kills the claude process tree and its tmux session, and drops queued follow-ups", async ({ expect }) => {
    // The model never answers within the test: a claude that outlived the kill would still be there.
    const created = await t.create({ prompt: "@sleep 600000\n@reply never" });
    const id = created.json.task_id;
    await waitFor("claude to start", async () =>
      conversationPrompts().includes("@sleep 600000\n@reply never") ? true : undefined,
    );
    await t.message(id, "@reply queued behind");
    const killed = await t.kill(id);
    expect(killed.status).toBe(200);
    expect(killed.json).toEqual({ task_id: id, status: "killed", killed_at: expect.any(Number) });

    const detail = (await t.get(id)).json;
    expect(detail.status).toBe("killed");
    expect(detail.followups[0].state).toBe("killed");
    const { execFileSync } = await import("node:child_process");
    const sessions = (() => {
      try {
        return execFileSync("tmux", ["-S", server.tmuxSocket, "list-sessions", "-F", "#{session_name}"], { encoding: "utf8" });
      } catch {
        return "";
      }
    })();
    expect(sessions).not.toContain(`claude-${id}`);
    // The kill answers once claude was signalled (SIGKILL after a grace period); a process that
    // got SIGKILL leaves the process list once the kernel has run its exit, a moment later.
    await waitFor("claude to leave the process list", async () =>
      execFileSync("ps", ["-eo", "args"], { encoding: "utf8" }).includes(created.json.session_id) ? undefined : true,
    );

    // Still killed once the run's wrapper has gone (after writing the exit it saw): that exit
    // is not mistaken for a failure.
    const wrapperPid = readFileSync(path.join(server.tasksDir, id, "runs", "0.pid"), "utf8").trim();
    await waitFor("the run's wrapper to exit", async () => (existsSync(`/proc/${wrapperPid}`) ? undefined : true));
    expect((await t.get(id)).json.status).toBe("killed");
    expect((await t.kill(id)).json.killed_at).toBe(killed.json.killed_at);
  });

  it("refuses to kill a finished task and leaves it unchanged", async ({ expect }) => {
    const before = (await t.get(finished)).json;
    expect(before.status).toBe("completed");
    const res = await t.kill(finished);
    expect(res.status).toBe(409);
    expect(res.json.code).toBe("task_finished");
    expect((await t.get(finished)).json).toEqual(before);
  });

  it("a follow-up to a killed task starts a new run that resumes the session", async ({ expect }) => {
    const prompt = "@sleep 20000\n@reply killed midway";
    const created = await t.create({ prompt });
    const id = created.json.task_id;
    // Something to resume: claude stores the conversation a moment after (seen: up to 40 ms
    // after) its first request reaches the model, so wait for the file itself.
    await waitFor("claude to store the conversation", async () =>
      conversationPrompts().includes(prompt) && conversationStored(created.json.session_id) ? true : undefined,
    );
    await t.kill(id);
    await t.message(id, "@reply back again");
    const done = await t.finished(id);
    expect(done.status).toBe("completed");
    expect(done.killed_at).toBeUndefined();
    expect(
      events((await t.output(id)).text)
        .filter((e) => e.type === "system")
        .map((e) => e.session_id),
    ).toEqual([created.json.session_id, created.json.session_id]);
    expectResumed(id, created.json.session_id, 1, "@reply back again", "killed midway");
  });
});

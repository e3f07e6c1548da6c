/**
 * Steering and interrupting a run in progress, with the real claude CLI in real tmux against
 * the scripted model. A turn is held open deterministically by a Bash tool use that waits for a
 * gate file the test creates (and says it started by touching another file).
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { startTestServer, type TestServer } from "@claude-task-api/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, events } from "../helpers/api.js";
import { waitFor } from "../helpers/http.js";

let server: TestServer;
let t: ReturnType<typeof api>;

beforeAll(async () => {
  server = await startTestServer();
  t = api(server);
});
afterAll(() => server?.stop());

const work = (name: string) => path.join(server.workdirRoot, name);

/** A prompt whose turn runs a command that waits until `open(name)`, then answers `reply`. */
const heldTurn = (name: string, reply: string) =>
  `@bash touch ${name}.started; until [ -e ${name}.gate ]; do sleep 0.05; done\n@reply ${reply}`;
const turnStarted = (name: string) =>
  waitFor(`turn ${name} to start`, async () => existsSync(work(`${name}.started`)) || undefined);
const open = (name: string) => writeFileSync(work(`${name}.gate`), "");

const steer = (id: string, prompt: string) => t.call("POST", `/api/claude/tasks/${id}/steer`, { body: { prompt } });
const interrupt = (id: string, body?: Record<string, unknown>) =>
  t.call("POST", `/api/claude/tasks/${id}/interrupt`, body === undefined ? {} : { body });

const results = async (id: string) =>
  events((await t.output(id)).text)
    .filter((e) => e.type === "result")
    .map((e) => e.result);
const promptsSent = (prompt: string) =>
  server.model.requests.filter((r) => r.kind === "conversation" && r.step === 0 && r.prompt === prompt).length;

describe.concurrent("steer", () => {
  it("hands a steer to the run in progress: one run, both answers, the steer in the transcript and the run's record", async ({
    expect,
  }) => {
    const id = (await t.create({ prompt: heldTurn("s1", "first answer") })).json.task_id;
    await turnStarted("s1");
    const sent = await steer(id, "@reply steered answer");
    expect(sent.status).toBe(202);
    expect(sent.json).toMatchObject({ task_id: id, delivered: "live", run: 0 });
    expect(sent.json.steer_id).toMatch(/^st_[0-9a-f]{16}$/);
    open("s1");

    const done = await t.finished(id);
    expect(done.status).toBe("completed");
    expect(done.runs).toHaveLength(1);
    expect(done.runs[0].steers).toEqual([
      expect.objectContaining({
        steer_id: sent.json.steer_id,
        kind: "steer",
        prompt: "@reply steered answer",
        delivered: "live",
      }),
    ]);
    expect(done.runs[0].steers[0].taken_at).toBeGreaterThanOrEqual(done.runs[0].steers[0].sent_at);
    const log = events((await t.output(id)).text);
    expect(log.filter((e) => e.type === "result").map((e) => e.result)).toEqual(["first answer", "steered answer"]);
    // The steer line sits where Claude took it: after the first answer, before the second turn.
    const types = log.map((e) => e.type);
    const steerAt = types.indexOf("steer");
    expect(types.indexOf("result")).toBeLessThan(steerAt);
    expect(types.lastIndexOf("system")).toBeGreaterThan(steerAt);
    expect(log[steerAt]).toMatchObject({ steer_id: sent.json.steer_id, run: 0, prompt: "@reply steered answer" });
    // Same process: no follow-up, no --resume.
    expect(done.followups).toEqual([]);
    expect(promptsSent("@reply steered answer")).toBe(1);
  });

  it("answers 409 task_not_running when no run is in progress, and 400/404 for bad requests", async ({ expect }) => {
    const id = (await t.create({ prompt: "@reply over" })).json.task_id;
    await t.finished(id);
    const late = await steer(id, "@reply too late");
    expect(late.status).toBe(409);
    expect(late.json.code).toBe("task_not_running");
    expect(late.json.error).toContain("/message");
    expect((await interrupt(id)).json.code).toBe("task_not_running");
    expect((await steer(id, "  ")).status).toBe(400);
    expect((await t.call("POST", `/api/claude/tasks/${id}/steer`, { body: {} })).status).toBe(400);
    expect((await t.call("POST", `/api/claude/tasks/${id}/steer`, { body: { prompt: "x", extra: 1 } })).status).toBe(400);
    expect((await steer("1707000000-00000000", "@reply nobody")).status).toBe(404);
    expect(promptsSent("@reply too late")).toBe(0);
  });

  it("runs every steer exactly once, however it races the run's end", async ({ expect }) => {
    // One steer per task, sent at a different moment around the end of each task's only turn.
    // The first three go while the run starts, into a turn held open until the steer is
    // answered: they land in the turn whatever the machine's load. The middle ones go at
    // staggered moments after the turn ended, as the run closes its inbox or after it ended.
    // The last goes once the task has finished.
    const outcomes = await Promise.all(
      Array.from({ length: 12 }, async (_, i) => {
        const held = i < 3 ? `race-${i}` : undefined;
        const first = held ? heldTurn(held, `racing start ${i}`) : `@reply racing start ${i}`;
        const id = (await t.create({ prompt: first })).json.task_id;
        if (i === 11) await t.finished(id, 90_000);
        else if (!held) {
          await waitFor(
            `task ${id}'s turn to end`,
            async () => (await t.output(id)).text.includes('"type":"result"') || undefined,
          );
          await new Promise((resolve) => setTimeout(resolve, (i - 3) * 60));
        }
        const prompt = `@reply race ${id}`;
        const sent = await steer(id, prompt);
        if (held) open(held);
        const done = await t.finished(id, 90_000);
        return { id, prompt, sent, done };
      }),
    );
    for (const { id, prompt, sent, done } of outcomes) {
      const answer = prompt.slice("@reply ".length);
      const answers = await results(id);
      if (sent.status === 409) {
        // Refused: it never runs.
        expect(answers).not.toContain(answer);
        expect(promptsSent(prompt)).toBe(0);
        continue;
      }
      expect(sent.status).toBe(202);
      expect(done.status).toBe("completed");
      expect(answers.filter((a) => a === answer)).toHaveLength(1);
      expect(promptsSent(prompt)).toBe(1);
      const listed = done.runs[0].steers;
      expect(listed).toHaveLength(1);
      // Taken live: one run. Queued: run once, as the follow-up the record names.
      if (listed[0].delivered === "live") expect(done.runs).toHaveLength(1);
      else expect(done.runs[listed[0].followup_run].prompt).toBe(prompt);
    }
    const seen = outcomes.map((o) => (o.sent.status === 409 ? "refused" : o.done.runs[0].steers[0].delivered));
    // Both ends of the race were reached: taken in the turn, and refused after the run.
    expect(seen.slice(0, 3)).toEqual(["live", "live", "live"]);
    expect(seen[11]).toBe("refused");
  });
});

describe.concurrent("interrupt", () => {
  it("stops a long turn within 5 s without a kill; the run is interrupted and a follow-up remembers", async ({ expect }) => {
    const id = (await t.create({ prompt: heldTurn("i1", "never said") })).json.task_id;
    await turnStarted("i1");
    const asked = Date.now();
    const sent = await interrupt(id);
    expect(sent.status).toBe(202);
    expect(sent.json).toMatchObject({ delivered: "live", run: 0 });
    const done = await t.finished(id);
    expect(Date.now() - asked).toBeLessThan(5000);
    expect(done.status).toBe("killed");
    expect(done.error_kind).toBe("interrupted");
    expect(done.killed_at).toBeUndefined();
    expect(done.runs[0]).toMatchObject({ state: "interrupted", error_kind: "interrupted" });
    const exit = JSON.parse(readFileSync(path.join(server.tasksDir, id, "runs", "0.exit.json"), "utf8"));
    expect(exit.signal).toBeUndefined();
    expect(exit.interrupted).toBe(true);
    const log = events((await t.output(id)).text);
    expect(log.some((e) => e.type === "interrupt" && e.steer_id === sent.json.steer_id)).toBe(true);
    expect(log.filter((e) => e.type === "result").map((e) => e.subtype)).toEqual(["error_during_execution"]);
    expect(await results(id)).not.toContain("never said");

    const followup = await t.message(id, "@reply remembered");
    expect(followup.status).toBe(200);
    const after = await t.finished(id);
    expect(after.status).toBe("completed");
    expect(after.runs[1].resumed).toBe(true);
    const request = server.model.requests.find((r) => r.kind === "conversation" && r.prompt === "@reply remembered");
    expect(JSON.stringify(request?.body)).toContain("i1.started");
  });

  it("with a prompt, stops the turn and goes on with the prompt in the same run", async ({ expect }) => {
    const id = (await t.create({ prompt: heldTurn("i2", "never said either") })).json.task_id;
    await turnStarted("i2");
    const sent = await interrupt(id, { prompt: "@reply redirected" });
    expect(sent.status).toBe(202);
    expect(sent.json).toMatchObject({ delivered: "live", run: 0 });
    const done = await t.finished(id);
    expect(done.status).toBe("completed");
    expect(done.runs).toHaveLength(1);
    expect(done.result.text).toBe("redirected");
    expect(done.runs[0].steers).toEqual([
      expect.objectContaining({ kind: "interrupt", prompt: "@reply redirected", delivered: "live" }),
    ]);
    expect(await results(id)).not.toContain("never said either");
  });

  it("keeps queued follow-ups and runs untaken steers as follow-ups after an interrupt", async ({ expect }) => {
    const id = (await t.create({ prompt: heldTurn("i3", "cut short") })).json.task_id;
    await turnStarted("i3");
    expect((await t.message(id, "@reply queued follow-up")).status).toBe(200);
    const steered = await steer(id, "@reply steer after interrupt");
    expect(steered.json.delivered).toBe("live");
    expect((await interrupt(id)).status).toBe(202);
    const done = await waitFor("the follow-ups to run", async () => {
      const task = (await t.get(id)).json;
      return task.runs.length === 3 && ["completed", "error", "killed"].includes(task.status) ? task : undefined;
    });
    expect(done.status).toBe("completed");
    expect(done.runs.map((r: { state: string }) => r.state)).toEqual(["interrupted", "completed", "completed"]);
    expect(done.runs[0].steers.find((s: { kind: string }) => s.kind === "steer")).toMatchObject({
      delivered: "queued",
      followup_run: 2,
    });
    expect(await results(id)).toEqual(expect.arrayContaining(["queued follow-up", "steer after interrupt"]));
    expect(promptsSent("@reply steer after interrupt")).toBe(1);
  });

  it("a kill settles the run's steers: the one it took is recorded taken, the one it never took dropped and never run", async ({
    expect,
  }) => {
    const id = (await t.create({ prompt: heldTurn("k1", "first turn") })).json.task_id;
    await turnStarted("k1");
    expect((await steer(id, heldTurn("k2", "taken"))).json.delivered).toBe("live");
    open("k1");
    await turnStarted("k2");
    expect((await steer(id, "@reply never taken")).json.delivered).toBe("live");
    expect((await t.kill(id)).status).toBe(200);

    const killed = (await t.get(id)).json;
    expect(killed.status).toBe("killed");
    expect(killed.runs).toHaveLength(1);
    const [taken, dropped] = killed.runs[0].steers;
    expect(taken).toMatchObject({ prompt: heldTurn("k2", "taken"), delivered: "live", taken_at: expect.any(Number) });
    expect(taken).not.toHaveProperty("dropped_at");
    expect(dropped).toMatchObject({ prompt: "@reply never taken", delivered: "live", dropped_at: expect.any(Number) });
    expect(dropped).not.toHaveProperty("taken_at");
    expect(dropped).not.toHaveProperty("followup_run");
    expect(promptsSent("@reply never taken")).toBe(0);
  });
});

describe("approvals in a steered run", () => {
  it("asks for approvals in the first turn and in the steered one, over the same stdin", async () => {
    const id = (await t.create({ prompt: "@write ap1.txt one\n@reply first", permission_mode: "default", approvals: true })).json
      .task_id;
    const approval = async (tool: string, index: number) =>
      waitFor(`approval ${index}`, async () => {
        const task = (await t.get(id)).json;
        return task.pending_approvals.find(
          (a: { tool: string; input: { file_path?: string } }) =>
            a.tool === tool && a.input.file_path?.endsWith(`ap${index}.txt`),
        );
      });
    const first = await approval("Write", 1);
    expect((await steer(id, "@write ap2.txt two\n@reply second")).json.delivered).toBe("live");
    await t.call("POST", `/api/claude/tasks/${id}/approvals/${first.approval_id}`, { body: { decision: "allow" } });
    const second = await approval("Write", 2);
    await t.call("POST", `/api/claude/tasks/${id}/approvals/${second.approval_id}`, { body: { decision: "allow" } });
    const done = await t.finished(id);
    expect(done.status).toBe("completed");
    expect(done.runs).toHaveLength(1);
    expect(readFileSync(work("ap1.txt"), "utf8")).toBe("one");
    expect(readFileSync(work("ap2.txt"), "utf8")).toBe("two");
    expect(await results(id)).toEqual(["first", "second"]);
  });
});

describe("steer across a crash", () => {
  it("keeps a steer through a kill -9 of the API server and records it after the restart", async () => {
    const id = (await t.create({ prompt: heldTurn("s9", "before the crash") })).json.task_id;
    await turnStarted("s9");
    const sent = await steer(id, "@reply after the crash");
    expect(sent.json.delivered).toBe("live");
    await server.kill9();
    open("s9");
    // The run takes the steer and ends while no server is there.
    await waitFor("the run to end", async () => existsSync(path.join(server.tasksDir, id, "runs", "0.exit.json")) || undefined);
    await server.restart();
    const done = await t.finished(id);
    expect(done.status).toBe("completed");
    expect(done.runs).toHaveLength(1);
    expect(done.runs[0].steers).toEqual([expect.objectContaining({ steer_id: sent.json.steer_id, delivered: "live" })]);
    expect(await results(id)).toEqual(["before the crash", "after the crash"]);
    expect(promptsSent("@reply after the crash")).toBe(1);
  });
});

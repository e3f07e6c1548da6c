/**
 * Live tasks and operations against the REAL server: following over the event stream (across a
 * follow-up and across a server restart), paging, labels, idempotent creates, purge, per-task
 * options, the queue, cost totals of resumed runs, readiness and metrics.
 */
import { startTestServer, type TestServer } from "@claude-task-api/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ConflictError,
  createClient,
  type FollowStatus,
  isReplayed,
  isSettled,
  NotFoundError,
  parseStreamJson,
  type StreamEvent,
  summarize,
  type Task,
  type TaskApiClient,
  WaitTimeoutError,
} from "../../src/index.js";

let server: TestServer;
let client: TaskApiClient;
/** Every event-stream request the client made, with its Last-Event-ID. */
const eventRequests: Array<{ url: string; lastEventId: string | null }> = [];
/** Finished labelled tasks for the listing, written before the server starts, oldest first. */
const BATCH = "seeded-batch";
const seededAt = Math.floor(Date.now() / 1000) - 60;
/** Per-task options of the shared finished task's first run. */
const options = {
  model: "claude-test-1",
  permission_mode: "acceptEdits" as const,
  allowed_tools: ["Read", "Bash(ls:*)"],
  disallowed_tools: ["WebFetch"],
  max_turns: 5,
  append_system_prompt: "Be brief.",
  timeout_seconds: 120,
};
/**
 * A finished task with per-task options and a resumed follow-up, made once for the tests that
 * only read one (its options, its costs, its log's tail): each run is half a second of CPU.
 */
let finished: { created: Task; done: Task; events: StreamEvent[] };

beforeAll(async () => {
  // One run at a time: a single busy task is enough to queue the next.
  server = await startTestServer({
    env: { MAX_CONCURRENT_TASKS: "1" },
    seed: [1, 2, 3].map((n) => ({ createdAt: seededAt + n, n, prompt: `@reply ${n}`, labels: { batch: BATCH, n: String(n) } })),
  });
  const recordingFetch: typeof fetch = (input, init) => {
    const url = String(input);
    if (url.endsWith("/events")) eventRequests.push({ url, lastEventId: new Headers(init?.headers).get("last-event-id") });
    return fetch(input, init);
  };
  client = createClient({ baseUrl: server.url, token: server.token, fetch: recordingFetch });
  const created = await client.tasks.create({ prompt: "@reply with options", ...options, labels: { team: "sdk" } });
  await client.waitForTask(created.task_id);
  await client.tasks.sendMessage(created.task_id, { prompt: "@reply again", max_turns: 2 });
  const done = await client.waitForTask(created.task_id);
  finished = { created, done, events: parseStreamJson(await client.tasks.output(created.task_id)) };
});
afterAll(async () => {
  if (process.env.SHOW_SERVER_LOGS) console.log(server?.logs());
  await server?.stop();
});

const outputLines = async (id: string) => (await client.tasks.output(id)).split("\n").filter((_, i, all) => i < all.length - 1);

describe("followOutput over the event stream", () => {
  it("sees events live and in order across a follow-up, and ends when both runs are done", async () => {
    const task = await client.tasks.create({ prompt: "@write first.txt one\n@sleep 1500\n@reply first answer" });
    // Queued behind the running first run, so the stream must stay open for it.
    await client.tasks.sendMessage(task.task_id, { prompt: "@sleep 1000\n@reply second answer" });
    const before = eventRequests.length;
    const seen: Array<{ event: StreamEvent; at: number }> = [];
    const statuses: FollowStatus[] = [];
    for await (const event of client.followOutput(task.task_id, { onStatus: (s) => statuses.push(s) }))
      seen.push({ event, at: Date.now() });
    const done = await client.tasks.get(task.task_id);
    expect(isSettled(done)).toBe(true);
    expect(eventRequests.length - before).toBe(1); // one connection, no polling
    expect(seen.map(({ event }) => event.type)).toEqual([
      "system",
      "assistant",
      "user",
      "assistant",
      "result",
      "exit",
      "system",
      "assistant",
      "result",
      "exit",
    ]);
    // Live: the first run's result arrived while the follow-up was still running (its @sleep 1000).
    const firstResult = seen.find(({ event }) => event.type === "result");
    expect((done.runs[1]?.finished_at ?? 0) * 1000 - (firstResult?.at ?? 0)).toBeGreaterThan(700);
    const results = seen.flatMap(({ event }) => (event.type === "result" ? [event.result] : []));
    expect(results).toEqual(["first answer", "second answer"]);
    // Exactly the log, and the run states as they changed.
    expect(seen.map(({ event }) => event)).toEqual(parseStreamJson(await client.tasks.output(task.task_id)));
    expect(statuses.at(-1)).toMatchObject({ status: "completed", runs: [{ state: "completed" }, { state: "completed" }] });
    expect(statuses.some((s) => s.runs[1]?.state === "running")).toBe(true);
  });

  it("survives a server restart mid-stream without losing or repeating a line", async () => {
    const task = await client.tasks.create({
      prompt: "@bash echo one\n@sleep 2500\n@bash echo two\n@bash echo three\n@reply survived",
    });
    const before = eventRequests.length;
    const lines: string[] = [];
    let restarted = false;
    for await (const line of client.followOutputLines(task.task_id)) {
      lines.push(line);
      if (!restarted && line.includes('"tool_use"')) {
        restarted = true;
        // The task keeps running in tmux while the server is gone and comes back.
        await server.kill9();
        await new Promise((resolve) => setTimeout(resolve, 300));
        await server.restart();
      }
    }
    expect(restarted).toBe(true);
    expect((await client.waitForTask(task.task_id)).status).toBe("completed");
    expect(lines).toEqual(await outputLines(task.task_id));
    expect(lines.at(-1)).toBe("__CLAUDE_EXIT_CODE_0__");
    // It reconnected, resuming after the last line it had (a byte offset), not from the start.
    const reconnects = eventRequests.slice(before + 1);
    expect(reconnects.length).toBeGreaterThan(0);
    expect(Number(reconnects.at(-1)?.lastEventId)).toBeGreaterThan(0);
  });
});

describe("following from a tail", () => {
  it("starts with the last lines of a finished task's log, as the server cut them", async () => {
    const id = finished.created.task_id;
    const lines: string[] = [];
    for await (const line of client.followOutputLines(id, { tail: 2 })) lines.push(line);
    expect(lines).toEqual((await outputLines(id)).slice(-2));
    expect(lines.at(-1)).toBe("__CLAUDE_EXIT_CODE_0__");
  });
});

describe("listing", () => {
  it("pages through cursors with limit 2; listAll iterates them; labels, status, search and sort", async () => {
    const ids = [...server.seeded].reverse(); // newest first
    const first = await client.tasks.list({ labels: { batch: BATCH }, limit: 2 });
    expect(first.tasks.map((t) => t.task_id)).toEqual(ids.slice(0, 2));
    expect(first.next_cursor).toEqual(expect.any(String));
    const second = await client.tasks.list({ labels: { batch: BATCH }, limit: 2, cursor: first.next_cursor });
    expect(second.tasks.map((t) => t.task_id)).toEqual(ids.slice(2));
    expect(second.next_cursor).toBeUndefined();

    const all: string[] = [];
    for await (const task of client.tasks.listAll({ labels: { batch: BATCH }, pageSize: 2 })) all.push(task.task_id);
    expect(all).toEqual(ids);
    expect((await client.tasks.list({ labels: { batch: BATCH, n: "2" } })).tasks.map((t) => t.task_id)).toEqual([ids[1]]);
    expect((await client.tasks.list({ labels: { batch: "other" } })).tasks).toEqual([]);
    expect((await client.tasks.list({ labels: { batch: BATCH }, status: ["running", "queued"] })).tasks).toEqual([]);
    expect((await client.tasks.list({ labels: { batch: BATCH }, status: "completed" })).tasks).toHaveLength(3);
    await expect(client.tasks.list({ labels: { batch: "a,b" } })).rejects.toThrow(RangeError);

    // Search (prompt text in any case, or an id's start) and sort, in list and listAll alike.
    expect((await client.tasks.list({ labels: { batch: BATCH }, q: "@REPLY 2" })).tasks.map((t) => t.task_id)).toEqual([ids[1]]);
    expect((await client.tasks.list({ q: ids[2] as string })).tasks.map((t) => t.task_id)).toEqual([ids[2]]);
    const oldest: string[] = [];
    for await (const task of client.tasks.listAll({ labels: { batch: BATCH }, sort: "oldest", pageSize: 2 }))
      oldest.push(task.task_id);
    expect(oldest).toEqual([...ids].reverse());
  });

  it("queued tasks carry their queue position and count as unfinished", async () => {
    const busy = await client.tasks.create({ prompt: "@sleep 20000\n@reply late" });
    const queued = await client.tasks.create({ prompt: "@reply when there is room" });
    try {
      expect(queued).toMatchObject({ status: "queued", queue_position: 1 });
      const listed = (await client.tasks.list({ status: "queued" })).tasks;
      expect(listed).toEqual([expect.objectContaining({ task_id: queued.task_id, queue_position: 1 })]);
      await expect(client.waitForTask(queued.task_id, { timeoutMs: 500 })).rejects.toBeInstanceOf(WaitTimeoutError);
      expect(await client.tasks.kill(queued.task_id)).toMatchObject({ status: "killed" });
    } finally {
      await client.tasks.kill(busy.task_id);
    }
  });
});

describe("creating, options and purge", () => {
  it("an idempotency key replays the first task; a different body with it is a ConflictError", async () => {
    const key = `key-${Date.now()}`;
    const first = await client.tasks.create({ prompt: "@reply once" }, { idempotencyKey: key });
    const again = await client.tasks.create({ prompt: "@reply once" }, { idempotencyKey: key });
    expect(again.task_id).toBe(first.task_id);
    expect(isReplayed(first)).toBe(false);
    expect(isReplayed(again)).toBe(true);
    const conflict = await client.tasks.create({ prompt: "@reply twice" }, { idempotencyKey: key }).catch((e: unknown) => e);
    expect(conflict).toBeInstanceOf(ConflictError);
    expect(conflict).toMatchObject({ status: 409, code: "idempotency_conflict" });
    await client.waitForTask(first.task_id);
  });

  it("per-task options and labels reach the task; a follow-up takes its own options", () => {
    const { created, done, events } = finished;
    expect(created.options).toEqual(options);
    expect(created.labels).toEqual({ team: "sdk" });
    expect(done.runs[1]?.options).toEqual({ max_turns: 2 });
    // claude really got them: its init event names the model and the permission mode.
    const init = events.find((e) => e.type === "system");
    expect(init).toMatchObject({ model: "claude-test-1", permissionMode: "acceptEdits" });
  });

  it("summarize counts a resumed run's cumulative cost once, like the server's totals", () => {
    const { done, events } = finished;
    const reported = events.flatMap((e) => (e.type === "result" && e.total_cost_usd !== undefined ? [e.total_cost_usd] : []));
    expect(reported).toHaveLength(2);
    expect(reported[1]).toBeGreaterThan(reported[0] as number); // claude's running total
    const cost = summarize(events).costUsd as number;
    expect(cost).toBeCloseTo(reported[1] as number, 10);
    expect(cost).toBeCloseTo(done.totals.total_cost_usd, 10);
    expect(done.runs[1]?.cost_usd).toBeCloseTo((reported[1] as number) - (reported[0] as number), 10);
    expect(done.runs[1]?.resumed).toBe(true);
  });

  it("purge: a ConflictError while running, then the task is gone", async () => {
    const task = await client.tasks.create({ prompt: "@sleep 20000\n@reply late" });
    const conflict = await client.tasks.purge(task.task_id).catch((e: unknown) => e);
    expect(conflict).toBeInstanceOf(ConflictError);
    expect(conflict).toMatchObject({ code: "task_not_finished" });
    await client.tasks.kill(task.task_id);
    expect(await client.tasks.purge(task.task_id)).toEqual({ task_id: task.task_id, purged: true });
    await expect(client.tasks.get(task.task_id)).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("health", () => {
  it("ready() reports the checks; metrics() is Prometheus text", async () => {
    const ready = await client.ready();
    expect(ready.status).toBe("ready");
    expect(Object.keys(ready.checks)).toEqual(expect.arrayContaining(["tmux", "claude"]));
    const metrics = await client.metrics();
    expect(metrics).toMatch(/^# (HELP|TYPE) /m);
  });
});

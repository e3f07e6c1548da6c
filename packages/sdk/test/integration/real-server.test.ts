/**
 * The SDK against the REAL server: real HTTP, real tmux, the real claude CLI talking to the
 * scripted model. Every method, error classes from real responses, wait and follow on live tasks.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { startTestServer, type TestServer, unusedUrl } from "@claude-task-api/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  BadRequestError,
  ConflictError,
  ConnectionError,
  createClient,
  NotFoundError,
  parseStreamJson,
  type StreamEvent,
  summarize,
  type TaskApiClient,
  UnauthorizedError,
  WaitTimeoutError,
} from "../../src/index.js";

let server: TestServer;
let client: TaskApiClient;
/** A finished task written before the server starts, for the test that only needs one to exist. */
let finishedId: string;

beforeAll(async () => {
  server = await startTestServer({ seed: [{ createdAt: Math.floor(Date.now() / 1000) - 60, n: 1, prompt: "@reply quick" }] });
  finishedId = server.seeded[0] as string;
  client = createClient({ baseUrl: server.url, token: server.token });
});
afterAll(async () => {
  await server?.stop();
});

describe("a task from start to finish", () => {
  it("create → follow (live) → wait → get/list/output → sendMessage → follow-up result", async () => {
    const task = await client.tasks.create({
      prompt: "Write a note\n@write notes/hello.txt hello from the sdk\n@sleep 1500\n@reply wrote notes/hello.txt",
    });
    expect(task).toMatchObject({ status: "running", prompt: expect.stringContaining("Write a note"), followups: [] });
    expect(task.task_id).toMatch(/^\d+-[0-9a-f]{8}$/);

    const seen: Array<{ event: StreamEvent; at: number }> = [];
    for await (const event of client.followOutput(task.task_id, { intervalMs: 200 })) seen.push({ event, at: Date.now() });
    const done = await client.waitForTask(task.task_id);
    expect(done.status).toBe("completed");
    // The tool call was seen well before the run ended: follow is live, not a dump at the end.
    const firstToolCall = seen.find(
      ({ event }) => event.type === "assistant" && event.message.content.some((b) => b.type === "tool_use"),
    );
    expect(firstToolCall).toBeDefined();
    expect((done.finished_at as number) * 1000 - (firstToolCall?.at ?? 0)).toBeGreaterThan(700);
    expect(seen.map(({ event }) => event.type)).toEqual(
      expect.arrayContaining(["system", "assistant", "user", "result", "exit"]),
    );
    expect(seen.at(-1)?.event).toEqual({ type: "exit", code: 0 });
    expect(readFileSync(join(server.workdirRoot, "notes/hello.txt"), "utf8")).toBe("hello from the sdk");

    const detail = await client.tasks.get(task.task_id);
    expect(detail.recent_output).toContain("__CLAUDE_EXIT_CODE_0__");
    const output = await client.tasks.output(task.task_id);
    expect(summarize(parseStreamJson(output))).toMatchObject({
      resultText: "wrote notes/hello.txt",
      isError: false,
      exitCode: 0,
      runs: 1,
    });
    expect((await client.tasks.output(task.task_id, { tail: 1 })).trim()).toBe("__CLAUDE_EXIT_CODE_0__");
    expect((await client.tasks.list()).tasks.map((t) => t.task_id)).toContain(task.task_id);

    const sent = await client.tasks.sendMessage(task.task_id, { prompt: "@reply second answer" });
    expect(sent.status).toBe("running");
    expect(sent.followups).toHaveLength(1);
    const statuses: string[] = [];
    const after = await client.waitForTask(task.task_id, { intervalMs: 200, onStatus: (t) => statuses.push(t.status) });
    expect(after.status).toBe("completed");
    expect(after.followups[0]).toMatchObject({ state: "completed", exit_code: 0 });
    expect(statuses.at(-1)).toBe("completed");
    expect(summarize(parseStreamJson(await client.tasks.output(task.task_id)))).toMatchObject({
      resultText: "second answer",
      runs: 2,
    });
  });

  it("a run that fails ends in error, with is_error in the result", async () => {
    const task = await client.tasks.create({ prompt: "@fail 500 scripted failure" });
    const done = await client.waitForTask(task.task_id, { intervalMs: 200 });
    expect(done.status).toBe("error");
    expect(summarize(parseStreamJson(done.recent_output))).toMatchObject({ isError: true, exitCode: 1 });
  });

  it("kill stops a running task; killing again answers the same; killing a finished one is a ConflictError", async () => {
    const task = await client.tasks.create({ prompt: "@sleep 30000\n@reply too late" });
    await expect(client.waitForTask(task.task_id, { timeoutMs: 300, intervalMs: 100 })).rejects.toBeInstanceOf(WaitTimeoutError);
    const killed = await client.tasks.kill(task.task_id);
    expect(killed).toMatchObject({ task_id: task.task_id, status: "killed" });
    expect((await client.waitForTask(task.task_id)).status).toBe("killed");
    expect((await client.tasks.kill(task.task_id)).status).toBe("killed");

    const conflict = await client.tasks.kill(finishedId).catch((e: unknown) => e);
    expect(conflict).toBeInstanceOf(ConflictError);
    expect(conflict).toMatchObject({ status: 409, code: "task_finished" });
  });
});

describe("error classes from real responses", () => {
  it("unknown task → NotFoundError(404, task_not_found)", async () => {
    const error = await client.tasks.get("1700000000-deadbeef").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ status: 404, code: "task_not_found" });
  });

  it("wrong token → UnauthorizedError(401, unauthorized)", async () => {
    const error = await createClient({ baseUrl: server.url, token: "wrong" })
      .tasks.list()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnauthorizedError);
    expect(error).toMatchObject({ status: 401, code: "unauthorized" });
  });

  it("empty prompt and a workdir outside the root → BadRequestError with the server code", async () => {
    const blank = await client.tasks.create({ prompt: "   " }).catch((e: unknown) => e);
    expect(blank).toBeInstanceOf(BadRequestError);
    expect(blank).toMatchObject({ status: 400, code: "validation_failed" });
    const outside = await client.tasks.create({ prompt: "x", workdir: "/" }).catch((e: unknown) => e);
    expect(outside).toBeInstanceOf(BadRequestError);
    expect(outside).toMatchObject({ status: 400, code: "invalid_workdir" });
  });

  it("bad task id → BadRequestError", async () => {
    await expect(client.tasks.get("not-an-id")).rejects.toBeInstanceOf(BadRequestError);
  });

  it("nothing listening → ConnectionError", async () => {
    const error = await createClient({ baseUrl: await unusedUrl(), retries: 0 })
      .health()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
  });

  it("health needs no token", async () => {
    expect(await createClient({ baseUrl: server.url }).health()).toEqual({ status: "ok" });
    expect(existsSync(join(server.tasksDir, ".api-token"))).toBe(true);
  });
});

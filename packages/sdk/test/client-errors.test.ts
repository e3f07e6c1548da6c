import { fakeTask, json, type LocalServer, startLocalServer, unusedUrl } from "@claude-task-api/testkit";
import { afterEach, describe, expect, it } from "vitest";
import {
  BadRequestError,
  ConflictError,
  ConnectionError,
  createClient,
  NotFoundError,
  ServerError,
  TaskApiError,
  TimeoutError,
  UnauthorizedError,
} from "../src/index.js";

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const ID = "1707000000-a1b2c3d4";

async function rejectionOf(promise: Promise<unknown>): Promise<TaskApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TaskApiError);
  return error as TaskApiError;
}

describe("HTTP failures become typed errors", () => {
  const cases = [
    { status: 400, code: "validation_failed", Class: BadRequestError },
    { status: 413, code: "payload_too_large", Class: BadRequestError },
    { status: 401, code: "unauthorized", Class: UnauthorizedError },
    { status: 404, code: "task_not_found", Class: NotFoundError },
    { status: 409, code: "task_finished", Class: ConflictError },
    { status: 500, code: "internal_error", Class: ServerError },
  ] as const;

  for (const { status, code, Class } of cases) {
    it(`${status} → ${Class.name} with status, code and the server's message`, async () => {
      server = await startLocalServer((_req, res) => json(res, status, { error: `boom ${status}`, code }));
      const client = createClient({ baseUrl: server.url, token: "t", retries: 0 });
      const error = await rejectionOf(client.tasks.kill(ID));
      expect(error).toBeInstanceOf(Class);
      expect(error.status).toBe(status);
      expect(error.code).toBe(code);
      expect(error.message).toContain(`boom ${status}`);
      expect(error.message).toContain(`DELETE /api/claude/tasks/${ID}`);
      expect(error.body).toEqual({ error: `boom ${status}`, code });
    });
  }

  it("keeps a non-JSON error body (a proxy page) as text", async () => {
    server = await startLocalServer((_req, res) =>
      res.writeHead(502, { "Content-Type": "text/html" }).end("<h1>Bad Gateway</h1>"),
    );
    const client = createClient({ baseUrl: server.url, retries: 0 });
    const error = await rejectionOf(client.tasks.list());
    expect(error).toBeInstanceOf(ServerError);
    expect(error.code).toBeUndefined();
    expect(error.body).toBe("<h1>Bad Gateway</h1>");
  });
});

describe("retries", () => {
  it("retries a GET after 5xx and succeeds", async () => {
    let calls = 0;
    server = await startLocalServer((_req, res) => {
      calls += 1;
      if (calls < 3) return json(res, 503, { error: "starting", code: "internal_error" });
      json(res, 200, { tasks: [] });
    });
    const client = createClient({ baseUrl: server.url, retries: 2 });
    expect(await client.tasks.list()).toEqual({ tasks: [] });
    expect(calls).toBe(3);
  });

  it("gives up after `retries` extra attempts", async () => {
    server = await startLocalServer((_req, res) => json(res, 500, { error: "down", code: "internal_error" }));
    const client = createClient({ baseUrl: server.url, retries: 1 });
    await expect(client.tasks.get(ID)).rejects.toBeInstanceOf(ServerError);
    expect(server.requests).toHaveLength(2);
  });

  it("never repeats a POST that reached the server", async () => {
    server = await startLocalServer((_req, res) => json(res, 500, { error: "half done", code: "internal_error" }));
    const client = createClient({ baseUrl: server.url, retries: 3 });
    await expect(client.tasks.create({ prompt: "x" })).rejects.toBeInstanceOf(ServerError);
    await expect(client.tasks.sendMessage(ID, { prompt: "x" })).rejects.toBeInstanceOf(ServerError);
    expect(server.requests.map((r) => r.method)).toEqual(["POST", "POST"]);
  });

  it("repeats a create that carries an idempotency key (the server dedupes it)", async () => {
    let calls = 0;
    server = await startLocalServer((_req, res) => {
      calls += 1;
      if (calls === 1) return json(res, 502, { error: "proxy hiccup", code: "internal_error" });
      json(res, 201, fakeTask());
    });
    const client = createClient({ baseUrl: server.url, retries: 2 });
    expect((await client.tasks.create({ prompt: "x" }, { idempotencyKey: "job-42" })).task_id).toBe(ID);
    expect(server.requests.map((r) => r.headers["idempotency-key"])).toEqual(["job-42", "job-42"]);
  });

  it("does not retry 4xx", async () => {
    server = await startLocalServer((_req, res) => json(res, 404, { error: "no", code: "task_not_found" }));
    const client = createClient({ baseUrl: server.url, retries: 3 });
    await expect(client.tasks.get(ID)).rejects.toBeInstanceOf(NotFoundError);
    expect(server.requests).toHaveLength(1);
  });

  it("a POST whose request timed out is not repeated", async () => {
    server = await startLocalServer(async (_req, res) => {
      await new Promise((resolve) => setTimeout(resolve, 500));
      json(res, 201, fakeTask());
    });
    const client = createClient({ baseUrl: server.url, retries: 3, timeoutMs: 100 });
    await expect(client.tasks.create({ prompt: "x" })).rejects.toBeInstanceOf(TimeoutError);
    expect(server.requests).toHaveLength(1);
  });
});

describe("connection failures", () => {
  it("an unreachable server is a ConnectionError naming the cause", async () => {
    const client = createClient({ baseUrl: await unusedUrl(), retries: 0 });
    const error = await rejectionOf(client.tasks.list());
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.status).toBeUndefined();
    expect(error.message).toContain("ECONNREFUSED");
  });

  it("a refused POST is safe to retry (it never arrived), and is retried", async () => {
    const url = await unusedUrl();
    let attempts = 0;
    const countingFetch: typeof fetch = (input, init) => {
      attempts += 1;
      return fetch(input, init);
    };
    const client = createClient({ baseUrl: url, retries: 2, fetch: countingFetch });
    await expect(client.tasks.create({ prompt: "x" })).rejects.toBeInstanceOf(ConnectionError);
    expect(attempts).toBe(3);
  });

  it("a slow response is a TimeoutError after timeoutMs", async () => {
    server = await startLocalServer(async (_req, res) => {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      json(res, 200, { tasks: [] });
    });
    const client = createClient({ baseUrl: server.url, retries: 0, timeoutMs: 100 });
    const started = Date.now();
    const error = await rejectionOf(client.tasks.list());
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(Date.now() - started).toBeLessThan(900);
  });

  it("the caller's signal aborts with its own reason and is not retried", async () => {
    server = await startLocalServer(async (_req, res) => {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      json(res, 200, { tasks: [] });
    });
    const client = createClient({ baseUrl: server.url, retries: 3 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error("user gave up")), 50);
    await expect(client.tasks.list({ signal: controller.signal })).rejects.toThrow("user gave up");
    expect(server.requests).toHaveLength(1);
  });
});

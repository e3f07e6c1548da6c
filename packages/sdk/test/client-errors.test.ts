import { fakeTask, json, type LocalServer, startLocalServer, unusedUrl } from "@claude-task-api/testkit";
import { afterEach, describe, expect, it } from "vitest";
import {
  APIUserAbortError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  ConnectionError,
  createClient,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
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
    { status: 401, code: "unauthorized", Class: AuthenticationError },
    { status: 403, code: "unauthorized", Class: PermissionDeniedError },
    { status: 429, code: "internal_error", Class: RateLimitError },
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

  it("401 and 403 are different classes, both still caught as UnauthorizedError", async () => {
    for (const status of [401, 403]) {
      server = await startLocalServer((_req, res) => json(res, status, { error: "no", code: "unauthorized" }));
      const error = await rejectionOf(createClient({ baseUrl: server.url, retries: 0 }).tasks.list());
      expect(error).toBeInstanceOf(UnauthorizedError);
      expect(error instanceof AuthenticationError).toBe(status === 401);
      expect(error instanceof PermissionDeniedError).toBe(status === 403);
      await server.close();
    }
    server = undefined;
  });

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
    // The server never answers; the client's timeout is long enough for the request to arrive
    // on a busy machine (the server runs in this same process).
    server = await startLocalServer(() => new Promise<void>(() => {}));
    const client = createClient({ baseUrl: server.url, retries: 3, timeoutMs: 1000 });
    await expect(client.tasks.create({ prompt: "x" })).rejects.toBeInstanceOf(TimeoutError);
    expect(server.requests).toHaveLength(1);
  });
});

describe("408 and 429", () => {
  it("a 429 is retried after the Retry-After the server asked for, even on a POST", async () => {
    const at: number[] = [];
    server = await startLocalServer((_req, res) => {
      at.push(Date.now());
      if (at.length === 1)
        return res
          .writeHead(429, { "Retry-After": "1", "Content-Type": "application/json" })
          .end('{"error":"slow down","code":"internal_error"}');
      json(res, 201, fakeTask());
    });
    const client = createClient({ baseUrl: server.url, retries: 2 });
    expect((await client.tasks.create({ prompt: "x" })).task_id).toBe(ID);
    expect(at).toHaveLength(2);
    // Backoff alone would have waited at most 250 ms.
    expect((at[1] as number) - (at[0] as number)).toBeGreaterThanOrEqual(950);
  });

  it("a 408 is retried for any method", async () => {
    server = await startLocalServer((_req, res) => {
      if (server?.requests.length === 1) return json(res, 408, { error: "too slow", code: "bad_request" });
      json(res, 200, { task_id: ID, status: "killed", killed_at: 1 });
    });
    const client = createClient({ baseUrl: server.url, retries: 1 });
    expect((await client.tasks.kill(ID)).status).toBe("killed");
    expect(server.requests).toHaveLength(2);
  });

  it("when retries run out, a 429 is a RateLimitError carrying retryAfterMs", async () => {
    server = await startLocalServer((_req, res) =>
      res.writeHead(429, { "Retry-After": "0" }).end('{"error":"slow down","code":"internal_error"}'),
    );
    const error = await rejectionOf(createClient({ baseUrl: server.url, retries: 2 }).tasks.list());
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterMs).toBe(0);
    expect(server.requests).toHaveLength(3);
  });

  it("a Retry-After longer than a minute is handed to the caller at once", async () => {
    server = await startLocalServer((_req, res) => res.writeHead(429, { "Retry-After": "3600" }).end("{}"));
    const started = Date.now();
    const error = await rejectionOf(createClient({ baseUrl: server.url, retries: 3 }).tasks.list());
    expect((error as RateLimitError).retryAfterMs).toBe(3_600_000);
    expect(server.requests).toHaveLength(1);
    // Not after a wait: any wait the client chose would be a minute or more.
    expect(Date.now() - started).toBeLessThan(30_000);
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
    // The server never answers: only the client's timeout can end the call.
    server = await startLocalServer(() => new Promise<void>(() => {}));
    const client = createClient({ baseUrl: server.url, retries: 0, timeoutMs: 100 });
    const started = Date.now();
    const error = await rejectionOf(client.tasks.list());
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(Date.now() - started).toBeGreaterThanOrEqual(95);
  });

  it("the caller's signal aborts with APIUserAbortError (its reason as cause) and is not retried", async () => {
    server = await startLocalServer(async (_req, res) => {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      json(res, 200, { tasks: [] });
    });
    const client = createClient({ baseUrl: server.url, retries: 3 });
    const controller = new AbortController();
    const reason = new Error("user gave up");
    setTimeout(() => controller.abort(reason), 50);
    const error = await rejectionOf(client.tasks.list({ signal: controller.signal }));
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect(error.cause).toBe(reason);
    expect(server.requests).toHaveLength(1);
  });
});

/**
 * Fast in-process checks through app.request(): no port, but a real runtime on a temp
 * TASKS_DIR and a private tmux socket (no task is started by these requests).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import type { ResponseViolation } from "../../src/http/response-check/response-check.js";
import { createRuntime, type Runtime } from "../../src/runtime.js";
import { silentLogger } from "../../src/util/logger.js";

const root = mkdtempSync(path.join(tmpdir(), "cta-routes-"));
let runtime: Runtime;
let app: ReturnType<typeof createApp>;
let token: string;

/** Every answer these tests see must be one openapi.yaml declares (http/response-check). */
const violations: ResponseViolation[] = [];
afterEach(() => {
  expect(violations.splice(0)).toEqual([]);
});

beforeAll(async () => {
  const config = loadConfig({
    HOME: root,
    PATH: process.env.PATH,
    TASKS_DIR: path.join(root, "tasks"),
    TMUX_SOCKET: path.join(root, "tmux.sock"),
    MAX_BODY_BYTES: "2048",
    TRUST_PROXY_HEADERS: "true",
  });
  runtime = await createRuntime(config, { runnerScript: "/nonexistent", log: silentLogger });
  app = createApp(runtime.services, {
    maxBodyBytes: config.maxBodyBytes,
    door: config.door,
    checkResponses: (v) => violations.push(v),
  });
  token = await runtime.services.tokens.get();
});
afterAll(async () => {
  await runtime.stop();
  rmSync(root, { recursive: true, force: true });
});

const req = (p: string, init: RequestInit = {}) =>
  app.request(p, { ...init, headers: { authorization: `Bearer ${token}`, ...(init.headers as Record<string, string>) } });

describe("routes in-process", () => {
  it("lists an empty store", async () => {
    const res = await req("/api/claude/tasks");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ tasks: [] });
  });

  it("answers unknown routes with the error shape", async () => {
    const res = await req("/api/claude/nope");
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ code: "not_found" });
  });

  it("answers 413 with the error shape for bodies over the limit", async () => {
    const res = await req("/api/claude/tasks", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ prompt: "x".repeat(5000) }),
    });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ code: "payload_too_large" });
  });

  it("names every problem in one validation error", async () => {
    const res = await req("/api/claude/tasks", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ workdir: 5, extra: 1 }),
    });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.code).toBe("validation_failed");
    expect(body.error).toMatch(/prompt is required/);
    expect(body.error).toMatch(/extra/);
    expect(body.error).toMatch(/workdir/);
  });

  const post = (body: unknown, contentType = "application/json") =>
    req("/api/claude/tasks", { method: "POST", headers: { "content-type": contentType }, body: JSON.stringify(body) });

  // The messages come from openapi.yaml's x-error-message, through the generated schemas.
  const badInputs: Array<[string, () => Response | Promise<Response>, string]> = [
    [
      "a malformed task id",
      () => req("/api/claude/tasks/1700000000-DEADBEEF"),
      "task_id: task_id must look like 1707000000-a1b2c3d4",
    ],
    [
      "a fractional tail",
      () => req("/api/claude/tasks/1700000000-deadbeef/output?tail=1.5"),
      "tail: tail must be a whole number",
    ],
    [
      "a tail that is not a number",
      () => req("/api/claude/tasks/1700000000-deadbeef/output?tail=abc"),
      "tail: tail must be a whole number",
    ],
    [
      "a tail over the limit",
      () => req("/api/claude/tasks/1700000000-deadbeef/output?tail=100001"),
      "tail: tail must be at most 100000",
    ],
    ["a zero limit", () => req("/api/claude/tasks?limit=0"), "limit: limit must be at least 1"],
    [
      "a bad purge flag",
      () => req("/api/claude/tasks/1700000000-deadbeef?purge=yes", { method: "DELETE" }),
      "purge: purge must be true or false",
    ],
    [
      "a bad label filter",
      () => req("/api/claude/tasks?label=nocolon"),
      "label: label must be key:value pairs separated by commas",
    ],
    [
      "a tool name with a comma",
      () => post({ prompt: "hi", allowed_tools: ["Read,Edit"] }),
      "allowed_tools.0: tool names start with a letter, _ or *, and hold no commas or control characters",
    ],
    [
      "a label value with a comma",
      () => post({ prompt: "hi", labels: { team: "a,b" } }),
      "labels.team: label values may not contain commas",
    ],
    [
      "33 labels",
      () => post({ prompt: "hi", labels: Object.fromEntries(Array.from({ length: 33 }, (_, i) => [`k${i}`, "v"])) }),
      "labels: at most 32 labels",
    ],
    [
      "a callback that is not http",
      () => post({ prompt: "hi", callback_url: "ftp://example.com/x" }),
      "callback_url: callback_url must be an absolute http(s) URL",
    ],
    [
      "a bad Idempotency-Key",
      () =>
        req("/api/claude/tasks", {
          method: "POST",
          headers: { "content-type": "application/json", "idempotency-key": "a b" },
          body: "{}",
        }),
      "idempotency-key: Idempotency-Key must be 1-255 visible ASCII characters",
    ],
  ];
  for (const [name, send, message] of badInputs) {
    it(`rejects ${name} with the documented message`, async () => {
      const res = await send();
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({ error: message, code: "validation_failed" });
    });
  }

  it("checks that a body is declared as JSON before validating it", async () => {
    const res = await post({ prompt: "hi" }, "text/plain");
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      code: "bad_request",
      error: expect.stringMatching(/Content-Type: application\/json/),
    });
  });

  it("serves the oauth mirror of the task routes only with identity headers", async () => {
    const ok = await app.request("/oauth/api/claude/tasks", { headers: { "x-auth-request-user": "bob" } });
    expect(ok.status).toBe(200);
    const no = await app.request("/oauth/api/claude/tasks", { headers: { authorization: `Bearer ${token}` } });
    expect(no.status).toBe(401);
  });
});

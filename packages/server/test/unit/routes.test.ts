/**
 * Fast in-process checks through app.request(): no port, but a real runtime on a temp
 * TASKS_DIR and a private tmux socket (no task is started by these requests).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { createRuntime, type Runtime } from "../../src/runtime.js";
import { silentLogger } from "../../src/util/logger.js";

const root = mkdtempSync(path.join(tmpdir(), "cta-routes-"));
let runtime: Runtime;
let app: ReturnType<typeof createApp>;
let token: string;

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
  app = createApp(runtime.services, { maxBodyBytes: config.maxBodyBytes, door: config.door });
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

  it("serves the oauth mirror of the task routes only with identity headers", async () => {
    const ok = await app.request("/oauth/api/claude/tasks", { headers: { "x-auth-request-user": "bob" } });
    expect(ok.status).toBe(200);
    const no = await app.request("/oauth/api/claude/tasks", { headers: { authorization: `Bearer ${token}` } });
    expect(no.status).toBe(401);
  });
});

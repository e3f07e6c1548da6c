/**
 * The access log line and the request metrics, through app.request() on a real runtime: the
 * line's fields, their order and their types are what operators' queries read, so the request
 * path's speed-ups must leave them exactly as they are. And the request frame around every route
 * (http/request-frame.ts, framing-router.ts): once per request, first, on every kind of route.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { createRuntime, type Runtime } from "../../src/runtime.js";
import { createLogger } from "../../src/util/logger.js";
import { seededId, writeFinishedTask } from "../helpers/seed-tasks.js";

const root = mkdtempSync(path.join(tmpdir(), "cta-request-log-"));
const id = seededId(1_700_000_000, 42);
const lines: string[] = [];
let runtime: Runtime;
let app: ReturnType<typeof createApp>;
let token: string;

beforeAll(async () => {
  const tasksDir = path.join(root, "tasks");
  writeFinishedTask(tasksDir, id, 1_700_000_000);
  const config = loadConfig({
    HOME: root,
    PATH: process.env.PATH,
    TASKS_DIR: tasksDir,
    TMUX_SOCKET: path.join(root, "tmux.sock"),
  });
  const log = createLogger("info", { write: (line: string) => void lines.push(line) });
  runtime = await createRuntime(config, { runnerScript: "/nonexistent", log });
  app = createApp(runtime.services, { maxBodyBytes: config.maxBodyBytes });
  token = await runtime.services.tokens.get();
});
afterAll(async () => {
  await runtime.stop();
  rmSync(root, { recursive: true, force: true });
});

/** The request lines written while `send` runs. */
async function requestLines(send: () => Response | Promise<Response>): Promise<Record<string, unknown>[]> {
  const before = lines.length;
  await send();
  return lines
    .slice(before)
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((line) => line.msg === "request");
}

describe("access log", () => {
  it("writes one line per request: level, time, method, route pattern, status, duration, task id, in that order", async () => {
    const [line, ...more] = await requestLines(() =>
      app.request(`/api/claude/tasks/${id}`, { headers: { authorization: `Bearer ${token}` } }),
    );
    expect(more).toEqual([]);
    expect(Object.keys(line ?? {})).toEqual(["level", "time", "method", "route", "status", "duration_ms", "task_id", "msg"]);
    expect(line).toEqual({
      level: "info",
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      method: "GET",
      route: "/api/claude/tasks/:task_id",
      status: "200",
      duration_ms: expect.any(Number),
      task_id: id,
      msg: "request",
    });
  });

  it("leaves out task_id where the path names no task, and logs refusals and unknown routes too", async () => {
    const [health] = await requestLines(() => app.request("/healthz"));
    expect(Object.keys(health ?? {})).toEqual(["level", "time", "method", "route", "status", "duration_ms", "msg"]);
    expect(health).toMatchObject({ method: "GET", route: "/healthz", status: "200" });
    const [refused] = await requestLines(() => app.request(`/api/claude/tasks/${id}`));
    // The route is the pattern of the layer that answered: the operation's, whose door guard refused it.
    expect(refused).toMatchObject({ route: "/api/claude/tasks/:task_id", status: "401", task_id: id });
    const [unknown] = await requestLines(() => app.request("/nowhere/at/all", { method: "DELETE" }));
    expect(unknown).toMatchObject({ method: "DELETE", route: "unmatched", status: "404" });
    expect(unknown).not.toHaveProperty("task_id");
  });

  it("never writes the token", async () => {
    await requestLines(() => app.request(`/api/claude/tasks/${id}`, { headers: { authorization: `Bearer ${token}` } }));
    expect(lines.join("")).not.toContain(token);
  });
});

describe("request metrics", () => {
  it("counts and times each request by method, route pattern and status", async () => {
    const series = 'method="GET",route="/api/claude/tasks/:task_id",status="200"';
    const count = async () => {
      const text = await runtime.services.metrics.registry.metrics();
      const value = (name: string) =>
        Number(
          text
            .split("\n")
            .find((l) => l.startsWith(`${name}{${series}} `))
            ?.split(" ")[1] ?? 0,
        );
      return [value("http_requests_total"), value("http_request_duration_seconds_count")];
    };
    const [before = 0, timedBefore = 0] = await count();
    for (let i = 0; i < 3; i++) await app.request(`/api/claude/tasks/${id}`, { headers: { authorization: `Bearer ${token}` } });
    expect(await count()).toEqual([before + 3, timedBefore + 3]);
  });
});

describe("the request frame", () => {
  const detail = () => new Request(`http://localhost/api/claude/tasks/${id}`, { headers: { authorization: `Bearer ${token}` } });

  it("answers a finished task's kept detail without a promise, logged like any other", async () => {
    await app.fetch(detail());
    const before = lines.length;
    const answer = app.fetch(detail());
    // Synchronous: @hono/node-server then writes it in the tick the request was parsed.
    expect(answer).toBeInstanceOf(Response);
    expect((answer as Response).status).toBe(200);
    expect(JSON.parse(await (answer as Response).text())).toMatchObject({ task_id: id, status: "completed" });
    expect(lines.slice(before).map((l) => JSON.parse(l))).toMatchObject([{ route: "/api/claude/tasks/:task_id", status: "200" }]);
  });

  it("refuses a foreign Host first, whatever else the route runs: one line each", async () => {
    const foreign = { host: "evil.example", authorization: `Bearer ${token}` };
    for (const [method, where, body] of [
      ["GET", `/api/claude/tasks/${id}`, undefined], // one handler: the frame fused with it
      ["POST", "/api/claude/tasks", JSON.stringify({ prompt: "x" })], // the body limit's layer after it
      ["GET", "/oauth/api/claude/tasks", undefined], // the proxy door's layer after it
      ["GET", "/nowhere", undefined], // no route at all
    ] as const) {
      const found = await requestLines(async () => {
        const res = await app.request(`http://evil.example${where}`, { method, headers: foreign, body });
        expect(res.status, `${method} ${where}`).toBe(403);
        expect((await res.json()).code).toBe("host_not_allowed");
        return res;
      });
      expect(found, `${method} ${where}`).toMatchObject([{ method, status: "403" }]);
    }
  });

  it("answers a request that runs several layers (a body, validated) once, with the error model", async () => {
    const found = await requestLines(async () => {
      const res = await app.request("/api/claude/tasks", {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify({ prompt: "" }),
      });
      expect(res.status).toBe(400);
      expect((await res.json()).code).toBe("validation_failed");
      return res;
    });
    expect(found).toMatchObject([{ method: "POST", route: "/api/claude/tasks", status: "400" }]);
  });
});

/** A token limited to workdirs creates, sees and touches only the tasks there: the others are 404, as if they did not exist. */
import { mkdirSync } from "node:fs";
import path from "node:path";
import { startTestServer, type TestServer } from "@claude-task-api/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api } from "../helpers/api.js";
import { http } from "../helpers/http.js";

let server: TestServer;
let limited: string;
let ownTask: string;
let otherTask: string;

beforeAll(async () => {
  server = await startTestServer();
  mkdirSync(path.join(server.workdirRoot, "team-a", "repo"), { recursive: true });
  mkdirSync(path.join(server.workdirRoot, "team-b"), { recursive: true });
  const created = await http(server.url, "POST", "/api/claude/tokens", {
    token: server.token,
    body: { name: "team a", scopes: ["tasks:read", "tasks:write", "approvals:write"], workdirs: ["team-a"] },
  });
  expect(created.status, created.text).toBe(201);
  limited = created.json.token;
  const owner = api(server);
  // Still running while the limited token tries it: a kill must be refused as not found, not as finished.
  const other = await owner.create({ prompt: "@sleep 30000\n@reply b", workdir: "team-b" });
  expect(other.status, other.text).toBe(201);
  otherTask = other.json.task_id;
});
afterAll(() => server?.stop());

const as = (token: string, method: string, p: string, body?: unknown) =>
  http(server.url, method, p, { token, ...(body === undefined ? {} : { body }) });

describe("a workdir-limited token", () => {
  it("creates tasks only under its workdirs", async () => {
    const inside = await as(limited, "POST", "/api/claude/tasks", { prompt: "@reply a", workdir: "team-a/repo" });
    expect(inside.status, inside.text).toBe(201);
    ownTask = inside.json.task_id;
    const outside = await as(limited, "POST", "/api/claude/tasks", { prompt: "@reply x", workdir: "team-b" });
    expect(outside.status).toBe(403);
    expect(outside.json.code).toBe("insufficient_scope");
    expect(outside.json.error).toContain(path.join("team-a"));
    // Without a workdir the default (WORKDIR_ROOT's default) is outside its limit too.
    const byDefault = await as(limited, "POST", "/api/claude/tasks", { prompt: "@reply x" });
    expect(byDefault.status).toBe(403);
    const dotDot = await as(limited, "POST", "/api/claude/tasks", { prompt: "@reply x", workdir: "team-a/../team-b" });
    expect(dotDot.status).toBe(403);
  });

  it("lists only its own tasks", async () => {
    const mine = await as(limited, "GET", "/api/claude/tasks");
    expect(mine.json.tasks.map((t: { task_id: string }) => t.task_id)).toEqual([ownTask]);
    const paged = await as(limited, "GET", "/api/claude/tasks?limit=10");
    expect(paged.json.tasks.map((t: { task_id: string }) => t.task_id)).toEqual([ownTask]);
    // Oldest first, the other workdir's task comes first: left out before the page is cut, so the
    // one-task page is the token's own and says nothing more follows (not an empty page and a cursor).
    const first = await as(limited, "GET", "/api/claude/tasks?sort=oldest&limit=1");
    expect(first.json).toEqual({ tasks: [expect.objectContaining({ task_id: ownTask })] });
    const all = await as(server.token, "GET", "/api/claude/tasks");
    expect(all.json.tasks.map((t: { task_id: string }) => t.task_id).sort()).toEqual([ownTask, otherTask].sort());
  });

  it("gets 404 for another task's detail, output, events, diff, message, approval and kill", async () => {
    for (const [method, suffix, body] of [
      ["GET", "", undefined],
      ["GET", "/output", undefined],
      ["GET", "/events", undefined],
      ["GET", "/diff", undefined],
      ["POST", "/message", { prompt: "@reply y" }],
      ["POST", "/approvals/a1", { decision: "allow" }],
      ["DELETE", "", undefined],
    ] as const) {
      const res = await as(limited, method, `/api/claude/tasks/${otherTask}${suffix}`, body);
      expect(res.status, `${method} ${suffix}: ${res.text}`).toBe(404);
      expect(res.json).toEqual({ code: "task_not_found", error: "Task not found" });
    }
    const still = await as(server.token, "GET", `/api/claude/tasks/${otherTask}`);
    expect(still.json.status).toBe("running");
    expect(still.json.runs).toHaveLength(1);
  });

  it("reads its own task as usual", async () => {
    for (const suffix of ["", "/output", "/events?tail=1"]) {
      const res = await as(limited, "GET", `/api/claude/tasks/${ownTask}${suffix}${suffix === "" ? "?wait=30" : ""}`);
      expect(res.status, `${suffix}: ${res.text}`).toBe(200);
    }
  });

  it("cannot use schedules, which would run tasks anywhere later", async () => {
    const res = await as(limited, "GET", "/api/claude/schedules");
    expect(res.status).toBe(403);
    expect(res.json).toEqual({
      code: "insufficient_scope",
      error: "A token with limits (workdirs, secrets, MCP servers) cannot use schedules",
    });
  });

  it("cannot read usage, which sums every task's cost", async () => {
    const res = await as(limited, "GET", "/api/claude/usage");
    expect(res.status).toBe(403);
    expect(res.json).toEqual({
      code: "insufficient_scope",
      error: "A token limited to workdirs cannot read usage: it sums every task's cost",
    });
  });
});

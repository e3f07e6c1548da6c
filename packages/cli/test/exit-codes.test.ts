/** Every failure class reaches the user as its documented exit code and one line on stderr. */

import { fakeTask, json, type LocalServer, startLocalServer, unusedUrl } from "@claude-task-api/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { runInProcess } from "./support/run-in-process.js";

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const ID = "1707000000-a1b2c3d4";

async function against(status: number, body: unknown, argv: string[], env: Record<string, string> = {}) {
  server = await startLocalServer((_req, res) => json(res, status, body));
  return runInProcess(argv, { env: { CLAUDE_TASKS_URL: server.url, CLAUDE_API_TOKEN: "tok", ...env } });
}

describe("exit codes", () => {
  const cases: Array<[string, number, unknown, string[], number, RegExp]> = [
    [
      "401 → 3",
      401,
      { error: "bad token", code: "unauthorized" },
      ["list"],
      3,
      /unauthorized: the token from CLAUDE_API_TOKEN was rejected/,
    ],
    [
      "404 task → 4",
      404,
      { error: "Task not found", code: "task_not_found" },
      ["show", ID],
      4,
      /Task not found; run "claude-tasks list"/,
    ],
    ["404 route → 4", 404, { error: "Not found", code: "not_found" }, ["show", ID], 4, /is --url the task API's host/],
    ["409 → 6", 409, { error: "task already finished", code: "task_finished" }, ["kill", ID], 6, /task already finished/],
    [
      "400 → 2",
      400,
      { error: "workdir must be inside /w", code: "invalid_workdir" },
      ["run", "-w", "/", "x"],
      2,
      /rejected by the server: workdir must be inside/,
    ],
    ["500 → 1", 500, { error: "disk full", code: "internal_error" }, ["kill", ID], 1, /the server failed \(500\): disk full/],
  ];
  for (const [name, status, body, argv, code, message] of cases) {
    it(name, async () => {
      const result = await against(status, body, argv);
      expect(result.code).toBe(code);
      expect(result.stdout).toBe("");
      expect(result.stderr).toMatch(message);
      expect(result.stderr.trim().split("\n")).toHaveLength(1);
    });
  }

  it("no token at all says how to set one", async () => {
    server = await startLocalServer((_req, res) => json(res, 401, { error: "no token", code: "unauthorized" }));
    const result = await runInProcess(["list"], { env: { CLAUDE_TASKS_URL: server.url } });
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/no token is set; pass --token, set CLAUDE_API_TOKEN/);
  });

  it("unreachable server → 5", async () => {
    const result = await runInProcess(["list"], { env: { CLAUDE_TASKS_URL: await unusedUrl(), CLAUDE_API_TOKEN: "t" } });
    expect(result.code).toBe(5);
    expect(result.stderr).toMatch(/cannot reach http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\); check --url/);
  });

  it("task statuses after wait: completed 0, error 10, killed 11", async () => {
    for (const [status, code] of [
      ["completed", 0],
      ["error", 10],
      ["killed", 11],
    ] as const) {
      const result = await against(200, fakeTask({ status, finished_at: 1707000010 }), ["wait", ID]);
      expect(result.code).toBe(code);
      await server?.close();
      server = undefined;
    }
  });

  it("wait --timeout while running → 12", async () => {
    const result = await against(200, fakeTask({ status: "running" }), ["wait", "--timeout", "300ms", ID]);
    expect(result.code).toBe(12);
    expect(result.stderr).toMatch(/still running after 300 ms; it keeps running/);
  });

  it("token outside the pod → 3 with instructions", async () => {
    const result = await runInProcess(["token"], { env: { CLAUDE_TASKS_URL: "https://alice.example.com" } });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain("https://alice.example.com/oauth/api/claude/auth/token");
    expect(result.stdout).toBe("");
  });
});

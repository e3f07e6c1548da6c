/** `claude-tasks ui` as a subprocess against the real server: a one-time dashboard link. */
import { startTestServer, type TestServer } from "@claude-task-api/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runBinary } from "../support/run-binary.js";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

describe("claude-tasks ui", () => {
  it("prints a link that signs a browser in once", async () => {
    const result = await runBinary(["ui"], { CLAUDE_TASKS_URL: server.url, CLAUDE_API_TOKEN: server.token });
    expect(result.code, result.stderr).toBe(0);
    const link = result.stdout.trim();
    expect(link).toMatch(new RegExp(`^${server.url}/claude/login\\?code=[A-Za-z0-9_-]{43}$`));
    const first = await fetch(link, { redirect: "manual" });
    expect(first.status).toBe(303);
    expect(first.headers.get("location")).toBe("/claude/");
    const cookie = (first.headers.get("set-cookie") as string).split(";")[0] as string;
    const tasks = await fetch(`${server.url}/claude/api/claude/tasks`, { headers: { cookie } });
    expect(tasks.status).toBe(200);
    expect((await fetch(link, { redirect: "manual" })).status).toBe(401);
  });

  it("prints JSON with --json", async () => {
    const result = await runBinary(["--json", "ui"], { CLAUDE_TASKS_URL: server.url, CLAUDE_API_TOKEN: server.token });
    expect(result.code, result.stderr).toBe(0);
    const body = JSON.parse(result.stdout);
    expect(body.url).toMatch(/\/claude\/login\?code=/);
    expect(Date.parse(body.expires_at)).toBeGreaterThan(Date.now());
  });

  it("exits 3 with one line when the token is wrong", async () => {
    const result = await runBinary(["ui"], { CLAUDE_TASKS_URL: server.url, CLAUDE_API_TOKEN: "wrong" });
    expect(result.code).toBe(3);
    expect(result.stdout).toBe("");
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
  });
});

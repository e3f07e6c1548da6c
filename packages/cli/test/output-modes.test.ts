/** Terminal niceties appear only on terminals: colours (unless NO_COLOR) and the --wait spinner. */

import { fakeTask, json, type LocalServer, startLocalServer } from "@claude-task-api/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { runInProcess } from "./support/run-in-process.js";

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const ID = "1707000000-a1b2c3d4";
const ESC = "\x1b[";

async function listServer() {
  server = await startLocalServer((_req, res) =>
    json(res, 200, { tasks: [{ task_id: ID, prompt: "hi", status: "completed", created_at: 1 }] }),
  );
  return { CLAUDE_TASKS_URL: server.url, CLAUDE_API_TOKEN: "t" };
}

describe("colours", () => {
  it("on a TTY", async () => {
    const result = await runInProcess(["list"], { env: await listServer(), tty: true });
    expect(result.stdout).toContain(`${ESC}32mcompleted`);
  });

  it("never with NO_COLOR, --no-color or when piped", async () => {
    const env = await listServer();
    for (const [argv, extraEnv, tty] of [
      [["list"], { NO_COLOR: "1" }, true],
      [["list", "--no-color"], {}, true],
      [["list"], {}, false],
    ] as const) {
      const result = await runInProcess([...argv], { env: { ...env, ...extraEnv }, tty });
      expect(result.stdout).not.toContain(ESC);
      expect(result.stdout).toMatch(new RegExp(`^${ID}\\s+completed`, "m"));
    }
  });
});

describe("--wait progress", () => {
  function settlingServer() {
    let polls = 0;
    return startLocalServer((_req, res) => {
      polls += 1;
      json(res, 200, fakeTask({ status: polls < 3 ? "running" : "completed", finished_at: 1707000003 }));
    });
  }

  it("a spinner with elapsed time on a TTY stderr, cleared at the end", async () => {
    server = await settlingServer();
    const result = await runInProcess(["wait", ID], { env: { CLAUDE_TASKS_URL: server.url }, tty: true });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/⠋ 1707000000-a1b2c3d4 running · \d+ms/);
    expect(result.stderr).toContain("\r\x1b[K");
  });

  it("the spinner counts from when the task's run started, not from when wait was typed", async () => {
    const startedAt = Date.now() / 1000 - 90;
    let polls = 0;
    server = await startLocalServer((_req, res) => {
      polls += 1;
      const run = { index: 0, prompt: "p", state: "running" as const, sent_at: startedAt, started_at: startedAt, cost_usd: 0 };
      json(res, 200, fakeTask({ status: polls < 3 ? "running" : "completed", created_at: startedAt - 600, runs: [run] }));
    });
    const result = await runInProcess(["wait", ID], { env: { CLAUDE_TASKS_URL: server.url }, tty: true });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/ 1707000000-a1b2c3d4 running · 1m 3\ds/);
    expect(result.stderr).not.toMatch(/running · 1\dm/);
  });

  it("plain status lines when stderr is not a terminal", async () => {
    server = await settlingServer();
    const result = await runInProcess(["wait", ID], { env: { CLAUDE_TASKS_URL: server.url } });
    expect(result.stderr).not.toContain("⠋");
    expect(result.stderr).toContain(`${ID}: running\n${ID}: completed\n`);
  });
});

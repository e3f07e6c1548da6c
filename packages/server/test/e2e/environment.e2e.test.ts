/** Claude runs get the server's environment even when someone else started the tmux server. */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { startTestServer, type TestServer } from "@claude-task-api/testkit";
import { afterAll, beforeAll, expect, it } from "vitest";
import { api } from "../helpers/api.js";

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ env: { TASK_API_TEST_MARKER: "from-the-server" } });
});
afterAll(() => server?.stop());

it("passes the server's environment to claude through a tmux server started elsewhere", async () => {
  // A tmux server started by someone else, with an environment that lacks the marker.
  execFileSync("tmux", ["-S", server.tmuxSocket, "new-session", "-d", "-s", "someone-else"], {
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: server.home, TASK_API_TEST_MARKER: "from-someone-else" },
  });
  const t = api(server);
  const created = await t.create({ prompt: '@bash printf %s "$TASK_API_TEST_MARKER" > marker.txt\n@reply done' });
  const done = await t.finished(created.json.task_id);
  expect(done.status).toBe("completed");
  expect(readFileSync(path.join(server.workdirRoot, "marker.txt"), "utf8")).toBe("from-the-server");
});

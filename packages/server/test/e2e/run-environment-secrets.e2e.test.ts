/**
 * The server's secrets stay in the server: the tmux server it starts, the run wrapper inside
 * each session and claude itself get the filtered run environment. (With the chart's default
 * socket, a person's own tmux sessions are children of that tmux server too.)
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { startTestServer, type TestServer } from "@claude-task-api/testkit";
import { afterAll, beforeAll, expect, it } from "vitest";
import { api } from "../helpers/api.js";
import { waitFor } from "../helpers/http.js";

const WEBHOOK_SECRET = "webhook-secret-that-runs-never-see";
const API_TOKEN = "api-token-that-runs-never-see-1234";
const SECRETS = [WEBHOOK_SECRET, API_TOKEN];
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({
    env: { WEBHOOK_SECRET, CLAUDE_API_TOKEN: API_TOKEN, TASK_API_TEST_MARKER: "runs-see-this" },
  });
});
afterAll(() => server?.stop());

it("starts tmux, the run wrapper and claude without WEBHOOK_SECRET or the API token", async () => {
  const t = api(server);
  // The run stays alive (the model sleeps) after claude wrote its environment to a file.
  const created = await t.create({ prompt: "@bash env > claude-env.txt\n@sleep 60000\n@reply done" });
  expect(created.status).toBe(201);
  const id = created.json.task_id;
  const claudeEnvFile = path.join(server.workdirRoot, "claude-env.txt");
  const pidFile = path.join(server.tasksDir, id, "runs", "0.pid");
  await waitFor("claude to write its environment", async () => (existsSync(claudeEnvFile) ? true : undefined));
  try {
    const tmuxEnv = execFileSync("tmux", ["-S", server.tmuxSocket, "show-environment", "-g"], {
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin" },
      encoding: "utf8",
    });
    const wrapperPid = readFileSync(pidFile, "utf8").trim();
    const wrapperEnv = readFileSync(`/proc/${wrapperPid}/environ`, "utf8").split("\0").join("\n");
    const claudeEnv = readFileSync(claudeEnvFile, "utf8");
    for (const [who, env] of [
      ["tmux", tmuxEnv],
      ["the run wrapper", wrapperEnv],
      ["claude", claudeEnv],
    ] as const) {
      // Each one does carry the run environment, so a missing secret is not a missing read.
      expect(env, who).toContain("TASK_API_TEST_MARKER=runs-see-this");
      for (const secret of SECRETS) expect(env, who).not.toContain(secret);
      expect(env, who).not.toMatch(/^(WEBHOOK_SECRET|CLAUDE_API_TOKEN)=/m);
    }
  } finally {
    await t.kill(id);
  }
});

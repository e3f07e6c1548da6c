/**
 * The server's secrets stay in the server: the tmux server it starts, the run wrapper inside
 * each session and claude itself get the filtered run environment. (With the chart's default
 * socket, a person's own tmux sessions are children of that tmux server too.)
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
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

/**
 * Waits until claude's `env > claude-env.txt` has ended. The file exists as soon as the shell
 * opens it for the redirect, before `env` wrote a byte: wait for claude to send the command's
 * result back to the model (step 1 of the turn), which it does only once the command exited.
 */
const commandEnded = (model: TestServer["model"], prompt: string) =>
  waitFor("claude to write its environment", async () =>
    model.requests.some((r) => r.kind === "conversation" && r.prompt === prompt && r.step === 1) ? true : undefined,
  );

/** The environment of the run wrapper whose pid is in `pidFile` (checked to be the wrapper). */
function wrapperEnvironment(pidFile: string): string[] {
  const pid = readFileSync(pidFile, "utf8").trim();
  expect(readFileSync(`/proc/${pid}/cmdline`, "utf8")).toMatch(/run-task\.js/);
  return readFileSync(`/proc/${pid}/environ`, "utf8").split("\0").filter(Boolean);
}

it("starts tmux, the run wrapper and claude without WEBHOOK_SECRET or the API token", async () => {
  const t = api(server);
  // The run stays alive (the model sleeps) after claude wrote its environment to a file.
  const prompt = "@bash env > claude-env.txt\n@sleep 60000\n@reply done";
  const created = await t.create({ prompt });
  expect(created.status).toBe(201);
  const id = created.json.task_id;
  const claudeEnvFile = path.join(server.workdirRoot, "claude-env.txt");
  const pidFile = path.join(server.tasksDir, id, "runs", "0.pid");
  await commandEnded(server.model, prompt);
  try {
    const tmuxEnv = execFileSync("tmux", ["-S", server.tmuxSocket, "show-environment", "-g"], {
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin" },
      encoding: "utf8",
    });
    const claudeEnv = readFileSync(claudeEnvFile, "utf8");
    for (const [who, env] of [
      ["tmux", tmuxEnv],
      ["claude", claudeEnv],
    ] as const) {
      // Each one does carry the run environment, so a missing secret is not a missing read.
      expect(env, who).toContain("TASK_API_TEST_MARKER=runs-see-this");
      for (const secret of SECRETS) expect(env, who).not.toContain(secret);
      expect(env, who).not.toMatch(/^(WEBHOOK_SECRET|CLAUDE_API_TOKEN)=/m);
    }
    // The wrapper needs no environment at all: it hands claude the run environment itself.
    expect(wrapperEnvironment(pidFile)).toEqual([]);
  } finally {
    await t.kill(id);
  }
});

it("keeps the run wrapper clear of what a tmux server started by someone else holds", async () => {
  const other = await startTestServer({ model: server.model, env: { TASK_API_TEST_MARKER: "runs-see-this" } });
  try {
    // Someone's shell (say, a kubectl exec session with the pod's environment) started the tmux server.
    execFileSync("tmux", ["-S", other.tmuxSocket, "new-session", "-d", "-s", "someone-else"], {
      env: {
        PATH: process.env.PATH ?? "/usr/bin:/bin",
        HOME: other.home,
        TASK_API_WEBHOOK_SECRET: WEBHOOK_SECRET,
        CLAUDE_API_TOKEN: API_TOKEN,
      },
    });
    const t = api(other);
    // Another text than the first test's: both servers share one model and its request list.
    const prompt = "@bash env > claude-env.txt\n@sleep 60000\n@reply done in the other server";
    const created = await t.create({ prompt });
    const id = created.json.task_id;
    const claudeEnvFile = path.join(other.workdirRoot, "claude-env.txt");
    await commandEnded(other.model, prompt);
    try {
      expect(wrapperEnvironment(path.join(other.tasksDir, id, "runs", "0.pid"))).toEqual([]);
      const claudeEnv = readFileSync(claudeEnvFile, "utf8");
      expect(claudeEnv).toContain("TASK_API_TEST_MARKER=runs-see-this");
      for (const secret of SECRETS) expect(claudeEnv).not.toContain(secret);
    } finally {
      await t.kill(id);
    }
  } finally {
    await other.stop();
  }
});

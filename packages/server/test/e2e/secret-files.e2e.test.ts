/**
 * Secrets from files: a task runs as the server's user, so it can read /proc/<server pid>/environ,
 * the environment the server was started with (deleting from process.env does not change it).
 * With WEBHOOK_SECRET_FILE and PROXY_AUTH_SECRET_FILE the secrets are in no environment: a task
 * that prints the server's and its own finds neither, and both secrets still work.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { startTestServer, type TestServer } from "@claude-task-api/testkit";
import { afterAll, beforeAll, expect, it } from "vitest";
import { api } from "../helpers/api.js";
import { http } from "../helpers/http.js";

const WEBHOOK_SECRET = "webhook-secret-from-a-file-0123";
const PROXY_SECRET = "proxy-secret-from-a-file-456789";
let server: TestServer;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "cta-secrets-"));
  await writeFile(path.join(dir, "webhook-secret"), `${WEBHOOK_SECRET}\n`, { mode: 0o600 });
  await writeFile(path.join(dir, "proxy-secret"), PROXY_SECRET, { mode: 0o600 });
  server = await startTestServer({
    env: {
      WEBHOOK_SECRET_FILE: path.join(dir, "webhook-secret"),
      PROXY_AUTH_SECRET_FILE: path.join(dir, "proxy-secret"),
      TRUST_PROXY_HEADERS: "true",
      OAUTH_ALLOWED_EMAILS: "alice@example.com",
    },
  });
});
afterAll(async () => {
  await server?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

it("uses both secrets, and a task that prints the server's environment and its own sees neither", async () => {
  const t = api(server);
  // The proxy secret is the one in the file: the right one lets the owner in, another does not.
  const door = (secret: string) =>
    http(server.url, "GET", "/oauth/api/claude/tasks", {
      headers: { "X-Auth-Request-Email": "alice@example.com", "X-Auth-Request-Proxy-Secret": secret },
    });
  expect((await door(PROXY_SECRET)).status).toBe(200);
  expect((await door(`${PROXY_SECRET}x`)).status).toBe(401);
  // A callback is accepted only when the server has a webhook secret to sign it with.
  const prompt = [
    `@bash tr '\\0' '\\n' < /proc/${server.pid}/environ > server-env.txt; env > task-env.txt`,
    "@reply printed",
  ].join("\n");
  const created = await t.create({ prompt, callback_url: "https://hooks.example.com/claude" });
  expect(created.status, created.text).toBe(201);
  expect((await t.finished(created.json.task_id)).status).toBe("completed");
  const serverEnv = await readFile(path.join(server.workdirRoot, "server-env.txt"), "utf8");
  const taskEnv = await readFile(path.join(server.workdirRoot, "task-env.txt"), "utf8");
  // Each file does hold an environment, so a missing secret is not a missing read.
  expect(serverEnv).toContain("WEBHOOK_SECRET_FILE=");
  expect(taskEnv).toContain("PATH=");
  for (const [who, env] of [
    ["server", serverEnv],
    ["task", taskEnv],
  ] as const) {
    for (const secret of [WEBHOOK_SECRET, PROXY_SECRET]) expect(env, who).not.toContain(secret);
  }
});

/**
 * Webhook policy against a hostile token holder and a changed configuration: callbacks never
 * reach loopback, private or metadata addresses unless the operator opens them, never carry
 * credentials, and a stored callback obeys the policy the server has at each delivery.
 */
import { cpSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { startTestServer, type TestServer } from "@claude-task-api/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api } from "../helpers/api.js";
import { waitFor } from "../helpers/http.js";
import { seededId, writeFinishedTask } from "../helpers/seed-tasks.js";

const SECRET = "a-webhook-secret-for-tests";
let receiver: Server;
let port: number;
const received: Array<{ path: string; signature: string }> = [];
const hits = (path: string) => received.filter((r) => r.path === path).length;

beforeAll(async () => {
  receiver = createServer((req, res) => {
    received.push({ path: req.url ?? "/", signature: String(req.headers["x-claude-tasks-signature"] ?? "") });
    req.resume();
    // Every path fails, so a delivery keeps its remaining attempts for the next server.
    req.on("end", () => res.writeHead(500).end("not yet"));
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  port = (receiver.address() as AddressInfo).port;
});
afterAll(async () => {
  receiver.closeAllConnections();
  await new Promise((r) => receiver.close(r));
});

/**
 * The same task under another configuration: a new server gets a copy of the task's folder
 * while it is stopped, then starts again (as a restart with changed settings would).
 */
async function restartedWith(from: TestServer, id: string, env: Record<string, string>): Promise<TestServer> {
  const next = await startTestServer({ model: from.model, env });
  await next.shutdown();
  cpSync(path.join(from.tasksDir, id), path.join(next.tasksDir, id), { recursive: true });
  await next.restart();
  return next;
}

const attemptsOf = (server: TestServer, id: string, count: number) =>
  waitFor(`${count} recorded attempts`, async () => {
    const attempts = (await api(server).get(id)).json.callback?.attempts;
    return attempts?.length >= count ? attempts : undefined;
  });

describe("a stored callback", () => {
  // A task stored under a permissive policy whose receiver failed once: its finish notice is
  // still due when the server comes back with a stricter configuration. The task is written
  // finished (how it finished is not the point here), and its first server delivers the due
  // notice when it starts.
  let first: TestServer;
  const createdAt = Math.floor(Date.now() / 1000) - 60;
  const id = seededId(createdAt, 1);
  const later: TestServer[] = [];

  beforeAll(async () => {
    first = await startTestServer({
      env: {
        WEBHOOK_SECRET: SECRET,
        WEBHOOK_ALLOWED_HOSTS: "127.0.0.1",
        WEBHOOK_ALLOW_PRIVATE_ADDRESSES: "true",
        WEBHOOK_MAX_ATTEMPTS: "4",
        // The second attempt would come after a minute: the restart comes first.
        WEBHOOK_RETRY_BASE_MS: "60000",
      },
    });
    await first.shutdown();
    writeFinishedTask(first.tasksDir, id, createdAt, {
      callback: { url: `http://127.0.0.1:${port}/stored`, on: "finish", attempts: [] },
    });
    await first.restart();
    expect((await attemptsOf(first, id, 1))[0]).toMatchObject({ attempt: 1, status: 500 });
    expect(hits("/stored")).toBe(1);
    await first.shutdown();
  });
  afterAll(async () => {
    for (const server of later) await server.stop();
    await first?.stop();
  });

  /** Starts a server on a copy of the task with `env`, and answers the attempt it records. */
  async function nextAttemptWith(env: Record<string, string>) {
    const server = await restartedWith(first, id, { WEBHOOK_ALLOW_PRIVATE_ADDRESSES: "true", WEBHOOK_MAX_ATTEMPTS: "4", ...env });
    later.push(server);
    const attempt = (await attemptsOf(server, id, 2))[1];
    return { server, attempt };
  }

  it("is refused, not sent unsigned or with an empty key, after a restart without WEBHOOK_SECRET", async () => {
    const { server, attempt } = await nextAttemptWith({});
    expect(attempt).toMatchObject({ event: "task.finished", attempt: 2 });
    expect(attempt.status).toBeUndefined();
    expect(attempt.error).toMatch(/^refused: .*WEBHOOK_SECRET/);
    await server.waitForLog("the refusal", (line) => line.msg === "webhook refused by policy" && line.task_id === id);
    expect(hits("/stored")).toBe(1);
  });

  it("is refused after a restart with a WEBHOOK_ALLOWED_HOSTS that no longer names its host", async () => {
    const { attempt } = await nextAttemptWith({ WEBHOOK_SECRET: SECRET, WEBHOOK_ALLOWED_HOSTS: "hooks.example.test" });
    expect(attempt).toMatchObject({ event: "task.finished", attempt: 2 });
    expect(attempt.status).toBeUndefined();
    expect(attempt.error).toMatch(/^refused: .*127\.0\.0\.1 is not in WEBHOOK_ALLOWED_HOSTS/);
    expect(hits("/stored")).toBe(1);
  });

  it("is refused after a restart without WEBHOOK_ALLOW_PRIVATE_ADDRESSES, its receiver being on loopback", async () => {
    const { attempt } = await nextAttemptWith({ WEBHOOK_SECRET: SECRET, WEBHOOK_ALLOW_PRIVATE_ADDRESSES: "false" });
    expect(attempt.status).toBeUndefined();
    expect(attempt.error).toMatch(/^refused: .*loopback/);
    expect(hits("/stored")).toBe(1);
  });
});

describe("by default (no WEBHOOK_ALLOW_PRIVATE_ADDRESSES)", () => {
  let server: TestServer;
  const now = Math.floor(Date.now() / 1000);
  const seeded = {
    byName: seededId(now, 1),
    decimal: seededId(now, 2),
    withPassword: seededId(now, 3),
  };
  /** Filled once the receiver listens: id -> stored callback URL. */
  const seededUrls: Record<string, string> = {};

  beforeAll(async () => {
    server = await startTestServer({ env: { WEBHOOK_SECRET: SECRET, WEBHOOK_RETRY_BASE_MS: "100", WEBHOOK_MAX_ATTEMPTS: "3" } });
    // Tasks an earlier version stored with callbacks it accepted then; they finished and
    // their notices are due, so this server delivers them when it starts again.
    await server.shutdown();
    Object.assign(seededUrls, {
      [seeded.byName]: `http://localhost:${port}/seeded-name`,
      [seeded.decimal]: `http://2130706433:${port}/seeded-decimal`,
      [seeded.withPassword]: `http://user:hunter2@127.0.0.1:${port}/seeded-password`,
    });
    for (const [id, url] of Object.entries(seededUrls)) {
      writeFinishedTask(server.tasksDir, id, now - 60, { callback: { url, on: "finish", attempts: [] } });
    }
    await server.restart();
  });
  afterAll(() => server?.stop());

  it("refuses callbacks to loopback, private, link-local and metadata addresses at create, in any spelling", async () => {
    const t = api(server);
    for (const host of [
      "127.0.0.1",
      "2130706433",
      "0x7f000001",
      "0177.0.0.1",
      "[::1]",
      "[::ffff:127.0.0.1]",
      "localhost",
      "10.0.0.1",
      "172.16.0.1",
      "192.168.1.1",
      "100.64.0.1",
      "169.254.169.254",
      "[fd00:ec2::254]",
      "[fe80::1]",
      "0.0.0.0",
    ]) {
      const res = await t.create({ prompt: "@reply x", callback_url: `http://${host}:${port}/create` });
      expect(res.status, host).toBe(400);
      expect(res.json.code, host).toBe("validation_failed");
      expect(res.json.error, host).toMatch(/callback_url host .* is refused/);
    }
    expect(hits("/create")).toBe(0);
  });

  it("refuses a user name or password in a callback URL, and repeats neither", async () => {
    const res = await api(server).create({ prompt: "@reply x", callback_url: "https://user:hunter2@hooks.example.test/x" });
    expect(res.status).toBe(400);
    expect(res.json.code).toBe("validation_failed");
    expect(res.json.error).toMatch(/must not contain a user name or password/);
    expect(JSON.stringify(res.json)).not.toMatch(/hunter2/);
  });

  it("refuses stored callbacks to loopback (by name, in decimal form, with a password) at delivery, and says why", async () => {
    for (const [id, url] of Object.entries(seededUrls)) {
      const [refusal] = await attemptsOf(server, id, 1);
      expect(refusal.status, url).toBeUndefined();
      expect(refusal.error, url).toMatch(/^refused: /);
    }
    const attempts = async (id: string) => (await api(server).get(id)).json.callback.attempts;
    expect((await attempts(seeded.byName))[0].error).toMatch(/loopback/);
    expect((await attempts(seeded.decimal))[0].error).toMatch(/127\.0\.0\.1 is refused: .*loopback/);
    expect((await attempts(seeded.withPassword))[0].error).toMatch(/user name or password/);
    // The detail shows where the callback goes, but not the credentials an older version stored.
    const detail = (await api(server).get(seeded.withPassword)).json;
    expect(detail.callback.url).toBe(`http://127.0.0.1:${port}/seeded-password`);
    expect(JSON.stringify(detail)).not.toMatch(/hunter2/);
    expect(received.filter((r) => r.path.startsWith("/seeded"))).toEqual([]);
    // The log names where a refused delivery would have gone, without its credentials.
    const refusals = await server.waitForLog("the three refusals", (line) => line.msg === "webhook refused by policy", 3);
    expect(refusals.map((line) => line.task_id).sort()).toEqual(Object.values(seeded).sort());
    // Scheme and host only: no user name, password, path or query.
    for (const line of refusals) expect(line.target).toMatch(/^http:\/\/[^@/]+$/);
    expect(server.logs()).not.toMatch(/hunter2/);
  });
});

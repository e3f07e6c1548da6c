/** Webhooks: signed, retried with backoff, recorded on the task, never slowing the API. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { startTestServer, type TestServer } from "@claude-task-api/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifySignature } from "../../src/webhooks/signature.js";
import { api } from "../helpers/api.js";
import { waitFor } from "../helpers/http.js";

const SECRET = "a-webhook-secret-for-tests";
let server: TestServer;
let t: ReturnType<typeof api>;
let receiver: Server;
let receiverUrl: string;
const received: Array<{ path: string; body: string; signature: string; event: string; valid: boolean }> = [];
const failuresLeft = new Map<string, number>();
/** Deliveries to /held wait here until the test answers them. */
const held: ServerResponse[] = [];

const readBody = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let body = "";
    req.on("data", (d) => {
      body += d;
    });
    req.on("end", () => resolve(body));
  });

const webhookEnv = {
  WEBHOOK_SECRET: SECRET,
  WEBHOOK_ALLOWED_HOSTS: "127.0.0.1,*.example.test",
  // The receiver listens on loopback, which webhooks refuse unless the operator opens it.
  WEBHOOK_ALLOW_PRIVATE_ADDRESSES: "true",
  WEBHOOK_RETRY_BASE_MS: "100",
  WEBHOOK_TIMEOUT_MS: "1500",
  WEBHOOK_MAX_ATTEMPTS: "4",
};

beforeAll(async () => {
  receiver = createServer(async (req, res) => {
    const body = await readBody(req);
    const signature = String(req.headers["x-claude-tasks-signature"] ?? "");
    const path = req.url ?? "/";
    received.push({
      path,
      body,
      signature,
      event: String(req.headers["x-claude-tasks-event"]),
      valid: verifySignature(SECRET, body, signature),
    });
    if (path.startsWith("/hang")) return; // never answers
    if (path.startsWith("/held")) {
      held.push(res);
      return;
    }
    const left = failuresLeft.get(path) ?? 0;
    if (left > 0) {
      failuresLeft.set(path, left - 1);
      res.writeHead(500).end("not yet");
    } else res.writeHead(204).end();
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  server = await startTestServer({ env: webhookEnv });
  t = api(server);
});
afterAll(async () => {
  await server?.stop();
  receiver.closeAllConnections();
  await new Promise((r) => receiver.close(r));
});

// Each test has its own receiver path and task: they run side by side.
describe.concurrent("webhooks", () => {
  it("delivers a signed finish notice, retrying a failing receiver with backoff, and records every attempt", async ({
    expect,
  }) => {
    failuresLeft.set("/flaky", 2);
    const created = await t.create({ prompt: "@reply hooked", callback_url: `${receiverUrl}/flaky`, labels: { team: "web" } });
    expect(created.status).toBe(201);
    const id = created.json.task_id;
    await t.finished(id);
    const task = await waitFor("three attempts", async () => {
      const res = await t.get(id);
      return res.json.callback?.attempts.length === 3 ? res.json : undefined;
    });
    expect(task.callback.attempts.map((a: { status: number }) => a.status)).toEqual([500, 500, 204]);
    // Exponential backoff from WEBHOOK_RETRY_BASE_MS=100: at least 0.1 s, then 0.2 s, between
    // attempts (a busy machine only makes the gaps longer).
    const times = task.callback.attempts.map((a: { at: number; duration_ms: number }) => a.at * 1000 + a.duration_ms);
    const starts = task.callback.attempts.map((a: { at: number }) => a.at * 1000);
    expect(starts[1] - times[0]).toBeGreaterThanOrEqual(95);
    expect(starts[2] - times[1]).toBeGreaterThanOrEqual(195);
    const deliveries = received.filter((r) => r.path === "/flaky");
    expect(deliveries).toHaveLength(3);
    expect(deliveries.every((d) => d.valid)).toBe(true);
    const payload = JSON.parse(deliveries[2]?.body ?? "{}");
    expect(payload).toMatchObject({
      event: "task.finished",
      task: { task_id: id, status: "completed", labels: { team: "web" }, result: { text: "hooked" } },
    });
    expect(payload.task.prompt).toBeUndefined();
    // A forged or altered body does not verify.
    expect(verifySignature(SECRET, `${deliveries[2]?.body} `, deliveries[2]?.signature ?? "")).toBe(false);
  });

  it("sends every status change when asked to", async ({ expect }) => {
    const created = await t.create({ prompt: "@reply statuses", callback_url: `${receiverUrl}/status`, callback_on: "status" });
    await t.finished(created.json.task_id);
    await waitFor("the finish notice", async () =>
      received.some((r) => r.path === "/status" && r.event === "task.finished") ? true : undefined,
    );
    expect(received.filter((r) => r.path === "/status").map((r) => r.event)).toContain("task.finished");
  });

  it("never delays the API while a receiver holds a delivery open", async ({ expect }) => {
    // A server that waits two minutes for an answer (the most WEBHOOK_TIMEOUT_MS allows), so
    // the delivery is open while the task is read: the test, not the clock, ends it.
    const patient = await startTestServer({ model: server.model, env: { ...webhookEnv, WEBHOOK_TIMEOUT_MS: "120000" } });
    try {
      const p = api(patient);
      const created = await p.create({ prompt: "@reply slow receiver", callback_url: `${receiverUrl}/held` });
      const id = created.json.task_id;
      await p.finished(id);
      await waitFor("the delivery to arrive", async () => (held.length > 0 ? true : undefined));
      // A read that waited for the delivery would never answer: it is still open.
      for (let i = 0; i < 5; i++) {
        const read = await p.get(id);
        expect(read.status).toBe(200);
        expect(read.json.callback.attempts).toEqual([]);
      }
      held.shift()?.writeHead(204).end();
      const answered = await waitFor("the answered attempt", async () => (await p.get(id)).json.callback.attempts[0]);
      expect(answered).toMatchObject({ attempt: 1, status: 204 });
    } finally {
      await patient.stop();
    }
  });

  it("gives up on a receiver that does not answer within WEBHOOK_TIMEOUT_MS", async ({ expect }) => {
    const created = await t.create({ prompt: "@reply slow receiver", callback_url: `${receiverUrl}/hang` });
    await t.finished(created.json.task_id);
    const timedOut = await waitFor("a timed-out attempt", async () => {
      const attempts = (await t.get(created.json.task_id)).json.callback.attempts;
      return attempts.length > 0 ? attempts[0] : undefined;
    });
    expect(timedOut.error).toMatch(/no answer within 1500 ms/);
  });

  it("refuses callback URLs that are not http(s) or not allowed", async ({ expect }) => {
    for (const url of ["ftp://127.0.0.1/x", "file:///etc/passwd", "http://169.254.169.254/latest", "not a url"]) {
      const res = await t.create({ prompt: "@reply x", callback_url: url });
      expect(res.status, url).toBe(400);
      expect(res.json.error).toMatch(/callback_url/);
    }
    expect((await t.create({ prompt: "@reply allowed", callback_url: "https://hooks.example.test/x" })).status).toBe(201);
  });
});

describe("webhooks without a secret", () => {
  it("are refused with a clear reason", async () => {
    const plain = await startTestServer();
    try {
      const res = await api(plain).create({ prompt: "@reply x", callback_url: "http://127.0.0.1:9/x" });
      expect(res.status).toBe(400);
      expect(res.json.error).toMatch(/WEBHOOK_SECRET/);
    } finally {
      await plain.stop();
    }
  });
});

/**
 * verifyWebhookSignature against a real delivery: the real server (WEBHOOK_SECRET set) posts a
 * finished task's outcome to a real local receiver, and the SDK checks the header it sent.
 */
import { type LocalServer, startLocalServer, startTestServer, type TestServer, waitFor } from "@claude-task-api/testkit";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createClient, verifyWebhookSignature, WEBHOOK_SIGNATURE_HEADER } from "../src/index.js";

const SECRET = "sdk-webhook-secret-for-tests";
let server: TestServer;
let receiver: LocalServer;
let delivery: { body: string; signature: string };

beforeAll(async () => {
  receiver = await startLocalServer((_req, res) => res.writeHead(204).end());
  server = await startTestServer({
    env: { WEBHOOK_SECRET: SECRET, WEBHOOK_ALLOWED_HOSTS: "127.0.0.1", WEBHOOK_ALLOW_PRIVATE_ADDRESSES: "true" },
  });
  const client = createClient({ baseUrl: server.url, token: server.token });
  const task = await client.tasks.create({ prompt: "@reply signed", callback_url: `${receiver.url}/hook` });
  const request = await waitFor("the webhook delivery", async () => receiver.requests.find((r) => r.body.includes(task.task_id)));
  delivery = { body: request.body, signature: String(request.headers[WEBHOOK_SIGNATURE_HEADER]) };
});
afterAll(async () => {
  await server?.stop();
  await receiver?.close();
});

it("accepts the server's own delivery", async () => {
  expect(delivery.signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
  expect(await verifyWebhookSignature(delivery.body, delivery.signature, SECRET)).toBe(true);
  expect(await verifyWebhookSignature(new TextEncoder().encode(delivery.body), delivery.signature, SECRET)).toBe(true);
});

it("a failed task's delivery says why in error_kind", async () => {
  const client = createClient({ baseUrl: server.url, token: server.token });
  const task = await client.tasks.create({ prompt: "@fail 429 slow down", callback_url: `${receiver.url}/hook` });
  const request = await waitFor("the failed task's delivery", async () =>
    receiver.requests.find((r) => r.body.includes(task.task_id)),
  );
  expect(JSON.parse(request.body).task).toMatchObject({ status: "error", error_kind: "rate_limited" });
  expect(await verifyWebhookSignature(request.body, request.headers[WEBHOOK_SIGNATURE_HEADER], SECRET)).toBe(true);
});

it("refuses a changed body, another secret, a stale timestamp and a missing or mangled header", async () => {
  const t = Number(/t=(\d+)/.exec(delivery.signature)?.[1]);
  expect(await verifyWebhookSignature(`${delivery.body} `, delivery.signature, SECRET)).toBe(false);
  expect(await verifyWebhookSignature(delivery.body, delivery.signature, "another-secret-of-16+")).toBe(false);
  expect(await verifyWebhookSignature(delivery.body, delivery.signature, SECRET, { now: t + 301 })).toBe(false);
  expect(await verifyWebhookSignature(delivery.body, delivery.signature, SECRET, { now: t + 301, toleranceSeconds: 400 })).toBe(
    true,
  );
  expect(await verifyWebhookSignature(delivery.body, undefined, SECRET)).toBe(false);
  expect(await verifyWebhookSignature(delivery.body, delivery.signature.replace(/t=\d+/, `t=${t + 1}`), SECRET)).toBe(false);
  expect(await verifyWebhookSignature(delivery.body, "v1=zz,t=", SECRET)).toBe(false);
});

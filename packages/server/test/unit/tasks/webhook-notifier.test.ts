/** Webhook deliveries from task changes, to a real receiver on loopback, recorded in task.json. */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { headers } from "@claude-task-api/sdk/contract";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { WebhookPayloadSchema } from "../../../src/generated/schemas.js";
import { WebhookAttempts } from "../../../src/tasks/lifecycle/webhook-attempts.js";
import { TaskPaths } from "../../../src/tasks/store/task-paths.js";
import { TaskStore } from "../../../src/tasks/store/task-store.js";
import { TaskLocks } from "../../../src/tasks/task-locks.js";
import { deriveTaskFields, type TaskRecord } from "../../../src/tasks/task-model.js";
import { silentLogger } from "../../../src/util/logger.js";
import { verifySignature } from "../../../src/webhooks/signature.js";
import { WebhookNotifier } from "../../../src/webhooks/webhook-notifier.js";

const SECRET = "s3cret-for-tests";

interface Delivery {
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

let root: string;
let store: TaskStore;
let receiver: Server;
let url: string;
let deliveries: Delivery[];
/** Statuses the receiver answers with, in order; 204 once they run out. */
let answers: number[];
let onDelivery: () => void;

beforeEach(async () => {
  root = mkdtempSync(path.join(tmpdir(), "cta-hooks-"));
  store = new TaskStore(new TaskPaths(root), silentLogger);
  await store.load();
  deliveries = [];
  answers = [];
  onDelivery = () => {};
  receiver = createServer((req, res) => {
    let body = "";
    req.on("data", (d) => {
      body += d;
    });
    req.on("end", () => {
      deliveries.push({ headers: req.headers, body });
      res.statusCode = answers.shift() ?? 204;
      res.end();
      onDelivery();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
});
afterEach(async () => {
  await new Promise((resolve) => receiver.close(resolve));
  rmSync(root, { recursive: true, force: true });
});

const notifier = (maxAttempts = 3) =>
  new WebhookNotifier(
    store,
    new WebhookAttempts(store, new TaskLocks()),
    {
      secret: SECRET,
      allowedHosts: undefined,
      allowPrivateAddresses: true, // the receiver listens on loopback
      maxAttempts,
      retryBaseMs: 10,
      timeoutMs: 2000,
    },
    silentLogger,
  );

async function createTask(on: "finish" | "status", finished = false): Promise<TaskRecord> {
  const id = `1700000000-${Math.floor(Math.random() * 0xffffffff)
    .toString(16)
    .padStart(8, "0")}`;
  const task: TaskRecord = {
    task_id: id,
    session_id: "550e8400-e29b-41d4-a716-446655440000",
    prompt: "secret prompt",
    workdir: root,
    status: "running",
    created_at: 1,
    tmux_session: `claude-${id}`,
    runs: [{ prompt: "secret prompt", state: finished ? "completed" : "running", sent_at: 1, exit_code: 0, finished_at: 2 }],
    callback: { url, on, attempts: [] },
  };
  deriveTaskFields(task);
  await store.create(task);
  return task;
}

const finish = (id: string) =>
  store.update(id, (t) => {
    Object.assign(t.runs[0] as object, { state: "completed", exit_code: 0, finished_at: 3 });
    deriveTaskFields(t);
  });

/** Resolves once the task's record holds `count` attempts. */
const attemptsRecorded = (id: string, count: number) =>
  new Promise<TaskRecord>((resolve) => {
    const check = (t: TaskRecord | undefined) => {
      if ((t?.callback?.attempts.length ?? 0) < count) return;
      unsubscribe();
      resolve(t as TaskRecord);
    };
    const unsubscribe = store.onChange((t) => t.task_id === id && check(t));
    check(store.get(id));
  });

describe("WebhookNotifier", () => {
  it("posts a signed task.finished without prompts once the task finishes, and records the attempt on disk", async () => {
    const hooks = notifier();
    hooks.start();
    const task = await createTask("finish");
    await finish(task.task_id);
    const recorded = await attemptsRecorded(task.task_id, 1);
    await hooks.stop();
    expect(deliveries).toHaveLength(1);
    const [delivery] = deliveries as [Delivery];
    expect(delivery.headers["x-claude-tasks-event"]).toBe("task.finished");
    expect(verifySignature(SECRET, delivery.body, String(delivery.headers[headers.WebhookSignature.toLowerCase()]))).toBe(true);
    expect(JSON.parse(delivery.body)).toMatchObject({
      event: "task.finished",
      task: { task_id: task.task_id, status: "completed" },
    });
    expect(delivery.body).not.toContain("secret prompt");
    // The body is openapi.yaml's WebhookPayload, no field more (parsing strips unknown ones).
    const body = JSON.parse(delivery.body);
    expect(WebhookPayloadSchema.parse(body)).toEqual(body);
    expect(Object.keys(body.task)).toEqual(["task_id", "status", "created_at", "finished_at", "totals"]);
    expect(delivery.headers[headers.WebhookDelivery.toLowerCase()]).toMatch(/^[0-9a-f-]{36}$/);
    expect(recorded.callback?.attempts).toEqual([
      { event: "task.finished", attempt: 1, at: expect.any(Number), status: 204, duration_ms: expect.any(Number) },
    ]);
    const onDisk = JSON.parse(readFileSync(path.join(root, task.task_id, "task.json"), "utf8"));
    expect(onDisk.callback.attempts).toHaveLength(1);
  });

  it("retries a failing receiver up to the attempt limit, recording each attempt", async () => {
    answers = [500, 503, 500];
    const hooks = notifier(3);
    hooks.start();
    const task = await createTask("finish");
    await finish(task.task_id);
    const recorded = await attemptsRecorded(task.task_id, 3);
    await hooks.stop();
    expect(recorded.callback?.attempts.map((a) => [a.attempt, a.status])).toEqual([
      [1, 500],
      [2, 503],
      [3, 500],
    ]);
    expect(deliveries).toHaveLength(3);
  });

  it("with on=status, posts every status change, not only the end", async () => {
    const hooks = notifier();
    hooks.start();
    const task = await createTask("status");
    await attemptsRecorded(task.task_id, 1);
    await finish(task.task_id);
    await attemptsRecorded(task.task_id, 2);
    await hooks.stop();
    expect(deliveries.map((d) => [d.headers["x-claude-tasks-event"], JSON.parse(d.body).task.status])).toEqual([
      ["task.status", "running"],
      ["task.finished", "completed"],
    ]);
  });

  it("after a restart, resumes a finished task's delivery that never got through", async () => {
    const task = await createTask("finish", true);
    await store.update(task.task_id, (t) => {
      t.callback?.attempts.push({ event: "task.finished", attempt: 1, at: 1, duration_ms: 1, error: "connection refused" });
    });
    const delivered = new Promise<void>((resolve) => {
      onDelivery = resolve;
    });
    const hooks = notifier(3);
    hooks.start();
    await delivered;
    const recorded = await attemptsRecorded(task.task_id, 2);
    await hooks.stop();
    expect(recorded.callback?.attempts.map((a) => a.attempt)).toEqual([1, 2]);
  });
});

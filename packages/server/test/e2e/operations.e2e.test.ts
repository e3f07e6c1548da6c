/** Paging, idempotency, purge and retention, readiness, metrics, API docs and request logs. */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { startTestServer, type TestServer } from "@claude-task-api/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { api } from "../helpers/api.js";
import { http } from "../helpers/http.js";
import { seededId, writeFinishedTask } from "../helpers/seed-tasks.js";

let server: TestServer;
let t: ReturnType<typeof api>;
const SEEDED = 1000;
const nowSec = Math.floor(Date.now() / 1000);
const oldId = seededId(nowSec - 10 * 86400, 0xfff0);

beforeAll(async () => {
  server = await startTestServer({ env: { TASK_RETENTION_DAYS: "5" } });
  await server.shutdown();
  // 1,000 finished tasks in the last day, plus one finished 10 days ago (past retention).
  for (let i = 0; i < SEEDED; i++)
    writeFinishedTask(server.tasksDir, seededId(nowSec - 86400 + i, i), nowSec - 86400 + i + i / 1000);
  writeFinishedTask(server.tasksDir, oldId, nowSec - 10 * 86400);
  await server.restart();
  t = api(server);
});
afterAll(() => server?.stop());

/** Prometheus text as a map from `name{labels}` to value. */
function parseMetrics(text: string): Map<string, number> {
  const values = new Map<string, number>();
  for (const line of text.split("\n")) {
    const match = /^(\S+) (\S+)$/.exec(line);
    if (match && !line.startsWith("#")) values.set(match[1] as string, Number(match[2]));
  }
  return values;
}

const metrics = async () => parseMetrics((await t.call("GET", "/api/claude/metrics")).text);

describe("list paging", () => {
  it("pages through 1,000 tasks newest first while new tasks are created, each exactly once", async () => {
    const seen: string[] = [];
    const created: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const res = await t.call("GET", `/api/claude/tasks?limit=50${cursor ? `&cursor=${cursor}` : ""}`);
      expect(res.status).toBe(200);
      seen.push(...res.json.tasks.map((x: { task_id: string }) => x.task_id));
      cursor = res.json.next_cursor;
      pages++;
      // A task created between pages, twice: were pages cut by position rather than by cursor,
      // each would push a task already seen onto the next page.
      if (pages === 1 || pages === 10) created.push((await t.create({ prompt: "@reply created while paging" })).json.task_id);
    } while (cursor);
    const seededSeen = seen.filter((id) => !created.includes(id));
    expect(seededSeen).toHaveLength(SEEDED);
    expect(new Set(seen).size).toBe(seen.length);
    // Newest first: the seeded ids were created in increasing time order.
    expect(seededSeen).toEqual([...seededSeen].sort().reverse());
    expect(pages).toBeGreaterThanOrEqual(SEEDED / 50);
    expect(created).toHaveLength(2);
    for (const id of created) await t.finished(id);
  });

  it("keeps the documented response without paging parameters", async () => {
    const res = await t.list();
    expect(res.json.next_cursor).toBeUndefined();
    expect(res.json.tasks.length).toBeGreaterThanOrEqual(SEEDED);
  });

  it("filters by status and rejects bad paging input", async () => {
    const completed = await t.call("GET", "/api/claude/tasks?status=completed&limit=5");
    expect(completed.json.tasks).toHaveLength(5);
    expect(completed.json.tasks.every((x: { status: string }) => x.status === "completed")).toBe(true);
    for (const q of ["status=done", "limit=0", "limit=5000", "cursor=not-a-cursor"]) {
      const res = await t.call("GET", `/api/claude/tasks?${q}`);
      expect(res.status, q).toBe(400);
      expect(res.json.code).toBe("validation_failed");
    }
  });
});

describe("Idempotency-Key", () => {
  // One task for both tests: five requests with the same key at once, then retries of it.
  const headers = { "idempotency-key": "retry-me-123" };
  const body = { prompt: "@reply once" };
  let concurrent: Awaited<ReturnType<typeof t.call>>[];
  beforeAll(async () => {
    concurrent = await Promise.all(Array.from({ length: 5 }, () => t.call("POST", "/api/claude/tasks", { body, headers })));
    await t.finished(concurrent[0]?.json.task_id);
  });

  it("returns the original task for a retried create and refuses a different body", async () => {
    const again = await t.call("POST", "/api/claude/tasks", { body, headers });
    expect(again.status).toBe(201);
    expect(again.json.task_id).toBe(concurrent[0]?.json.task_id);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    const other = await t.call("POST", "/api/claude/tasks", { body: { prompt: "@reply something else" }, headers });
    expect(other.status).toBe(409);
    expect(other.json.code).toBe("idempotency_conflict");
    const withKey = (await t.list()).json.tasks.filter((x: { prompt: string }) => x.prompt === "@reply once");
    expect(withKey).toHaveLength(1);
  });

  it("creates one task for concurrent requests with the same key", () => {
    expect(concurrent.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    expect(new Set(concurrent.map((r) => r.json.task_id)).size).toBe(1);
    // All but the one that created it are told it is an earlier request's task.
    expect(concurrent.filter((r) => r.headers.get("idempotent-replayed") === "true")).toHaveLength(4);
  });

  it("rejects a malformed key", async () => {
    const res = await t.call("POST", "/api/claude/tasks", {
      body: { prompt: "@reply x" },
      headers: { "idempotency-key": "has space" },
    });
    expect(res.status).toBe(400);
  });
});

describe("purge and retention", () => {
  it("removed the task that finished before the retention period at start-up", async () => {
    expect(existsSync(path.join(server.tasksDir, oldId))).toBe(false);
    expect((await t.get(oldId)).status).toBe(404);
  });

  it("purges a finished task's files, and refuses while a task runs", async () => {
    const running = (await t.create({ prompt: "@sleep 3000\n@reply slow" })).json;
    const refused = await t.call("DELETE", `/api/claude/tasks/${running.task_id}?purge=true`);
    expect(refused.status).toBe(409);
    expect(refused.json.code).toBe("task_not_finished");
    expect(existsSync(path.join(server.tasksDir, running.task_id))).toBe(true);
    await t.finished(running.task_id);
    const purged = await t.call("DELETE", `/api/claude/tasks/${running.task_id}?purge=true`);
    expect(purged.status).toBe(200);
    expect(purged.json).toEqual({ task_id: running.task_id, purged: true });
    expect(existsSync(path.join(server.tasksDir, running.task_id))).toBe(false);
    expect((await t.get(running.task_id)).status).toBe(404);
    expect((await t.call("DELETE", `/api/claude/tasks/${running.task_id}?purge=maybe`)).status).toBe(400);
  });
});

describe("health, metrics, docs and logs", () => {
  // One run for the metrics and the log tests, which only read what it left: the metrics
  // around it (nothing else runs meanwhile) and the log lines of its requests.
  const secretPrompt = "@reply PROMPT-MUST-NOT-BE-LOGGED-42";
  let watched: string;
  let metricsBefore: Map<string, number>;
  let metricsAfter: Awaited<ReturnType<typeof t.call>>;
  beforeAll(async () => {
    metricsBefore = await metrics();
    watched = (await t.create({ prompt: secretPrompt })).json.task_id;
    await t.finished(watched);
    metricsAfter = await t.call("GET", "/api/claude/metrics");
  });

  it("/readyz reports tmux and claude", async () => {
    const res = await http(server.url, "GET", "/readyz");
    expect(res.status).toBe(200);
    expect(res.json.status).toBe("ready");
    expect(res.json.checks.tmux).toMatch(/^ok \(tmux/);
  });

  it("serves Prometheus metrics behind the bearer token, counting a run it watched", async () => {
    expect((await http(server.url, "GET", "/api/claude/metrics")).status).toBe(401);
    // What it counts: one run that completes, and the detail reads that waited for it.
    const res = metricsAfter;
    expect(res.status).toBe(200);
    const after = parseMetrics(res.text);
    const grew = (name: string) => (after.get(name) ?? 0) - (metricsBefore.get(name) ?? 0);
    expect(grew('claude_tasks{status="completed"}')).toBe(1);
    expect(grew("claude_task_runs_started_total")).toBe(1);
    expect(grew('claude_task_runs_finished_total{state="completed"}')).toBe(1);
    expect(grew("claude_task_run_duration_seconds_count")).toBe(1);
    expect(after.get("claude_task_queue_length")).toBe(0);
    expect(grew('http_requests_total{method="GET",route="/api/claude/tasks/:task_id",status="200"}')).toBeGreaterThanOrEqual(1);
    expect(grew('http_requests_total{method="POST",route="/api/claude/tasks",status="201"}')).toBe(1);
    expect(res.text).toMatch(/http_request_duration_seconds_bucket/);
    expect(after.get("process_resident_memory_bytes")).toBeGreaterThan(0);
  });

  it("serves its OpenAPI document and a reference page without auth", async () => {
    const spec = readFileSync(new URL("../../../../openapi.yaml", import.meta.url), "utf8");
    const yaml = await http(server.url, "GET", "/api/claude/openapi.yaml");
    expect(yaml.text).toBe(spec);
    const json = await http(server.url, "GET", "/api/claude/openapi.json");
    expect(json.json).toEqual(parse(spec));
    const docs = await http(server.url, "GET", "/api/claude/docs");
    expect(docs.headers.get("content-type")).toMatch(/text\/html/);
    // The viewer comes from this server (vendored from npm), and finds the spec beside the page.
    expect(docs.text).toContain('<script src="docs/scalar.js"></script>');
    expect(docs.text).toContain('href="openapi.json"');
    const init = await http(server.url, "GET", "/api/claude/docs/init.js");
    expect(init.text).toContain('new URL("openapi.json", document.baseURI)');
  });

  it("logs one JSON line per request, never the token or the prompt", async () => {
    // Info lines reach stderr asynchronously (pino's destination), a moment after the response.
    await server.waitForLog(
      "the detail request's line",
      (l) => l.msg === "request" && l.task_id === watched && l.route === "/api/claude/tasks/:task_id",
    );
    const requests = await server.waitForLog("the request lines", (l) => l.msg === "request");
    const create = requests.find((l) => l.method === "POST" && l.route === "/api/claude/tasks" && l.status === "201");
    expect(create).toMatchObject({ level: "info", duration_ms: expect.any(Number) });
    expect(server.logs()).not.toContain("PROMPT-MUST-NOT-BE-LOGGED-42");
    expect(server.logs()).not.toContain(server.token);
  });
});

describe("readiness without claude", () => {
  it("answers 503 with the reason", async () => {
    const broken = await startTestServer({ env: { CLAUDE_BIN: "/nonexistent/claude" } });
    try {
      const res = await http(broken.url, "GET", "/readyz");
      expect(res.status).toBe(503);
      expect(res.json.status).toBe("not_ready");
      expect(res.json.checks.claude).toMatch(/nonexistent.*not executable|missing/);
      const created = await http(broken.url, "POST", "/api/claude/tasks", { token: broken.token, body: { prompt: "@reply x" } });
      expect(created.status).toBe(201);
      expect(created.json.status).toBe("error");
      expect(created.json.error).toMatch(/CLAUDE_BIN/);
    } finally {
      await broken.stop();
    }
  });
});

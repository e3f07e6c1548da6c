/**
 * The audit log over real HTTP: a line for each state-changing action and each refused request,
 * written before the answer (so a kill -9 right after it loses nothing), read back through
 * GET /api/claude/audit; never a token value, at most 120 characters of a prompt.
 */
import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { startTestServer, type TestServer } from "@claude-task-api/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api } from "../helpers/api.js";
import { http } from "../helpers/http.js";

let server: TestServer;
const identity = { "X-Auth-Request-User": "alice", "Sec-Fetch-Site": "same-origin" };

beforeAll(async () => {
  server = await startTestServer({ env: { TRUST_PROXY_HEADERS: "true" } });
});
afterAll(() => server?.stop());

interface Entry {
  seq: number;
  action: string;
  status: number;
  actor: Record<string, unknown>;
  task_id?: string;
  reason?: string;
  prompt?: string;
  remote_addr?: string;
}

const LONG_PROMPT = `@reply done\n${"x".repeat(300)}`;

describe("the audit log", () => {
  const secrets: string[] = [];
  let taskId = "";
  let reader: { id: string; token: string };

  it("records each action and each refusal, and keeps them through a kill -9", async () => {
    const t = api(server);
    secrets.push(server.token);
    const created = await t.create({ prompt: LONG_PROMPT });
    taskId = created.json.task_id;
    await t.finished(taskId);
    await t.message(taskId, "@reply again");
    await t.finished(taskId);
    await t.call("POST", `/api/claude/tasks/${taskId}/approvals/a1`, { body: { decision: "allow" } });
    await t.kill(taskId);
    const tokenRes = await t.call("POST", "/api/claude/tokens", { body: { name: "reader", scopes: ["tasks:read"] } });
    reader = { id: tokenRes.json.id, token: tokenRes.json.token };
    secrets.push(reader.token);
    // Refusals: no token, a wrong one, a missing scope, a revoked token.
    await http(server.url, "GET", "/api/claude/tasks");
    await http(server.url, "GET", "/api/claude/tasks", { token: "ctn_wrong-token-value-0123456789" });
    expect((await http(server.url, "DELETE", `/api/claude/tasks/${taskId}`, { token: reader.token })).status).toBe(403);
    await t.call("DELETE", `/api/claude/tokens/${reader.id}`);
    expect((await http(server.url, "GET", "/api/claude/tasks", { token: reader.token })).status).toBe(401);
    const link = await t.call("POST", "/api/claude/dashboard/links");
    await fetch(`${server.url}${link.json.url}`, { redirect: "manual" });
    const regenerated = await http(server.url, "POST", "/oauth/api/claude/auth/token/regenerate", { headers: identity });
    secrets.push(regenerated.json.token);
    server.token = regenerated.json.token;
    expect((await t.call("DELETE", `/api/claude/tasks/${taskId}?purge=true`)).status).toBe(200);

    // The last answer is out: its line must already be on disk.
    await server.kill9();
    const file = path.join(server.tasksDir, "audit.log");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const lines = readFileSync(file, "utf8").trim().split("\n");
    const entries = lines.map((line) => JSON.parse(line) as Entry);
    expect(entries.at(-1)).toMatchObject({ action: "purgeTask", status: 200, task_id: taskId, actor: { kind: "owner_token" } });
    const text = readFileSync(file, "utf8");
    for (const secret of secrets) expect(text).not.toContain(secret);

    await server.restart();
    const page = await http(server.url, "GET", "/api/claude/audit?limit=1000", { token: server.token });
    expect(page.status, page.text).toBe(200);
    const listed = (page.json.entries as Entry[]).slice().reverse();
    const summary = listed.map((e) => [e.action, e.status, e.reason ?? null]);
    expect(summary).toEqual([
      ["createTask", 201, null],
      ["sendMessage", 200, null],
      ["answerApproval", 404, "approval_not_found"],
      ["killTask", 409, "task_finished"],
      ["createToken", 201, null],
      ["refused", 401, "unauthorized"],
      ["refused", 401, "unauthorized"],
      ["killTask", 403, "insufficient_scope"],
      ["revokeToken", 200, null],
      ["refused", 401, "token_revoked"],
      ["createDashboardLink", 200, null],
      ["dashboardSignIn", 303, null],
      ["regenerateToken", 200, null],
      ["purgeTask", 200, null],
    ]);
    const [create] = listed;
    expect(create?.task_id).toBe(taskId);
    expect(create?.prompt).toBe(LONG_PROMPT.slice(0, 120));
    expect(create?.remote_addr).toMatch(/127\.0\.0\.1|::1/);
    expect(listed[7]?.actor).toEqual({ kind: "token", token_id: reader.id, token_name: "reader" });
    expect(listed[9]?.actor).toEqual({ kind: "token", token_id: reader.id, token_name: "reader" });
    expect(listed[12]?.actor).toEqual({ kind: "proxy", user: "alice" });
    expect(listed[5]?.actor).toEqual({ kind: "anonymous" });
  });

  it("filters by action and task, and pages with a cursor", async () => {
    const byTask = await http(server.url, "GET", `/api/claude/audit?task_id=${taskId}`, { token: server.token });
    expect((byTask.json.entries as Entry[]).every((e) => e.task_id === taskId)).toBe(true);
    expect(byTask.json.entries.length).toBeGreaterThanOrEqual(5);
    const refusals = await http(server.url, "GET", "/api/claude/audit?action=refused", { token: server.token });
    expect((refusals.json.entries as Entry[]).map((e) => e.reason)).toEqual(["token_revoked", "unauthorized", "unauthorized"]);
    const first = await http(server.url, "GET", "/api/claude/audit?limit=2", { token: server.token });
    expect(first.json.entries).toHaveLength(2);
    const second = await http(server.url, "GET", `/api/claude/audit?limit=2&cursor=${first.json.next_cursor}`, {
      token: server.token,
    });
    expect(second.json.entries[0].seq).toBe(first.json.entries[1].seq - 1);
  });

  it("counts refused requests by reason in the metrics", async () => {
    await http(server.url, "GET", "/api/claude/tasks", { token: "nope-not-a-token-at-all" });
    const metrics = await http(server.url, "GET", "/api/claude/metrics", { token: server.token });
    expect(metrics.text).toMatch(/^claude_task_http_refused_total\{reason="unauthorized"\} [1-9]/m);
  });
});

/**
 * Approvals over HTTP with the real claude CLI: a run in `default` mode asks before writing a
 * file or running a command (`--permission-prompt-tool stdio`), the task shows the request,
 * and an answer over the API lets the run go on. The wrapper in tmux does the waiting, so an
 * approval outlives a kill -9 of the API server.
 */
import { existsSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import type { PendingApproval } from "@claude-task-api/sdk";
import { startTestServer, type TestServer } from "@claude-task-api/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, events } from "../helpers/api.js";
import { waitFor } from "../helpers/http.js";

const SECRET = "a-webhook-secret-for-approvals";
let server: TestServer;
let t: ReturnType<typeof api>;
let receiver: Server;
let receiverUrl: string;
const received: Array<{ event: string; body: { event: string; approval?: { approval_id: string; tool: string } } }> = [];

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = "";
    req.on("data", (d) => {
      body += d;
    });
    req.on("end", () => {
      received.push({ event: String(req.headers["x-claude-tasks-event"]), body: JSON.parse(body) });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  server = await startTestServer({
    env: { WEBHOOK_SECRET: SECRET, WEBHOOK_ALLOW_PRIVATE_ADDRESSES: "true", WEBHOOK_RETRY_BASE_MS: "100" },
  });
  t = api(server);
});
afterAll(async () => {
  await server?.stop();
  receiver?.close();
});

type Pending = PendingApproval;

/** The task once its run waits for an approval of `tool`. */
async function pendingApproval(id: string, tool: string): Promise<Pending> {
  return waitFor(`task ${id} to wait for a ${tool} approval`, async () => {
    const task = (await t.get(id)).json;
    return (task.pending_approvals as Pending[]).find((a) => a.tool === tool);
  });
}

const answer = (id: string, approvalId: string, body: Record<string, unknown>) =>
  t.call("POST", `/api/claude/tasks/${id}/approvals/${approvalId}`, { body });

const workFile = (name: string) => path.join(server.workdirRoot, name);

describe("approvals", () => {
  it("pauses for each tool use, shows it everywhere, and goes on with the answers: one allowed, one denied", async () => {
    const created = await t.create({
      prompt: "@write approved.txt hello\n@bash echo nope > denied.txt\n@reply finished",
      permission_mode: "default",
      approvals: true,
      callback_url: receiverUrl,
    });
    expect(created.status).toBe(201);
    const id = created.json.task_id;
    expect(created.json.options).toMatchObject({ approvals: true, permission_mode: "default" });

    const write = await pendingApproval(id, "Write");
    expect(write).toMatchObject({ run: 0, input: { file_path: workFile("approved.txt"), content: "hello" } });
    expect(write.approval_id).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
    // The run waits: nothing is written, and the status is still what old clients expect.
    const detail = (await t.get(id)).json;
    expect(detail.status).toBe("running");
    expect(existsSync(workFile("approved.txt"))).toBe(false);
    const entry = (await t.list()).json.tasks.find((s: { task_id: string }) => s.task_id === id);
    expect(entry).toMatchObject({
      attention: "approval",
      pending_approvals: [{ approval_id: write.approval_id, tool: "Write" }],
    });
    // Operators see it too.
    expect((await t.call("GET", "/api/claude/metrics")).text).toMatch(/^claude_task_pending_approvals 1$/m);
    // On the event stream: an `approval` event carrying the same request.
    const stream = await fetch(`${server.url}/api/claude/tasks/${id}/events`, {
      headers: { authorization: `Bearer ${server.token}` },
    });
    const reader = stream.body?.getReader();
    let seen = "";
    while (reader && !seen.includes("event: approval\n")) seen += new TextDecoder().decode((await reader.read()).value);
    await reader?.cancel();
    expect(seen).toContain(`"approval_id":"${write.approval_id}"`);
    // And a webhook, although the callback is `on: finish`.
    const hook = await waitFor("the approval webhook", async () =>
      received.find((r) => r.event === "task.approval_requested" && r.body.approval?.approval_id === write.approval_id),
    );
    expect(hook.body.approval).toMatchObject({ tool: "Write" });

    // Unknown ids and malformed answers are refused without touching the approval.
    expect((await answer(id, "ap_0000000000000000", { decision: "allow" })).json).toMatchObject({ code: "approval_not_found" });
    expect((await answer(id, "ap_0000000000000000", { decision: "allow" })).status).toBe(404);
    expect((await answer(id, write.approval_id, { decision: "maybe" })).status).toBe(400);
    expect((await answer(id, write.approval_id, { decision: "deny", updated_input: {} })).status).toBe(400);
    expect((await answer(id, "../../x", { decision: "allow" })).status).toBe(404);

    const allowed = await answer(id, write.approval_id, { decision: "allow" });
    expect(allowed.status).toBe(200);
    expect(allowed.json).toMatchObject({ approval_id: write.approval_id, decision: "allow", by: "client", tool: "Write" });
    const again = await answer(id, write.approval_id, { decision: "deny" });
    expect(again.status).toBe(409);
    expect(again.json.code).toBe("approval_already_answered");

    const bash = await pendingApproval(id, "Bash");
    expect(readFileSync(workFile("approved.txt"), "utf8")).toBe("hello");
    const denied = await answer(id, bash.approval_id, { decision: "deny", message: "no shell commands in this task" });
    expect(denied.status).toBe(200);

    const done = await t.finished(id);
    expect(done.status).toBe("completed");
    expect(done.pending_approvals).toEqual([]);
    expect(existsSync(workFile("denied.txt"))).toBe(false);
    const log = events((await t.output(id)).text);
    // claude told the model the person's reason; the log records both requests and both answers.
    const denial = log.find((e) => JSON.stringify(e).includes("no shell commands in this task") && e.type === "user");
    expect(denial).toBeDefined();
    expect(log.filter((e) => e.type === "approval").map((e) => e.tool)).toEqual(["Write", "Bash"]);
    // Each approval names the tool_use block it is about.
    const toolUses = log.flatMap((e) =>
      e.type === "assistant" ? ((e.message as { content: Array<{ type: string; id?: string }> }).content ?? []) : [],
    );
    const toolUseIds = toolUses.filter((b) => b.type === "tool_use").map((b) => b.id);
    expect(log.filter((e) => e.type === "approval").map((e) => e.tool_use_id)).toEqual(toolUseIds);
    expect(log.filter((e) => e.type === "approval_decision").map((e) => [e.decision, e.by])).toEqual([
      ["allow", "client"],
      ["deny", "client"],
    ]);
    // No raw control message of the CLI leaks into the output.
    expect(log.some((e) => String(e.type).startsWith("control_"))).toBe(false);
  });

  it("runs an allowed tool with the answer's updated_input, and the log's decision shows what ran", async () => {
    const created = await t.create({
      prompt: "@write asked.txt as asked\n@reply finished",
      permission_mode: "default",
      approvals: true,
    });
    const id = created.json.task_id;
    const write = await pendingApproval(id, "Write");
    const ran = { file_path: workFile("changed.txt"), content: "as changed" };
    const allowed = await answer(id, write.approval_id, { decision: "allow", updated_input: ran });
    expect(allowed.status).toBe(200);
    expect(allowed.json).toMatchObject({ decision: "allow", updated_input: ran });

    expect((await t.finished(id)).status).toBe("completed");
    expect(readFileSync(workFile("changed.txt"), "utf8")).toBe("as changed");
    expect(existsSync(workFile("asked.txt"))).toBe(false);
    const log = events((await t.output(id)).text);
    expect(log.find((e) => e.type === "approval")?.input).toEqual({ file_path: workFile("asked.txt"), content: "as asked" });
    expect(log.find((e) => e.type === "approval_decision")).toMatchObject({ decision: "allow", updated_input: ran });
  });

  it("refuses approvals with a permission mode that never asks", async () => {
    const bypass = await t.create({ prompt: "@reply x", permission_mode: "bypassPermissions", approvals: true });
    expect(bypass.status).toBe(400);
    expect(bypass.json.error).toMatch(/approvals need permission_mode/);
    // The server's default mode here is bypassPermissions: approvals alone are refused too.
    expect((await t.create({ prompt: "@reply x", approvals: true })).status).toBe(400);
  });

  it("denies an approval nobody answers within approval_timeout_seconds", async () => {
    const created = await t.create({
      prompt: "@write timed-out.txt never\n@reply gave up",
      permission_mode: "default",
      approvals: true,
      approval_timeout_seconds: 1,
    });
    const id = created.json.task_id;
    // It is pending for one second only, which a poll on a busy machine can miss: the log keeps
    // the request (the same record the task showed as pending) and its answer.
    const done = await t.finished(id);
    expect(done.status).toBe("completed");
    expect(existsSync(workFile("timed-out.txt"))).toBe(false);
    const log = events((await t.output(id)).text);
    const pending = log.find((e) => e.type === "approval") as unknown as Pending;
    expect(pending).toMatchObject({ run: 0, tool: "Write" });
    expect(pending.expires_at).toBeCloseTo(pending.requested_at + 1, 3);
    const decision = log.find((e) => e.type === "approval_decision");
    expect(decision).toMatchObject({ decision: "deny", by: "timeout", approval_id: pending.approval_id });
    const late = await answer(id, pending.approval_id, { decision: "allow" });
    expect(late.status).toBe(409);
    expect(late.json.error).toMatch(/timed out/);
  });

  it("drops the approvals of a killed task", async () => {
    const created = await t.create({ prompt: "@write killed.txt x", permission_mode: "acceptEdits", approvals: true });
    // acceptEdits allows the Write by itself: only a command asks. Use a follow-up that needs one.
    const id = created.json.task_id;
    await t.finished(id);
    expect(readFileSync(workFile("killed.txt"), "utf8")).toBe("x");
    const followup = await t.call("POST", `/api/claude/tasks/${id}/message`, {
      body: { prompt: `@bash node -e "require('fs').writeFileSync('killed-bash.txt', 'x')"` },
    });
    expect(followup.status).toBe(200);
    const pending = await pendingApproval(id, "Bash");
    expect(pending.run).toBe(1);
    expect((await t.kill(id)).status).toBe(200);
    const killed = await t.finished(id);
    expect(killed.status).toBe("killed");
    expect(killed.pending_approvals).toEqual([]);
    const late = await answer(id, pending.approval_id, { decision: "allow" });
    expect(late.status).toBe(409);
    expect(late.json.code).toBe("approval_closed");
    expect(existsSync(workFile("killed-bash.txt"))).toBe(false);
  });

  it("keeps an approval through a kill -9 of the API server and goes on with the answer given after the restart", async () => {
    const created = await t.create({
      prompt: "@write after-crash.txt answered-later\n@reply done after restart",
      permission_mode: "default",
      approvals: true,
      approval_timeout_seconds: 3600,
    });
    const id = created.json.task_id;
    const before = await pendingApproval(id, "Write");
    expect(before.expires_at).toBeCloseTo(before.requested_at + 3600, 3);
    await server.kill9();
    await server.restart();
    const after = await pendingApproval(id, "Write");
    expect(after).toEqual(before);
    expect((await answer(id, after.approval_id, { decision: "allow" })).status).toBe(200);
    const done = await t.finished(id);
    expect(done.status).toBe("completed");
    expect(done.result.text).toBe("done after restart");
    expect(readFileSync(workFile("after-crash.txt"), "utf8")).toBe("answered-later");
  });
});

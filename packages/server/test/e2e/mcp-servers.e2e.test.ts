/**
 * MCP servers per task: the operator's catalog (MCP_SERVERS_FILE) names the servers a task may
 * ask for; its runs load those and nothing else (a repository's .mcp.json included), with the
 * real @modelcontextprotocol/server-everything called by the real claude CLI.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import type { PendingApproval } from "@claude-task-api/sdk";
import { startTestServer, type TestServer } from "@claude-task-api/testkit";
import { afterAll, beforeAll, expect, it } from "vitest";
import { api, events } from "../helpers/api.js";
import { waitFor } from "../helpers/http.js";

const everything = createRequire(import.meta.url).resolve("@modelcontextprotocol/server-everything/dist/index.js");
const stdioServer = { command: process.execPath, args: [everything, "stdio"] };

let server: TestServer;
let t: ReturnType<typeof api>;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "mcp-catalog-"));
  const catalog = path.join(dir, "mcp.json");
  writeFileSync(
    catalog,
    JSON.stringify({ mcpServers: { everything: stdioServer, broken: { command: path.join(dir, "no-such-server") } } }),
  );
  server = await startTestServer({ env: { MCP_SERVERS_FILE: catalog } });
  t = api(server);
  // The repository the tasks run in declares a server of its own: it must never start.
  writeFileSync(path.join(server.workdirRoot, ".mcp.json"), JSON.stringify({ mcpServers: { "from-repo": stdioServer } }));
});
afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** The tool names claude offered the model in its requests for `prompt`. */
const offeredTools = (prompt: string) =>
  server.model.requests
    .filter((r) => r.kind === "conversation" && r.prompt === prompt)
    .flatMap((r) => ((r.body as { tools?: Array<{ name: string }> }).tools ?? []).map((tool) => tool.name));

it("refuses a server the catalog does not have, naming it", async () => {
  const res = await t.create({ prompt: "hi", mcp_servers: ["everything", "from-repo"] });
  expect(res.status).toBe(400);
  expect(res.json).toMatchObject({ code: "validation_failed" });
  expect(res.json.error).toContain("unknown MCP server from-repo");
  expect((await t.create({ prompt: "hi", mcp_servers: ["not a name"] })).status).toBe(400);
});

it("calls a catalog server's tool, shows each server's status, and loads no other MCP source", async () => {
  const prompt = '@tool mcp__everything__echo {"message":"hello from the catalog"}\n@reply done';
  const created = await t.create({ prompt, mcp_servers: ["everything", "broken"] });
  expect(created.status).toBe(201);
  expect(created.json.mcp_servers).toEqual([
    { name: "everything", status: "pending" },
    { name: "broken", status: "pending" },
  ]);
  const done = await t.finished(created.json.task_id);
  expect(done.status).toBe("completed");
  expect(done.mcp_servers).toEqual([
    { name: "everything", status: "connected" },
    { name: "broken", status: "failed" },
  ]);
  const log = events((await t.output(created.json.task_id)).text);
  const init = log.find((e) => e.type === "system" && e.subtype === "init") as { mcp_servers: Array<{ name: string }> };
  expect(init.mcp_servers.map((s) => s.name).sort()).toEqual(["broken", "everything"]);
  expect(JSON.stringify(log)).toContain("Echo: hello from the catalog");
  const initTools = (init as unknown as { tools: string[] }).tools;
  expect(initTools).toContain("mcp__everything__echo");
  expect([...initTools, ...offeredTools(prompt)].filter((name) => name.includes("from-repo"))).toEqual([]);
  // The run's config holds only the task's servers.
  const config = JSON.parse(readFileSync(path.join(server.tasksDir, created.json.task_id, "runs", "0.mcp.json"), "utf8"));
  expect(Object.keys(config.mcpServers).sort()).toEqual(["broken", "everything"]);
});

it("loads no MCP server for a task that asks for none, the repository's included", async () => {
  const prompt = "@reply nothing to call";
  const created = await t.create({ prompt });
  expect((await t.finished(created.json.task_id)).status).toBe("completed");
  const init = events((await t.output(created.json.task_id)).text).find((e) => e.subtype === "init");
  expect(init?.mcp_servers).toEqual([]);
  expect(offeredTools(prompt).filter((name) => name.startsWith("mcp__"))).toEqual([]);
});

it("asks for approval of an MCP tool use like any other tool", async () => {
  const created = await t.create({
    prompt: '@tool mcp__everything__echo {"message":"approved echo"}\n@reply finished',
    mcp_servers: ["everything"],
    permission_mode: "default",
    approvals: true,
  });
  expect(created.status).toBe(201);
  const id = created.json.task_id;
  const pending = await waitFor(`task ${id} to wait for the echo approval`, async () =>
    ((await t.get(id)).json.pending_approvals as PendingApproval[]).find((a) => a.tool === "mcp__everything__echo"),
  );
  expect(pending.input).toEqual({ message: "approved echo" });
  const allowed = await t.call("POST", `/api/claude/tasks/${id}/approvals/${pending.approval_id}`, {
    body: { decision: "allow" },
  });
  expect(allowed.status).toBe(200);
  expect((await t.finished(id)).status).toBe("completed");
  expect((await t.output(id)).text).toContain("Echo: approved echo");
});

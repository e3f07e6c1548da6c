/** A token limited to secrets or MCP servers can ask only for those: the others are 403 naming them, before anything runs. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { startTestServer, type TestServer } from "@claude-task-api/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { http } from "../helpers/http.js";

let server: TestServer;
let dir: string;
let limited: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "token-catalogs-"));
  const secrets = path.join(dir, "secrets");
  mkdirSync(secrets);
  writeFileSync(path.join(secrets, "TEAM_TOKEN"), "team-value");
  writeFileSync(path.join(secrets, "ADMIN_TOKEN"), "admin-value");
  const catalog = path.join(dir, "mcp.json");
  // Only the names matter here: the tasks this test starts never reach a server.
  const unreachable = { command: path.join(dir, "no-such-server") };
  writeFileSync(catalog, JSON.stringify({ mcpServers: { docs: unreachable, prod: unreachable } }));
  server = await startTestServer({ env: { SECRETS_DIR: secrets, MCP_SERVERS_FILE: catalog } });
  const created = await http(server.url, "POST", "/api/claude/tokens", {
    token: server.token,
    body: { name: "team", scopes: ["tasks:read", "tasks:write"], secrets: ["TEAM_TOKEN"], mcp_servers: ["docs"] },
  });
  expect(created.status, created.text).toBe(201);
  limited = created.json.token;
});
afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const create = (body: object) =>
  http(server.url, "POST", "/api/claude/tasks", { token: limited, body: { prompt: "@reply ok", ...body } });

describe("a token limited to secrets and MCP servers", () => {
  it("creates tasks with what it may use", async () => {
    const res = await create({ secrets: ["TEAM_TOKEN"], mcp_servers: ["docs"] });
    expect(res.status, res.text).toBe(201);
    expect(res.json).toMatchObject({ secrets: ["TEAM_TOKEN"] });
  });

  it("is refused a secret it does not hold, naming it, and no task is made", async () => {
    const before = (await http(server.url, "GET", "/api/claude/tasks", { token: server.token })).json.tasks.length;
    const res = await create({ secrets: ["TEAM_TOKEN", "ADMIN_TOKEN"] });
    expect(res.status).toBe(403);
    expect(res.json).toEqual({ code: "insufficient_scope", error: "This token may not use secrets ADMIN_TOKEN" });
    expect((await http(server.url, "GET", "/api/claude/tasks", { token: server.token })).json.tasks).toHaveLength(before);
  });

  it("is refused an MCP server it does not hold, naming it", async () => {
    const res = await create({ mcp_servers: ["prod"] });
    expect(res.status).toBe(403);
    expect(res.json).toEqual({ code: "insufficient_scope", error: "This token may not use mcp_servers prod" });
  });
});

/** Named tokens over real HTTP: shown once, stored as hashes, expiry and revocation at once, no scope granted beyond one's own. */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { startTestServer, type TestServer } from "@claude-task-api/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { http, waitFor } from "../helpers/http.js";

let server: TestServer;
const identity = { "X-Auth-Request-User": "alice", "Sec-Fetch-Site": "same-origin" };

beforeAll(async () => {
  server = await startTestServer({ env: { TRUST_PROXY_HEADERS: "true" } });
});
afterAll(() => server?.stop());

const createToken = (body: Record<string, unknown>, token = server.token) =>
  http(server.url, "POST", "/api/claude/tokens", { token, body });
const listTasks = (token: string) => http(server.url, "GET", "/api/claude/tasks", { token });

/** Every file under `dir`, recursively, as text. */
function filesUnder(dir: string): Array<{ file: string; text: string }> {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => {
      const file = path.join(entry.parentPath, entry.name);
      return { file, text: readFileSync(file, "latin1") };
    });
}

describe("named tokens", () => {
  it("answers the token once; lists it without its value; stores only a hash, 0600", async () => {
    const created = await createToken({ name: "ci", scopes: ["tasks:read"] });
    expect(created.status, created.text).toBe(201);
    expect(created.headers.get("cache-control")).toBe("no-store");
    const value = created.json.token as string;
    expect(value).toMatch(/^ctn_[A-Za-z0-9_-]{43}$/);
    expect(created.json).toMatchObject({ name: "ci", scopes: ["tasks:read"], id: expect.stringMatching(/^tok_[0-9a-f]{16}$/) });
    expect((await listTasks(value)).status).toBe(200);

    const list = await http(server.url, "GET", "/api/claude/tokens", { token: server.token });
    expect(list.status).toBe(200);
    const listed = list.json.tokens.find((t: { id: string }) => t.id === created.json.id);
    expect(listed).toMatchObject({ name: "ci", scopes: ["tasks:read"] });
    expect(listed.last_used_at).toBeGreaterThanOrEqual(created.json.created_at);
    expect(list.text).not.toContain(value);
    expect(list.text).not.toContain("hash");

    const store = path.join(server.tasksDir, ".api-tokens.json");
    expect(statSync(store).mode & 0o777).toBe(0o600);
    // Nothing the server keeps, the audit log included, holds the value.
    for (const { file, text } of filesUnder(server.tasksDir)) expect(text, file).not.toContain(value);
    expect(server.logs()).not.toContain(value);
  });

  it("an expired token is refused with token_expired from the moment it expires", async () => {
    const created = await createToken({ name: "short", scopes: ["tasks:read"], expires_in_seconds: 3 });
    expect(created.status, created.text).toBe(201);
    const { token, expires_at } = created.json as { token: string; expires_at: number };
    expect(expires_at).toBeCloseTo(created.json.created_at + 3, 3);
    expect((await listTasks(token)).status).toBe(200);
    await waitFor("the token's expiry", async () => (Date.now() / 1000 > expires_at ? true : undefined), 10_000);
    const refused = await listTasks(token);
    expect(refused.status).toBe(401);
    expect(refused.json).toEqual({ code: "token_expired", error: "This token has expired" });
  });

  it("a revoked token is refused with token_revoked on the next request", async () => {
    const created = await createToken({ name: "to revoke", scopes: ["tasks:read"] });
    const { token, id } = created.json as { token: string; id: string };
    expect((await listTasks(token)).status).toBe(200);
    const revoked = await http(server.url, "DELETE", `/api/claude/tokens/${id}`, { token: server.token });
    expect(revoked.status).toBe(200);
    expect(revoked.json.revoked_at).toBeGreaterThan(0);
    const refused = await listTasks(token);
    expect(refused.status).toBe(401);
    expect(refused.json).toEqual({ code: "token_revoked", error: "This token was revoked" });
    const unknown = await http(server.url, "DELETE", "/api/claude/tokens/tok_0000000000000000", { token: server.token });
    expect(unknown.status).toBe(404);
    expect(unknown.json.code).toBe("token_not_found");
  });

  it("an admin token grants no scope it lacks, and passes its limits on", async () => {
    const admin = (await createToken({ name: "admin+read", scopes: ["admin", "tasks:read"], workdirs: ["."] })).json.token;
    const tooMuch = await createToken({ name: "writer", scopes: ["tasks:write"], workdirs: ["."] }, admin);
    expect(tooMuch.status).toBe(403);
    expect(tooMuch.json).toEqual({ code: "insufficient_scope", error: "This token lacks the scope tasks:write it would grant" });
    const unlimited = await createToken({ name: "reader", scopes: ["tasks:read"] }, admin);
    expect(unlimited.status).toBe(403);
    expect(unlimited.json.code).toBe("insufficient_scope");
    const ok = await createToken({ name: "reader", scopes: ["tasks:read"], workdirs: ["."] }, admin);
    expect(ok.status, ok.text).toBe(201);
  });

  it("refuses bad requests with a clear error", async () => {
    const badScope = await createToken({ name: "x", scopes: ["tasks:everything"] });
    expect(badScope.status).toBe(400);
    expect(badScope.json.code).toBe("validation_failed");
    const outside = await createToken({ name: "x", scopes: ["tasks:read"], workdirs: ["/etc"] });
    expect(outside.status).toBe(400);
    expect(outside.json.code).toBe("invalid_workdir");
    const noScopes = await createToken({ name: "x", scopes: [] });
    expect(noScopes.status).toBe(400);
  });

  it("is managed from the owner's browser doors too; regenerating the token file's token leaves named tokens working", async () => {
    const created = await http(server.url, "POST", "/oauth/api/claude/tokens", {
      headers: identity,
      body: { name: "from the browser", scopes: ["tasks:read"] },
    });
    expect(created.status, created.text).toBe(201);
    const listed = await http(server.url, "GET", "/oauth/api/claude/tokens", { headers: identity });
    expect(listed.json.tokens.map((t: { name: string }) => t.name)).toContain("from the browser");
    const regenerated = await http(server.url, "POST", "/oauth/api/claude/auth/token/regenerate", { headers: identity });
    expect(regenerated.status).toBe(200);
    expect((await listTasks(server.token)).status).toBe(401);
    server.token = regenerated.json.token;
    expect((await listTasks(created.json.token)).status).toBe(200);
  });

  it("keeps tokens, revocations and last use across a restart", async () => {
    const created = await createToken({ name: "durable", scopes: ["tasks:read"] });
    const revoked = await createToken({ name: "gone", scopes: ["tasks:read"] });
    await http(server.url, "DELETE", `/api/claude/tokens/${revoked.json.id}`, { token: server.token });
    expect((await listTasks(created.json.token)).status).toBe(200);
    await server.shutdown();
    // Its last use, kept in memory (not written once per request), was written on the way down.
    const stored = JSON.parse(readFileSync(path.join(server.tasksDir, ".api-tokens.json"), "utf8")) as Array<{
      id: string;
      last_used_at?: number;
    }>;
    expect(stored.find((t) => t.id === created.json.id)?.last_used_at).toBeGreaterThan(created.json.created_at);
    await server.restart();
    expect((await listTasks(created.json.token)).status).toBe(200);
    expect((await listTasks(revoked.json.token)).json.code).toBe("token_revoked");
    for (const { file, text } of filesUnder(server.tasksDir)) {
      expect(text, file).not.toContain(created.json.token);
      expect(text, file).not.toContain(revoked.json.token);
    }
  });
});

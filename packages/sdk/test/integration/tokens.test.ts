/** client.tokens and client.audit against the REAL server: create, use, refuse, revoke, read the trail. */
import { startTestServer, type TestServer } from "@claude-task-api/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AuthenticationError, createClient, PermissionDeniedError, type TaskApiClient } from "../../src/index.js";

let server: TestServer;
let owner: TaskApiClient;

beforeAll(async () => {
  server = await startTestServer();
  owner = createClient({ baseUrl: server.url, token: server.token });
});
afterAll(() => server?.stop());

describe("tokens and audit", () => {
  it("creates a scoped token, is refused beyond its scope, revokes it, and the audit log shows it all", async () => {
    const created = await owner.tokens.create({ name: "ci reader", scopes: ["tasks:read"] });
    expect(created.token).toMatch(/^ctn_/);
    const reader = createClient({ baseUrl: server.url, token: created.token, retries: 0 });
    expect(Array.isArray((await reader.tasks.list()).tasks)).toBe(true);
    const refused = await reader.tasks.create({ prompt: "@reply no" }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(PermissionDeniedError);
    expect(refused).toMatchObject({ status: 403, code: "insufficient_scope" });

    const listed = await owner.tokens.list();
    expect(listed.map((t) => t.id)).toContain(created.id);
    expect(JSON.stringify(listed)).not.toContain(created.token);
    const revoked = await owner.tokens.revoke(created.id);
    expect(revoked.revoked_at).toBeGreaterThan(0);
    const after = await reader.tasks.list().catch((error: unknown) => error);
    expect(after).toBeInstanceOf(AuthenticationError);
    expect(after).toMatchObject({ status: 401, code: "token_revoked" });

    const page = await owner.audit.list({ limit: 10 });
    expect(page.entries.map((e) => e.action).slice(0, 4)).toEqual(["refused", "revokeToken", "createTask", "createToken"]);
    const only = await owner.audit.list({ action: "createToken" });
    expect(only.entries).toHaveLength(1);
  });
});

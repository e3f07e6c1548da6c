/**
 * Every bearer operation of openapi.yaml against a named token of every scope, over real HTTP:
 * the scope each operation needs is read from the spec itself (`bearerAuth: [scope]`), so an
 * operation added to the spec is tried with every scope without anyone adding it to a list.
 * A token with the operation's scope gets past the door (the operation's own answer: 200, 201,
 * 400 for the empty body, 404 for the sample ids); every other scope is refused with 403
 * insufficient_scope naming the scope; the token file's token is never refused.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { startTestServer, type TestServer } from "@claude-task-api/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { http, waitFor } from "../helpers/http.js";

const SCOPES = ["tasks:read", "tasks:write", "approvals:write", "tasks:purge", "admin"] as const;
const SAMPLES: Record<string, string> = {
  task_id: "1700000000-deadbeef",
  approval_id: "a1",
  schedule_id: "sch-0123456789abcdef",
  token_id: "tok_0123456789abcdef",
};
/** Operations that ask more of a named token than their scope, with a test of their own below. */
const MORE_THAN_SCOPE = new Set(["createDashboardLink"]);

const spec = parse(readFileSync(fileURLToPath(new URL("../../../../openapi.yaml", import.meta.url)), "utf8")) as {
  paths: Record<
    string,
    Record<string, { operationId: string; security?: Array<Record<string, string[]>>; requestBody?: unknown }>
  >;
};

interface BearerOperation {
  id: string;
  method: string;
  path: string;
  scope: string;
  hasBody: boolean;
}

const operations: BearerOperation[] = Object.entries(spec.paths).flatMap(([specPath, item]) =>
  ["get", "put", "post", "delete", "patch"].flatMap((method) => {
    const op = item[method];
    const scopes = op?.security?.find((requirement) => "bearerAuth" in requirement)?.bearerAuth;
    if (!op || !scopes) return [];
    return [
      {
        id: op.operationId,
        method: method.toUpperCase(),
        path: specPath.replace(/\{(\w+)\}/g, (_, name: string) => SAMPLES[name] ?? "x"),
        scope: scopes[0] as string,
        hasBody: op.requestBody !== undefined,
      },
    ];
  }),
);

let server: TestServer;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  server = await startTestServer();
  for (const scope of SCOPES) {
    const res = await http(server.url, "POST", "/api/claude/tokens", {
      token: server.token,
      body: { name: `only ${scope}`, scopes: [scope] },
    });
    expect(res.status, res.text).toBe(201);
    tokens[scope] = res.json.token;
  }
});
afterAll(() => server?.stop());

// An empty body: a request that gets past the door is refused by validation, so nothing runs.
const call = (op: BearerOperation, token: string) =>
  http(server.url, op.method, op.path, { token, ...(op.hasBody ? { body: {} } : {}) });

describe("every bearer operation against every scope", () => {
  it("reads a scope for every bearer operation of openapi.yaml", () => {
    expect(operations.length).toBeGreaterThan(20);
    for (const op of operations) expect(SCOPES, op.id).toContain(op.scope);
  });

  it.each(operations.filter((op) => !MORE_THAN_SCOPE.has(op.id)).map((op) => [op.id, op] as const))("%s", async (_id, op) => {
    for (const scope of SCOPES) {
      const res = await call(op, tokens[scope] as string);
      if (scope === op.scope) {
        expect([401, 403], `${op.id} with ${scope}: ${res.text}`).not.toContain(res.status);
      } else {
        expect(res.status, `${op.id} with ${scope}: ${res.text}`).toBe(403);
        expect(res.json).toEqual({ code: "insufficient_scope", error: `This token lacks the scope ${op.scope}` });
      }
    }
    const owner = await call(op, server.token);
    expect([401, 403], `${op.id} with the token file's token: ${owner.text}`).not.toContain(owner.status);
  });

  it("a dashboard link needs admin and every task scope, and no limits (its session has none)", async () => {
    const link = operations.find((op) => op.id === "createDashboardLink") as BearerOperation;
    expect(link.scope).toBe("admin");
    const adminOnly = await call(link, tokens.admin as string);
    expect(adminOnly.status).toBe(403);
    expect(adminOnly.json.code).toBe("insufficient_scope");
    const everything = await http(server.url, "POST", "/api/claude/tokens", {
      token: server.token,
      body: { name: "all", scopes: [...SCOPES] },
    });
    expect((await call(link, everything.json.token)).status).toBe(200);
    const limited = await http(server.url, "POST", "/api/claude/tokens", {
      token: server.token,
      body: { name: "all but limited", scopes: [...SCOPES], workdirs: ["."] },
    });
    expect(limited.status, limited.text).toBe(201);
    const refused = await call(link, limited.json.token);
    expect(refused.status).toBe(403);
    expect(refused.json.code).toBe("insufficient_scope");
  });

  it("purging needs tasks:purge besides the kill's tasks:write", async () => {
    const writer = await http(server.url, "POST", "/api/claude/tokens", {
      token: server.token,
      body: { name: "writer", scopes: ["tasks:write", "tasks:read"] },
    });
    const purger = await http(server.url, "POST", "/api/claude/tokens", {
      token: server.token,
      body: { name: "purger", scopes: ["tasks:write", "tasks:purge"] },
    });
    const created = await http(server.url, "POST", "/api/claude/tasks", {
      token: writer.json.token,
      body: { prompt: "@reply done" },
    });
    expect(created.status, created.text).toBe(201);
    const id = created.json.task_id as string;
    await waitFor("the task to finish", async () => {
      const res = await http(server.url, "GET", `/api/claude/tasks/${id}`, { token: writer.json.token });
      return ["running", "queued"].includes(res.json.status) ? undefined : true;
    });
    const refused = await http(server.url, "DELETE", `/api/claude/tasks/${id}?purge=true`, { token: writer.json.token });
    expect(refused.status).toBe(403);
    expect(refused.json).toEqual({ code: "insufficient_scope", error: "This token lacks the scope tasks:purge" });
    const purged = await http(server.url, "DELETE", `/api/claude/tasks/${id}?purge=true`, { token: purger.json.token });
    expect(purged.status, purged.text).toBe(200);
    expect(purged.json).toEqual({ task_id: id, purged: true });
  });
});

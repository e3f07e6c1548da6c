/** Who may call what, over real HTTP against the real server. */

import { statSync } from "node:fs";
import path from "node:path";
import { startTestServer, type TestServer } from "@claude-task-api/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { http } from "../helpers/http.js";

let server: TestServer;
const identity = { "X-Auth-Request-User": "alice", "X-Auth-Request-Email": "alice@example.com" };

beforeAll(async () => {
  // Behind the OAuth2 proxy, as the chart runs it (the door's refusals: door.e2e.test.ts).
  server = await startTestServer({ env: { TRUST_PROXY_HEADERS: "true" } });
});
afterAll(() => server?.stop());

const taskCount = async () =>
  (await http(server.url, "GET", "/api/claude/tasks", { token: server.token })).json.tasks.length as number;

describe("the bearer door (/api/claude)", () => {
  it("refuses requests without a token, with a wrong token, or with a malformed header", async () => {
    for (const headers of [
      {} as Record<string, string>,
      { authorization: "Bearer nope" },
      { authorization: `Basic ${server.token}` },
      { authorization: "Bearer" },
    ]) {
      const res = await http(server.url, "GET", "/api/claude/tasks", { headers });
      expect(res.status).toBe(401);
      expect(res.json.code).toBe("unauthorized");
    }
  });

  it("never trusts identity headers, so they cannot be forged through the bearer ingress", async () => {
    const before = await taskCount();
    const list = await http(server.url, "GET", "/api/claude/tasks", { headers: identity });
    expect(list.status).toBe(401);
    const create = await http(server.url, "POST", "/api/claude/tasks", { headers: identity, body: { prompt: "@reply x" } });
    expect(create.status).toBe(401);
    expect(await taskCount()).toBe(before);
  });

  it("never serves the token endpoints, not even with a valid token", async () => {
    for (const [method, p] of [
      ["GET", "/api/claude/auth/token"],
      ["POST", "/api/claude/auth/token/regenerate"],
    ] as const) {
      const res = await http(server.url, method, p, { token: server.token, headers: identity });
      expect(res.status).toBe(401);
      expect(res.json.error).toMatch(/oauth/i);
    }
  });

  it("answers /healthz without auth", async () => {
    const res = await http(server.url, "GET", "/healthz");
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ status: "ok" });
  });
});

describe("the OAuth2 proxy door (/oauth/api/claude)", () => {
  it("returns the token only with proxy identity headers, never for a bearer token alone", async () => {
    const ok = await http(server.url, "GET", "/oauth/api/claude/auth/token", { headers: { "X-Auth-Request-Email": "a@b.c" } });
    expect(ok.status).toBe(200);
    expect(ok.json).toEqual({ token: server.token });
    const bearerOnly = await http(server.url, "GET", "/oauth/api/claude/auth/token", { token: server.token });
    expect(bearerOnly.status).toBe(401);
    const blank = await http(server.url, "GET", "/oauth/api/claude/auth/token", { headers: { "X-Auth-Request-User": "  " } });
    expect(blank.status).toBe(401);
  });

  it("serves the task operations to browser sessions", async () => {
    const res = await http(server.url, "GET", "/oauth/api/claude/tasks", { headers: identity });
    expect(res.status).toBe(200);
    expect(Array.isArray(res.json.tasks)).toBe(true);
    const noIdentity = await http(server.url, "GET", "/oauth/api/claude/tasks", { token: server.token });
    expect(noIdentity.status).toBe(401);
  });

  it("regenerates the token: the old one stops working at once, the new one works, the file stays 0600", async () => {
    const old = server.token;
    const res = await http(server.url, "POST", "/oauth/api/claude/auth/token/regenerate", {
      headers: { ...identity, "Sec-Fetch-Site": "same-origin" },
    });
    expect(res.status).toBe(200);
    const fresh = res.json.token as string;
    expect(fresh).not.toBe(old);
    expect(fresh).toMatch(/^[A-Za-z0-9_-]{48}$/);
    expect((await http(server.url, "GET", "/api/claude/tasks", { token: old })).status).toBe(401);
    expect((await http(server.url, "GET", "/api/claude/tasks", { token: fresh })).status).toBe(200);
    expect(statSync(path.join(server.tasksDir, ".api-token")).mode & 0o777).toBe(0o600);
    server.token = fresh;
  });

  it("regenerate refuses a bearer token", async () => {
    const res = await http(server.url, "POST", "/oauth/api/claude/auth/token/regenerate", { token: server.token });
    expect(res.status).toBe(401);
    expect((await http(server.url, "GET", "/api/claude/tasks", { token: server.token })).status).toBe(200);
  });
});

/**
 * Dashboard sessions end when the server says so: a regenerated token ends every session and
 * unused link, sign-out and sign-out everywhere end them on demand, and nothing a task can read
 * in TASKS_DIR lets anyone make a session of their own. Real server, raw sockets.
 */
import { createHmac } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { startTestServer, type TestServer } from "@claude-task-api/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rawRequest } from "../helpers/raw-http.js";

const sameOrigin = { "Sec-Fetch-Site": "same-origin" };
const json = { "Content-Type": "application/json" };
const createBody = JSON.stringify({ prompt: "@reply hello" });

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

/** The `name=value` of a Set-Cookie answer. */
const cookieOf = (setCookie: string | undefined) => (setCookie ?? "").split(";")[0] as string;

/** Opens a sign-in link (a path with its code) and returns the session cookie it set. */
async function signIn(link: string): Promise<string> {
  const url = new URL(link, server.url);
  const res = await rawRequest(server.port, "GET", `${url.pathname}${url.search}`);
  expect(res.status).toBe(303);
  return cookieOf(res.headers["set-cookie"]);
}

/** A sign-in link minted with the bearer token (what `claude-tasks ui` does). */
async function mintLink(): Promise<string> {
  const res = await rawRequest(server.port, "POST", "/api/claude/dashboard/links", { Authorization: `Bearer ${server.token}` });
  expect(res.status).toBe(200);
  return res.json.url;
}

const listTasks = (cookie: string) => rawRequest(server.port, "GET", "/claude/api/claude/tasks", { Cookie: cookie });
const createTask = (cookie: string) =>
  rawRequest(server.port, "POST", "/claude/api/claude/tasks", { Cookie: cookie, ...sameOrigin, ...json }, createBody);

describe("regenerating the token", () => {
  it("ends every dashboard session and unused link; the caller alone gets a fresh session", async () => {
    const owner = await signIn(server.dashboardLink as string);
    const other = await signIn(await mintLink());
    const unused = await mintLink();
    expect((await listTasks(other)).status).toBe(200);

    const res = await rawRequest(server.port, "POST", "/claude/api/claude/auth/token/regenerate", {
      Cookie: owner,
      ...sameOrigin,
    });
    expect(res.status).toBe(200);
    server.token = res.json.token;
    const renewed = cookieOf(res.headers["set-cookie"]);
    expect(renewed).toMatch(/^cta_session=./);
    expect(renewed).not.toBe(owner);
    expect(res.headers["set-cookie"]).toMatch(/HttpOnly/);

    for (const old of [owner, other]) {
      expect((await listTasks(old)).json.code).toBe("unauthorized");
      const created = await createTask(old);
      expect({ status: created.status, code: created.json.code }).toEqual({ status: 401, code: "unauthorized" });
    }
    const url = new URL(unused, server.url);
    const redeemed = await rawRequest(server.port, "GET", `${url.pathname}${url.search}`);
    expect(redeemed.status).toBe(401);
    expect(redeemed.headers["set-cookie"]).toBeUndefined();

    // The renewed session is the owner's, and reads the new token.
    const token = await rawRequest(server.port, "GET", "/claude/api/claude/auth/token", { Cookie: renewed });
    expect(token.json.token).toBe(server.token);
  });

  it("through the OAuth2 proxy's door too", async () => {
    const proxied = await startTestServer({ env: { TRUST_PROXY_HEADERS: "true", OAUTH_ALLOWED_USERS: "alice" } });
    try {
      const link = new URL(proxied.dashboardLink as string);
      const login = await rawRequest(proxied.port, "GET", `${link.pathname}${link.search}`);
      const cookie = cookieOf(login.headers["set-cookie"]);
      expect((await rawRequest(proxied.port, "GET", "/claude/api/claude/tasks", { Cookie: cookie })).status).toBe(200);
      const res = await rawRequest(proxied.port, "POST", "/oauth/api/claude/auth/token/regenerate", {
        "X-Auth-Request-User": "alice",
        ...sameOrigin,
      });
      expect(res.status).toBe(200);
      expect(res.headers["set-cookie"]).toBeUndefined();
      expect((await rawRequest(proxied.port, "GET", "/claude/api/claude/tasks", { Cookie: cookie })).status).toBe(401);
    } finally {
      await proxied.stop();
    }
  });
});

describe("signing out", () => {
  it("ends this session on the server (a copy of the cookie is dead too) and clears the cookie", async () => {
    const cookie = await signIn(await mintLink());
    const kept = await signIn(await mintLink());
    const res = await rawRequest(server.port, "POST", "/claude/api/claude/auth/sign-out", { Cookie: cookie, ...sameOrigin });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ ended_sessions: 1, ended_links: 0 });
    expect(res.headers["set-cookie"]).toMatch(/^cta_session=; Max-Age=0; Path=\/claude/);
    expect(res.headers["cache-control"]).toBe("no-store");
    expect((await listTasks(cookie)).status).toBe(401);
    expect((await listTasks(kept)).status).toBe(200);
  });

  it("everywhere: every session and unused link ends, the token stays", async () => {
    const a = await signIn(await mintLink());
    const b = await signIn(await mintLink());
    const unused = new URL(await mintLink(), server.url);
    const res = await rawRequest(server.port, "POST", "/claude/api/claude/auth/sign-out-everywhere", {
      Cookie: a,
      ...sameOrigin,
    });
    expect(res.status).toBe(200);
    expect(res.json.ended_sessions).toBeGreaterThanOrEqual(2);
    expect(res.json.ended_links).toBeGreaterThanOrEqual(1);
    for (const cookie of [a, b]) expect((await listTasks(cookie)).status).toBe(401);
    expect((await rawRequest(server.port, "GET", `${unused.pathname}${unused.search}`)).status).toBe(401);
    const bearer = await rawRequest(server.port, "GET", "/api/claude/tasks", { Authorization: `Bearer ${server.token}` });
    expect(bearer.status).toBe(200);
  });

  it("needs a live session and our own page", async () => {
    const cookie = await signIn(await mintLink());
    for (const target of ["/claude/api/claude/auth/sign-out", "/claude/api/claude/auth/sign-out-everywhere"]) {
      const none = await rawRequest(server.port, "POST", target, sameOrigin);
      expect({ status: none.status, code: none.json.code }).toEqual({ status: 401, code: "unauthorized" });
      const cross = await rawRequest(server.port, "POST", target, {
        Cookie: cookie,
        "Sec-Fetch-Site": "cross-site",
        Origin: "https://evil.example",
      });
      expect({ status: cross.status, code: cross.json.code }).toEqual({ status: 403, code: "cross_site" });
    }
    expect((await listTasks(cookie)).status).toBe(200);
  });
});

describe("what a task can read in TASKS_DIR", () => {
  it("cannot be made into a session: no signing key, no cookie, and a century-long claim counts for nothing", async () => {
    const live = await signIn(await mintLink());
    // The server's own files, and those in its folders (.schedules/).
    const files = readdirSync(server.tasksDir, { withFileTypes: true })
      .filter((entry) => entry.name.startsWith(".") && entry.name !== ".api-token")
      .flatMap((entry) =>
        entry.isDirectory()
          ? readdirSync(path.join(server.tasksDir, entry.name)).map((name) => path.join(entry.name, name))
          : [entry.name],
      );
    expect(files.length).toBeGreaterThan(0);
    const century = Date.now() + 100 * 365 * 86_400_000;
    for (const name of files) {
      const text = readFileSync(path.join(server.tasksDir, name), "utf8");
      const candidates = text.match(/[A-Za-z0-9_-]{20,}/g) ?? [];
      // Cookies signed with the file's content as the key (how sessions were once made), and
      // every token-like string in it taken as a cookie.
      const key = Buffer.from(text.trim(), "base64url");
      const payload = `${century}.owner.forged`;
      const forged = [`${payload}.${createHmac("sha256", key).update(payload).digest("base64url")}`, ...candidates];
      for (const value of forged) {
        const res = await rawRequest(server.port, "GET", "/claude/api/claude/auth/token", { Cookie: `cta_session=${value}` });
        expect({ file: name, status: res.status }).toEqual({ file: name, status: 401 });
      }
    }
    // The sessions are on disk, with no access for others, and with no cookie in them.
    expect(files).toContain(".dashboard-sessions.json");
    expect(statSync(path.join(server.tasksDir, ".dashboard-sessions.json")).mode & 0o777).toBe(0o600);
    expect(readFileSync(path.join(server.tasksDir, ".dashboard-sessions.json"), "utf8")).not.toContain(live.split("=")[1]);
  });

  it("keeps sessions across a restart, from the server's records", async () => {
    const cookie = await signIn(await mintLink());
    await server.restart();
    expect((await listTasks(cookie)).status).toBe(200);
  });
});

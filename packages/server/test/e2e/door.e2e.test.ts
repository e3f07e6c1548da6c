/**
 * The browser door, tried as a hostile client would, straight at the real server over raw
 * sockets: every refusal must leave the disk as it was (same token file, no task created).
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { startTestServer, type TestServer } from "@claude-task-api/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rawRequest } from "../helpers/raw-http.js";

const PROXY_SECRET = "proxy-secret-for-tests-0123456789";
const alice = { "X-Auth-Request-User": "alice", "X-Auth-Request-Email": "alice@example.com" };
const mallory = { "X-Auth-Request-User": "mallory", "X-Auth-Request-Email": "mallory@example.com" };
const createBody = JSON.stringify({ prompt: "@reply should never run" });
const json = { "Content-Type": "application/json" };
const sameOrigin = { "Sec-Fetch-Site": "same-origin" };

/** What must not change: the token file (content and mtime) and the set of task directories. */
function disk(server: TestServer) {
  const file = path.join(server.tasksDir, ".api-token");
  return {
    token: readFileSync(file, "utf8"),
    mtimeMs: statSync(file).mtimeMs,
    tasks: readdirSync(server.tasksDir)
      .filter((n) => !n.startsWith("."))
      .sort(),
  };
}

async function expectRefused(
  server: TestServer,
  request: () => Promise<{ status: number; json: { code?: string } }>,
  status: number,
  code: string,
) {
  const before = disk(server);
  const res = await request();
  expect({ status: res.status, code: res.json?.code }).toEqual({ status, code });
  expect(disk(server)).toEqual(before);
}

describe("with TRUST_PROXY_HEADERS off (npm start, npm run demo)", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.stop());

  it.each([
    ["GET", "/oauth/api/claude/auth/token"],
    ["POST", "/oauth/api/claude/auth/token/regenerate"],
    ["POST", "/oauth/api/claude/tasks"],
    ["GET", "/oauth/api/claude/tasks"],
    ["GET", "/oauth/claude/"],
  ])("refuses a forged identity on %s %s with 401 proxy_not_trusted", async (method, target) => {
    await expectRefused(
      server,
      () => rawRequest(server.port, method, target, { ...mallory, ...sameOrigin, ...json }, method === "POST" ? createBody : ""),
      401,
      "proxy_not_trusted",
    );
  });
});

describe("with TRUST_PROXY_HEADERS on, an owner and a proxy secret", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      env: {
        TRUST_PROXY_HEADERS: "true",
        OAUTH_ALLOWED_USERS: "alice",
        OAUTH_ALLOWED_EMAILS: "Alice@Example.com",
        PROXY_AUTH_SECRET: PROXY_SECRET,
      },
    });
  });
  afterAll(() => server?.stop());
  const proof = { "X-Auth-Request-Proxy-Secret": PROXY_SECRET };

  it("lets the owner in through the proxy, with no-store on the token answer", async () => {
    const res = await rawRequest(server.port, "GET", "/oauth/api/claude/auth/token", { ...alice, ...proof });
    expect(res.status).toBe(200);
    expect(res.json.token).toBe(server.token);
    expect(res.headers["cache-control"]).toBe("no-store");
    // Matched case-insensitively by email alone, too.
    const byEmail = await rawRequest(server.port, "GET", "/oauth/api/claude/tasks", {
      "X-Auth-Request-Email": "ALICE@example.COM",
      ...proof,
    });
    expect(byEmail.status).toBe(200);
  });

  it.each([
    ["GET", "/oauth/api/claude/auth/token"],
    ["POST", "/oauth/api/claude/auth/token/regenerate"],
    ["POST", "/oauth/api/claude/tasks"],
  ])("refuses an identity that is not the owner on %s %s with 403 forbidden_identity", async (method, target) => {
    await expectRefused(
      server,
      () =>
        rawRequest(
          server.port,
          method,
          target,
          { ...mallory, ...proof, ...sameOrigin, ...json },
          method === "POST" ? createBody : "",
        ),
      403,
      "forbidden_identity",
    );
  });

  it.each([
    ["missing", {}],
    ["wrong", { "X-Auth-Request-Proxy-Secret": `${PROXY_SECRET}x` }],
    ["empty", { "X-Auth-Request-Proxy-Secret": "" }],
  ])("refuses a %s proxy secret with 401 proxy_not_trusted", async (_, secret) => {
    for (const [method, target] of [
      ["GET", "/oauth/api/claude/auth/token"],
      ["POST", "/oauth/api/claude/auth/token/regenerate"],
      ["POST", "/oauth/api/claude/tasks"],
    ] as const) {
      await expectRefused(
        server,
        () =>
          rawRequest(
            server.port,
            method,
            target,
            { ...alice, ...secret, ...sameOrigin, ...json },
            method === "POST" ? createBody : "",
          ),
        401,
        "proxy_not_trusted",
      );
    }
  });

  it.each([
    ["a foreign Sec-Fetch-Site", { "Sec-Fetch-Site": "cross-site", Origin: "https://evil.example" }],
    ["a foreign Origin alone", { Origin: "https://evil.example" }],
    ["neither header (a form post from an old browser)", {}],
  ])("refuses a cross-site POST with %s: 403 cross_site", async (_, site) => {
    for (const [method, target, body] of [
      ["POST", "/oauth/api/claude/auth/token/regenerate", ""],
      ["POST", "/oauth/api/claude/tasks", createBody],
    ] as const) {
      await expectRefused(
        server,
        () => rawRequest(server.port, method, target, { ...alice, ...proof, ...site, ...json }, body),
        403,
        "cross_site",
      );
    }
  });

  const traversals = [
    "/api/claude/%2e%2e/%2e%2e/oauth/api/claude/auth/token",
    "/api/claude/%2E%2E/%2E%2E/oauth/api/claude/auth/token",
    "/api/claude/.%2e/.%2E/oauth/api/claude/auth/token",
    "/oauth/api/claude/tasks/../auth/token",
    "/oauth/api/claude/tasks/./../auth/token",
    "/api/claude/tasks%2f..%2f..%2foauth%2fapi%2fclaude%2fauth%2ftoken",
    "/api/claude/tasks%2F..%2F..%2Foauth/api/claude/auth/token",
    "/api/claude/tasks%5c..%5c..%5coauth/api/claude/auth/token",
    "/api/claude/../oauth/api/claude/auth/token/regenerate",
  ];
  it.each(traversals)("refuses the raw target %s with 400 bad_path", async (target) => {
    for (const method of ["GET", "POST"]) {
      await expectRefused(
        server,
        // Even with the owner's headers and the proxy's secret: the path is refused before routing.
        () => rawRequest(server.port, method, target, { ...alice, ...proof, ...sameOrigin }),
        400,
        "bad_path",
      );
    }
  });

  it("never routes a raw backslash (Node's parser refuses it; the door would too)", async () => {
    const target = "/api/claude/tasks\\..\\..\\oauth/api/claude/auth/token";
    const before = disk(server);
    const res = await rawRequest(server.port, "GET", target, { ...alice, ...proof });
    expect(res.status).toBe(400);
    expect(disk(server)).toEqual(before);
  });

  it("regenerates the token for the owner from the same origin (the refusals above were not vacuous)", async () => {
    const res = await rawRequest(server.port, "POST", "/oauth/api/claude/auth/token/regenerate", {
      ...alice,
      ...proof,
      Origin: `http://127.0.0.1:${server.port}`,
    });
    expect(res.status).toBe(200);
    expect(res.headers["cache-control"]).toBe("no-store");
    expect(readFileSync(path.join(server.tasksDir, ".api-token"), "utf8").trim()).toBe(res.json.token);
    server.token = res.json.token;
  });
});

describe("the dashboard's session door (/claude/)", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.stop());

  let cookie = "";

  it("trades the start-up link, once, for an HttpOnly SameSite=Strict cookie and a clean URL", async () => {
    const link = new URL(server.dashboardLink as string);
    expect(link.pathname).toBe("/claude/login");
    const peek = await rawRequest(server.port, "HEAD", `${link.pathname}${link.search}`);
    expect(peek.headers["set-cookie"]).toBeUndefined();
    const res = await rawRequest(server.port, "GET", `${link.pathname}${link.search}`);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe("/claude/");
    const setCookie = res.headers["set-cookie"] as string;
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    expect(setCookie).toMatch(/Path=\/claude/);
    cookie = setCookie.split(";")[0] as string;
    const again = await rawRequest(server.port, "GET", `${link.pathname}${link.search}`);
    expect(again.status).toBe(401);
    expect(again.headers["set-cookie"]).toBeUndefined();
  });

  it("serves the API to the session, and refuses without it", async () => {
    const ok = await rawRequest(server.port, "GET", "/claude/api/claude/tasks", { Cookie: cookie });
    expect(ok.status).toBe(200);
    expect(ok.json.tasks).toEqual([]);
    const token = await rawRequest(server.port, "GET", "/claude/api/claude/auth/token", { Cookie: cookie });
    expect(token.json.token).toBe(server.token);
    expect(token.headers["cache-control"]).toBe("no-store");
    await expectRefused(server, () => rawRequest(server.port, "GET", "/claude/api/claude/auth/token"), 401, "unauthorized");
    await expectRefused(
      server,
      () =>
        rawRequest(
          server.port,
          "POST",
          "/claude/api/claude/tasks",
          { Cookie: "cta_session=made-up", ...sameOrigin, ...json },
          createBody,
        ),
      401,
      "unauthorized",
    );
  });

  it("refuses a cross-site POST even with the session cookie", async () => {
    for (const [target, body] of [
      ["/claude/api/claude/auth/token/regenerate", ""],
      ["/claude/api/claude/tasks", createBody],
    ] as const) {
      await expectRefused(
        server,
        () =>
          rawRequest(
            server.port,
            "POST",
            target,
            { Cookie: cookie, "Sec-Fetch-Site": "cross-site", Origin: "https://evil.example", ...json },
            body,
          ),
        403,
        "cross_site",
      );
    }
  });

  it("gives a bearer-token holder a link whose session cannot see or replace the token", async () => {
    const minted = await rawRequest(server.port, "POST", "/api/claude/dashboard/links", {
      Authorization: `Bearer ${server.token}`,
    });
    expect(minted.status).toBe(200);
    expect(minted.headers["cache-control"]).toBe("no-store");
    const login = await rawRequest(server.port, "GET", minted.json.url);
    expect(login.status).toBe(303);
    const limited = (login.headers["set-cookie"] as string).split(";")[0] as string;
    expect((await rawRequest(server.port, "GET", "/claude/api/claude/tasks", { Cookie: limited })).status).toBe(200);
    for (const [method, target] of [
      ["GET", "/claude/api/claude/auth/token"],
      ["POST", "/claude/api/claude/auth/token/regenerate"],
    ] as const) {
      await expectRefused(
        server,
        () => rawRequest(server.port, method, target, { Cookie: limited, ...sameOrigin }),
        403,
        "forbidden_identity",
      );
    }
    const noToken = await rawRequest(server.port, "POST", "/api/claude/dashboard/links");
    expect(noToken.status).toBe(401);
  });

  it("serves every HTML page with a strict policy and nothing from another origin", async () => {
    for (const target of ["/claude/", "/api/claude/docs"]) {
      const res = await rawRequest(server.port, "GET", target);
      expect(res.status).toBe(200);
      const csp = res.headers["content-security-policy"] as string;
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
      expect(csp).toContain("connect-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(res.headers["x-content-type-options"]).toBe("nosniff");
      expect(res.body).not.toMatch(/(src|href)="(https?:)?\/\//);
      expect(res.body).not.toMatch(/<script>/);
    }
    const viewer = await rawRequest(server.port, "GET", "/api/claude/docs/scalar.js");
    expect(viewer.status).toBe(200);
    expect(viewer.headers["content-type"]).toMatch(/javascript/);
  });
});

/**
 * Every operation of openapi.yaml through every door, in-process: the answer each door must
 * give follows from the operation's `security` as read here from the spec itself (not from the
 * generated table the server uses), so an operation added to the spec is tried on every door
 * without anyone adding it to a list, and a route the server serves beyond the spec fails.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { createApp } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { DashboardSessions } from "../../src/http/door/sessions.js";
import type { ResponseViolation } from "../../src/http/response-check/response-check.js";
import { createRuntime, type Runtime } from "../../src/runtime.js";
import { silentLogger } from "../../src/util/logger.js";

const SECRET = "proxy-secret-for-tests-0123456789";
const specText = readFileSync(fileURLToPath(new URL("../../../../openapi.yaml", import.meta.url)), "utf8");
const spec = parse(specText) as {
  paths: Record<
    string,
    Record<string, { operationId: string; security?: Array<Record<string, string[]>>; requestBody?: unknown; responses: object }>
  >;
};

interface Operation {
  id: string;
  method: string;
  /** The path with sample parameters and without a browser door's prefix. */
  bare: string;
  anonymous: boolean;
  bearer: boolean;
  proxy: boolean;
  session: false | "anyone" | "owner";
  hasBody: boolean;
  /** The statuses the operation declares. */
  statuses: number[];
}

const SAMPLES: Record<string, string> = { task_id: "1700000000-deadbeef", approval_id: "a1" };

function operations(): Operation[] {
  const list: Operation[] = [];
  for (const [specPath, item] of Object.entries(spec.paths)) {
    for (const method of ["get", "put", "post", "delete", "patch"]) {
      const op = item[method];
      if (!op) continue;
      const security = op.security ?? [];
      const scheme = (name: string) => security.find((requirement) => name in requirement)?.[name];
      const session = scheme("dashboardSession");
      list.push({
        id: op.operationId,
        method: method.toUpperCase(),
        bare: specPath.replace(/^\/(oauth|claude)\//, "/").replace(/\{(\w+)\}/g, (_, name: string) => SAMPLES[name] ?? "x"),
        anonymous: security.length === 0 || security.some((requirement) => Object.keys(requirement).length === 0),
        bearer: scheme("bearerAuth") !== undefined,
        proxy: scheme("proxyIdentity") !== undefined,
        session: session === undefined ? false : session.includes("owner") ? "owner" : "anyone",
        hasBody: op.requestBody !== undefined,
        statuses: Object.keys(op.responses).map(Number),
      });
    }
  }
  return list;
}

const root = mkdtempSync(path.join(tmpdir(), "cta-door-table-"));
let runtime: Runtime;
let trusted: ReturnType<typeof createApp>;
let untrusted: ReturnType<typeof createApp>;
let sessions: DashboardSessions;
/** A fresh session's cookie for each request: sign-out (everywhere) in the table ends sessions. */
const sessionCookie = async (owner: boolean) => `cta_session=${(await sessions.redeem(sessions.mintLink(owner).code))?.cookie}`;
/** What the response check found: every answer here, refusals included, must be one openapi.yaml declares. */
const violations: ResponseViolation[] = [];

beforeAll(async () => {
  const config = loadConfig({
    HOME: root,
    PATH: process.env.PATH,
    TASKS_DIR: path.join(root, "tasks"),
    TMUX_SOCKET: path.join(root, "tmux.sock"),
    TRUST_PROXY_HEADERS: "true",
    OAUTH_ALLOWED_USERS: "alice",
    PROXY_AUTH_SECRET: SECRET,
  });
  runtime = await createRuntime(config, { runnerScript: "/nonexistent", log: silentLogger });
  sessions = new DashboardSessions();
  const checkResponses = (violation: ResponseViolation) => violations.push(violation);
  trusted = createApp(runtime.services, { maxBodyBytes: config.maxBodyBytes, door: config.door, sessions, checkResponses });
  untrusted = createApp(runtime.services, { maxBodyBytes: config.maxBodyBytes, sessions, checkResponses });
});
afterAll(async () => {
  await runtime.stop();
  rmSync(root, { recursive: true, force: true });
});

/** What a door must answer: the operation itself, or a refusal with this status and code. */
type Expected = "served" | [status: number, ...codes: string[]];

/** Refusals of the doors: an answer with one of these never came from the operation. */
const DOOR_CODES = ["unauthorized", "proxy_not_trusted", "forbidden_identity", "cross_site", "not_found"];

interface Door {
  name: string;
  app: () => ReturnType<typeof createApp>;
  prefix: string;
  headers: () => Promise<Record<string, string>>;
  expect: (op: Operation) => Expected;
}

const bearer = async () => ({ authorization: `Bearer ${await runtime.services.tokens.get()}` });
const alice = { "x-auth-request-user": "alice", "x-auth-request-proxy-secret": SECRET, "sec-fetch-site": "same-origin" };
const refusedOnBarePath = (op: Operation): Expected => (op.anonymous ? "served" : [401, "unauthorized"]);
const isWrite = (op: Operation) => op.method !== "GET";
// The session door guards /claude/api/*; beside it under /claude are only the pages.
const noSession = (op: Operation): Expected => (op.bare.startsWith("/api/") ? [401, "unauthorized"] : [404, "not_found"]);

const DOORS: Door[] = [
  { name: "no credentials", app: () => trusted, prefix: "", headers: async () => ({}), expect: refusedOnBarePath },
  {
    name: "bearer token",
    app: () => trusted,
    prefix: "",
    headers: bearer,
    expect: (op) => (op.anonymous || op.bearer ? "served" : [401, "unauthorized"]),
  },
  // Identity headers mean nothing outside /oauth, even with the proxy's secret.
  {
    name: "proxy headers on the bare path",
    app: () => trusted,
    prefix: "",
    headers: async () => alice,
    expect: refusedOnBarePath,
  },
  {
    name: "OAuth2 proxy, trusted, the owner",
    app: () => trusted,
    prefix: "/oauth",
    headers: async () => alice,
    expect: (op) => (op.proxy ? "served" : [404, "not_found"]),
  },
  {
    name: "OAuth2 proxy, trusted, another identity",
    app: () => trusted,
    prefix: "/oauth",
    headers: async () => ({ ...alice, "x-auth-request-user": "mallory" }),
    expect: () => [403, "forbidden_identity"],
  },
  {
    name: "OAuth2 proxy, trusted, without its secret",
    app: () => trusted,
    prefix: "/oauth",
    headers: async () => ({ "x-auth-request-user": "alice", "sec-fetch-site": "same-origin" }),
    expect: () => [401, "proxy_not_trusted"],
  },
  {
    name: "OAuth2 proxy, trusted, a cross-site request",
    app: () => trusted,
    prefix: "/oauth",
    headers: async () => ({ ...alice, "sec-fetch-site": "cross-site", origin: "https://evil.example" }),
    expect: (op) => (isWrite(op) ? [403, "cross_site"] : op.proxy ? "served" : [404, "not_found"]),
  },
  {
    name: "OAuth2 proxy, not trusted (TRUST_PROXY_HEADERS off)",
    app: () => untrusted,
    prefix: "/oauth",
    headers: async () => alice,
    expect: () => [401, "proxy_not_trusted"],
  },
  {
    name: "bearer token under /oauth",
    app: () => trusted,
    prefix: "/oauth",
    headers: bearer,
    expect: () => [401, "proxy_not_trusted"],
  },
  {
    name: "dashboard session, the owner's",
    app: () => trusted,
    prefix: "/claude",
    headers: async () => ({ cookie: await sessionCookie(true), "sec-fetch-site": "same-origin" }),
    expect: (op) => (op.session ? "served" : [404, "not_found"]),
  },
  {
    name: "dashboard session from a bearer-minted link",
    app: () => trusted,
    prefix: "/claude",
    headers: async () => ({ cookie: await sessionCookie(false), "sec-fetch-site": "same-origin" }),
    expect: (op) =>
      op.session === "anyone" ? "served" : op.session === "owner" ? [403, "forbidden_identity"] : [404, "not_found"],
  },
  {
    name: "dashboard session, a cross-site request",
    app: () => trusted,
    prefix: "/claude",
    headers: async () => ({ cookie: await sessionCookie(true), "sec-fetch-site": "cross-site", origin: "https://evil.example" }),
    expect: (op) => (isWrite(op) ? [403, "cross_site"] : op.session ? "served" : [404, "not_found"]),
  },
  { name: "no session under /claude", app: () => trusted, prefix: "/claude", headers: async () => ({}), expect: noSession },
  { name: "bearer token under /claude", app: () => trusted, prefix: "/claude", headers: bearer, expect: noSession },
];

const OPERATIONS = operations();

describe.each(DOORS)("through $name", (door) => {
  it.each(OPERATIONS)("$method $bare ($id)", async (op) => {
    const headers: Record<string, string> = await door.headers();
    // A body that fails validation: an operation that answers 400 was reached, and no task starts.
    if (op.hasBody) headers["content-type"] = "application/json";
    const res = await door.app().request(`${door.prefix}${op.bare}`, {
      method: op.method,
      headers,
      ...(op.hasBody && { body: "{}" }),
    });
    const text = await res.text();
    expect(violations.splice(0)).toEqual([]);
    const code = res.headers.get("content-type")?.startsWith("application/json") ? JSON.parse(text).code : undefined;
    const expected = door.expect(op);
    const answer = `${res.status} ${code ?? text.slice(0, 80)}`;
    if (expected === "served") {
      expect(DOOR_CODES, `${answer}: the door refused`).not.toContain(code);
      expect(op.statuses, `${answer}: not an answer the operation declares`).toContain(res.status);
    } else {
      expect({ status: res.status, code }).toEqual({ status: expected[0], code: expected[1] });
    }
  });
});

describe("the routes the server serves", () => {
  // Pages and assets that are no operation of the API: each has its own door, said here.
  const PAGES = [
    "GET /claude/login", // the one-time link: public, it is the credential
    "GET /claude",
    "GET /claude/", // the dashboard page holds no data; its API calls go through a door
    "GET /claude/assets/:name",
    "GET /oauth/claude",
    "GET /oauth/claude/", // behind the proxy door, like everything under /oauth
    "GET /oauth/claude/assets/:name",
    "GET /api/claude/docs/scalar.js", // the reference page's scripts, at the page's doors
    "GET /api/claude/docs/init.js",
    "GET /oauth/api/claude/docs/scalar.js",
    "GET /oauth/api/claude/docs/init.js",
  ];

  it("are the doors of openapi.yaml's operations, and the pages listed here", () => {
    const fromSpec = new Set<string>();
    for (const op of OPERATIONS) {
      const template = Object.entries(spec.paths)
        .find(([, item]) => item[op.method.toLowerCase()]?.operationId === op.id)?.[0]
        ?.replace(/^\/(oauth|claude)\//, "/")
        .replace(/\{(\w+)\}/g, ":$1") as string;
      fromSpec.add(`${op.method} ${template}`);
      if (op.proxy) fromSpec.add(`${op.method} /oauth${template}`);
      if (op.session) fromSpec.add(`${op.method} /claude${template}`);
    }
    // Middleware (`use`, and the body limit on every path) is no route.
    const routes = trusted.routes.filter((r) => r.method !== "ALL" && r.path !== "/*");
    const served = new Set(routes.map((r) => `${r.method} ${r.path}`));
    const unexplained = [...served].filter((route) => !fromSpec.has(route) && !PAGES.includes(route));
    expect(unexplained).toEqual([]);
    expect([...fromSpec].filter((route) => !served.has(route))).toEqual([]);
  });
});

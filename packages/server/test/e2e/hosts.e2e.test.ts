/**
 * The names the server answers to (DNS rebinding), and where its owner's sign-in link may be
 * printed. Real server over raw sockets; the terminal is a real pseudo-terminal (`script`).
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { freePort, serverEntry, startTestServer, type TestServer } from "@claude-task-api/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rawRequest } from "../helpers/raw-http.js";

describe("the Host a request names", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { ALLOWED_HOSTS: "alice.dev.example.com" } });
  });
  afterAll(() => server?.stop());
  const bearer = () => ({ Authorization: `Bearer ${server.token}` });

  it.each([
    ["GET", "/api/claude/tasks"],
    ["GET", "/claude/"],
    ["GET", "/claude/login?code=x"],
    ["GET", "/claude/api/claude/tasks"],
    ["GET", "/oauth/api/claude/auth/token"],
    ["GET", "/api/claude/openapi.json"],
    ["POST", "/api/claude/dashboard/links"],
  ])("refuses %s %s for a name it does not go by, with 403 host_not_allowed", async (method, target) => {
    for (const host of [`evil.example:${server.port}`, "evil.example", "127.0.0.1.evil.example", "localhost.evil.example"]) {
      const res = await rawRequest(server.port, method, target, { ...bearer(), Host: host });
      expect({ host, status: res.status, code: res.json?.code }).toEqual({ host, status: 403, code: "host_not_allowed" });
      expect(res.json.error).toContain("ALLOWED_HOSTS");
    }
  });

  it("answers loopback names and ALLOWED_HOSTS, with any port and in any case", async () => {
    for (const host of [
      `127.0.0.1:${server.port}`,
      `localhost:${server.port}`,
      `[::1]:${server.port}`,
      "LocalHost",
      "alice.dev.example.com",
      "Alice.Dev.Example.com:443",
    ]) {
      const res = await rawRequest(server.port, "GET", "/api/claude/tasks", { ...bearer(), Host: host });
      expect({ host, status: res.status }).toEqual({ host, status: 200 });
    }
  });

  it("answers /healthz and /readyz whatever the Host (kubelet probes send the pod's IP)", async () => {
    for (const target of ["/healthz", "/readyz"]) {
      const res = await rawRequest(server.port, "GET", target, { Host: "10.1.2.3:6080" });
      expect(res.json?.code, target).toBeUndefined();
      expect([200, 503], target).toContain(res.status);
    }
  });

  it("refuses a request with an empty Host", async () => {
    const res = await rawRequest(server.port, "GET", "/api/claude/tasks", { ...bearer(), Host: "" });
    expect(res.status).toBe(403);
    expect(res.json.code).toBe("host_not_allowed");
  });
});

describe("the owner's sign-in link at start-up", () => {
  it("is not printed by a server that listens beyond loopback (its output is the pod's log)", async () => {
    const server = await startTestServer({ env: { HOST: "0.0.0.0" } });
    try {
      expect(server.banner).toContain("listening on http://0.0.0.0:");
      expect(server.banner).not.toContain("code=");
      expect(server.dashboardLink).toBeUndefined();
      expect(server.banner).toContain("claude-tasks ui");
      // `claude-tasks ui`'s way still works.
      const minted = await rawRequest(server.port, "POST", "/api/claude/dashboard/links", {
        Authorization: `Bearer ${server.token}`,
      });
      expect(minted.json.url).toMatch(/^\/claude\/login\?code=/);
    } finally {
      await server.stop();
    }
  });

  it("is printed on loopback", async () => {
    const server = await startTestServer();
    try {
      expect(server.dashboardLink).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/claude\/login\?code=/);
    } finally {
      await server.stop();
    }
  });

  it("is printed to a person at a terminal, wherever the server listens", async () => {
    const root = mkdtempSync(path.join(tmpdir(), "cta-tty-"));
    const env = {
      PATH: process.env.PATH ?? "/usr/bin:/bin",
      HOME: root,
      HOST: "0.0.0.0",
      PORT: String(await freePort()),
      TASKS_DIR: path.join(root, "tasks"),
      WORKDIR_ROOT: root,
      TMUX_SOCKET: path.join(root, "tmux.sock"),
      LOG_LEVEL: "warn",
    };
    // `script` runs the server on a pseudo-terminal of its own, as a person's shell would.
    const child = spawn("script", ["-qfec", `${process.execPath} ${serverEntry}`, "/dev/null"], {
      env,
      stdio: ["pipe", "pipe", "ignore"],
    });
    const exited = new Promise((resolve) => child.once("exit", resolve));
    let out = "";
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout.on("data", (d: Buffer) => {
          out += d.toString();
          if (/tmux:[^\n]*\n/.test(out)) resolve();
        });
        child.once("exit", (code) => reject(new Error(`exited with ${code}: ${out}`)));
      });
      expect(out).toContain("listening on http://0.0.0.0:");
      expect(out).toMatch(/dashboard:\s+http:\/\/127\.0\.0\.1:\d+\/claude\/login\?code=\S+/);
    } finally {
      // Ctrl-C at that terminal: the server stops as it does for a person.
      child.stdin.write("\x03");
      await exited;
      rmSync(root, { recursive: true, force: true });
    }
  });
});

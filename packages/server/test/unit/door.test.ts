/** The door's rules as pure functions: raw paths, same-origin, allowed identities, hosts, sign-in links and sessions. */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { DoorConfig } from "../../src/config.js";
import { allowedHostSet, isLoopbackAddress, normalizeHost } from "../../src/http/door/allowed-hosts.js";
import { isAllowedIdentity, secretMatches } from "../../src/http/door/proxy-door.js";
import { badPathReason } from "../../src/http/door/raw-path.js";
import { isSameOrigin } from "../../src/http/door/same-origin.js";
import { DashboardSessions } from "../../src/http/door/sessions.js";

describe("badPathReason", () => {
  it.each([
    "/api/claude/%2e%2e/%2e%2e/oauth/api/claude/auth/token",
    "/api/claude/%2E%2E/oauth/api/claude/auth/token",
    "/api/claude/.%2e/x",
    "/oauth/api/claude/tasks/../auth/token",
    "/oauth/api/claude/tasks/./x",
    "/api/claude/tasks/%2f..%2fauth",
    "/api/claude/tasks/x%5Cy",
    "/api/claude/tasks/..\\auth",
    "/api/claude/tasks/..?q=1",
    "http://host:6080/api/claude/../oauth/api/claude/auth/token",
  ])("refuses %s", (target) => {
    expect(badPathReason(target)).toBeDefined();
  });

  it.each([
    "/api/claude/tasks",
    "/api/claude/tasks/1700000000-0123abcd?labels=a.b",
    "/api/claude/openapi.json",
    "/api/claude/tasks?q=../x",
    "/claude/login?code=a.b",
    "/a/...b/.c/c.",
  ])("lets %s through", (target) => {
    expect(badPathReason(target)).toBeUndefined();
  });
});

describe("isSameOrigin", () => {
  const headers = (h: Record<string, string>) => (name: string) => h[name];
  it("trusts the browser's Sec-Fetch-Site for same-origin and typed navigations", () => {
    expect(isSameOrigin(headers({ "sec-fetch-site": "same-origin" }))).toBe(true);
    expect(isSameOrigin(headers({ "sec-fetch-site": "none" }))).toBe(true);
    expect(isSameOrigin(headers({ "sec-fetch-site": "cross-site", origin: "https://evil.test", host: "pod" }))).toBe(false);
    expect(isSameOrigin(headers({ "sec-fetch-site": "same-site", host: "pod" }))).toBe(false);
  });
  it("compares Origin with Host when the browser sends no Sec-Fetch-Site", () => {
    expect(isSameOrigin(headers({ origin: "https://alice.dev.example.com", host: "alice.dev.example.com" }))).toBe(true);
    expect(isSameOrigin(headers({ origin: "https://evil.example.com", host: "alice.dev.example.com" }))).toBe(false);
    expect(isSameOrigin(headers({ origin: "null", host: "alice.dev.example.com" }))).toBe(false);
    expect(isSameOrigin(headers({ host: "alice.dev.example.com" }))).toBe(false);
  });
});

describe("isAllowedIdentity", () => {
  const door = (users: string[], emails: string[]): DoorConfig => ({
    trustProxyHeaders: true,
    allowedUsers: users,
    allowedEmails: emails,
    proxySecret: undefined,
  });
  it("lets anyone through when no list is set, only the listed identities otherwise", () => {
    expect(isAllowedIdentity({ user: "mallory", email: undefined }, door([], []))).toBe(true);
    expect(isAllowedIdentity({ user: "alice", email: undefined }, door(["alice"], []))).toBe(true);
    expect(isAllowedIdentity({ user: "Alice", email: undefined }, door(["alice"], []))).toBe(false);
    expect(isAllowedIdentity({ user: "mallory", email: "ALICE@example.com" }, door([], ["alice@example.com"]))).toBe(true);
    expect(isAllowedIdentity({ user: "mallory", email: "mallory@example.com" }, door(["alice"], ["alice@example.com"]))).toBe(
      false,
    );
  });
});

describe("secretMatches", () => {
  it("matches only the exact secret", () => {
    expect(secretMatches("s".repeat(32), "s".repeat(32))).toBe(true);
    expect(secretMatches("s".repeat(31), "s".repeat(32))).toBe(false);
    expect(secretMatches(undefined, "s".repeat(32))).toBe(false);
    expect(secretMatches("", "s".repeat(32))).toBe(false);
  });
});

describe("DashboardSessions", () => {
  it("redeems a link once, and only before it expires", async () => {
    let now = 1_000;
    const sessions = new DashboardSessions({ linkTtlMs: 100, sessionTtlMs: 1_000, now: () => now });
    const { code } = sessions.mintLink(true);
    const session = await sessions.redeem(code);
    expect(session).toBeDefined();
    expect(await sessions.redeem(code)).toBeUndefined();
    expect(sessions.lookup(session?.cookie)).toMatchObject({ owner: true });
    const late = sessions.mintLink(false).code;
    now += 101;
    expect(await sessions.redeem(late)).toBeUndefined();
    now += 1_000;
    expect(sessions.lookup(session?.cookie)).toBeUndefined();
    expect(sessions.lookup("made-up")).toBeUndefined();
  });

  it("keeps sessions across a restart in a 0600 file that holds no cookie", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "cta-sessions-"));
    try {
      const file = path.join(dir, ".dashboard-sessions.json");
      const first = await DashboardSessions.open({ file });
      const session = (await first.redeem(first.mintLink(false).code)) as { cookie: string };
      const again = await DashboardSessions.open({ file });
      expect(again.lookup(session.cookie)).toMatchObject({ owner: false });
      expect(statSync(file).mode & 0o777).toBe(0o600);
      const text = readFileSync(file, "utf8");
      expect(text).not.toContain(session.cookie);
      // Whatever the file holds, presented as a cookie, is nobody's session.
      for (const value of text.match(/[A-Za-z0-9_-]{20,}/g) ?? []) expect(again.lookup(value)).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("ends a session on the server: sign-out, sign-out everywhere (unused links too)", async () => {
    const sessions = new DashboardSessions();
    const a = (await sessions.redeem(sessions.mintLink(true).code)) as { cookie: string };
    const b = (await sessions.redeem(sessions.mintLink(false).code)) as { cookie: string };
    expect(await sessions.end(a.cookie)).toEqual({ ended_sessions: 1, ended_links: 0 });
    expect(sessions.lookup(a.cookie)).toBeUndefined();
    expect(sessions.lookup(b.cookie)).toBeDefined();
    const unused = sessions.mintLink(true).code;
    expect(await sessions.endAll()).toEqual({ ended_sessions: 1, ended_links: 1 });
    expect(sessions.lookup(b.cookie)).toBeUndefined();
    expect(await sessions.redeem(unused)).toBeUndefined();
  });

  it("ends a session by its own lifetime, whatever end its record was given", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "cta-sessions-"));
    try {
      const file = path.join(dir, "sessions.json");
      let now = 1_000_000;
      const sessions = await DashboardSessions.open({ file, sessionTtlMs: 1_000, now: () => now });
      const session = (await sessions.redeem(sessions.mintLink(true).code)) as { cookie: string };
      // A record stretched to a century on disk (by hand, or by whoever can write the file).
      const stored = JSON.parse(readFileSync(file, "utf8"));
      for (const record of Object.values(stored.sessions) as { expiresAt: number }[])
        record.expiresAt = now + 100 * 365 * 86_400_000;
      writeFileSync(file, JSON.stringify(stored));
      const reopened = await DashboardSessions.open({ file, sessionTtlMs: 1_000, now: () => now });
      expect(reopened.lookup(session.cookie)).toBeDefined();
      now += 1_001;
      expect(reopened.lookup(session.cookie)).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("allowed hosts", () => {
  it("reads Host as a name without its port", () => {
    expect(normalizeHost("LocalHost:6080")).toBe("localhost");
    expect(normalizeHost("[::1]:6080")).toBe("[::1]");
    expect(normalizeHost("::1")).toBe("[::1]");
    expect(normalizeHost("alice.dev.example.com.")).toBe("alice.dev.example.com");
  });

  it("answers loopback, the listen address and the configured names", () => {
    const hosts = allowedHostSet("0.0.0.0", ["alice.dev.example.com"]);
    expect([...hosts].sort()).toEqual(["127.0.0.1", "[::1]", "alice.dev.example.com", "localhost"]);
    expect(allowedHostSet("192.168.1.5", []).has("192.168.1.5")).toBe(true);
    expect(allowedHostSet("::", []).has("[::]")).toBe(false);
  });

  it("knows a loopback listen address", () => {
    for (const a of ["127.0.0.1", "127.1.2.3", "localhost", "::1", "[::1]"]) expect(isLoopbackAddress(a), a).toBe(true);
    for (const a of ["0.0.0.0", "::", "10.0.0.5", "alice.dev.example.com", "127.0.0.1.evil.example"])
      expect(isLoopbackAddress(a), a).toBe(false);
  });
});

/** The door's rules as pure functions: raw paths, same-origin, allowed identities, sign-in links. */
import { describe, expect, it } from "vitest";
import type { DoorConfig } from "../../src/config.js";
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
  it("redeems a link once, and only before it expires", () => {
    let now = 1_000;
    const sessions = new DashboardSessions({ linkTtlMs: 100, sessionTtlMs: 1_000, now: () => now });
    const { code } = sessions.mintLink(true);
    const id = sessions.redeem(code);
    expect(id).toBeDefined();
    expect(sessions.redeem(code)).toBeUndefined();
    expect(sessions.lookup(id)).toMatchObject({ owner: true });
    const late = sessions.mintLink(false).code;
    now += 101;
    expect(sessions.redeem(late)).toBeUndefined();
    now += 1_000;
    expect(sessions.lookup(id)).toBeUndefined();
    expect(sessions.lookup("made-up")).toBeUndefined();
  });

  it("accepts only cookies it signed, also after a restart with the same key", () => {
    const key = Buffer.alloc(32, 7);
    const first = new DashboardSessions({ key });
    const cookie = first.redeem(first.mintLink(false).code) as string;
    expect(new DashboardSessions({ key }).lookup(cookie)).toMatchObject({ owner: false });
    expect(new DashboardSessions({ key: Buffer.alloc(32, 8) }).lookup(cookie)).toBeUndefined();
    // Claiming the owner's scope breaks the signature.
    const forged = cookie.replace(".tasks.", ".owner.");
    expect(first.lookup(forged)).toBeUndefined();
  });
});

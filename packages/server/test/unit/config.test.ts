import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.js";
import { scrubSecrets } from "../../src/config-secrets.js";

const base = { HOME: "/home/dev", PATH: "/usr/bin" };

describe("loadConfig", () => {
  it("uses the documented defaults", () => {
    const c = loadConfig(base);
    expect(c).toMatchObject({
      port: 6080,
      host: "127.0.0.1",
      tasksDir: "/home/dev/.claude-tasks",
      defaultWorkdir: "/home/dev",
      workdirRoot: "/home/dev",
      claudeBin: undefined,
      permissionMode: "bypassPermissions",
      tmuxSocket: undefined,
      maxBodyBytes: 1024 * 1024,
      door: { trustProxyHeaders: false, allowedUsers: [], allowedEmails: [], proxySecret: undefined },
    });
    expect(c.runEnv).toEqual(base);
  });

  it("reads ALLOWED_HOSTS as bare names, and refuses a URL or a port with the variable named", () => {
    expect(loadConfig(base).allowedHosts).toEqual([]);
    expect(loadConfig({ ...base, ALLOWED_HOSTS: " Alice.Dev.Example.com, [fd00::1],10.0.0.5" }).allowedHosts).toEqual([
      "alice.dev.example.com",
      "[fd00::1]",
      "10.0.0.5",
    ]);
    expect(loadConfig({ ...base, ALLOWED_HOSTS: "x" }).runEnv).toEqual(base);
    for (const bad of [
      "https://alice.dev.example.com",
      "alice.dev.example.com:443",
      "alice.dev.example.com/x",
      "*.example.com",
    ]) {
      expect(() => loadConfig({ ...base, ALLOWED_HOSTS: bad }), bad).toThrow(/ALLOWED_HOSTS.*host name or IP address/);
    }
  });

  it("reads the daily budget and its time zone (UTC by default), refusing bad values with the variable named", () => {
    expect(loadConfig(base).budget).toEqual({ dailyUsd: undefined, timezone: "UTC" });
    expect(loadConfig({ ...base, DAILY_BUDGET_USD: "12.5", BUDGET_TIMEZONE: "Europe/Berlin" }).budget).toEqual({
      dailyUsd: 12.5,
      timezone: "Europe/Berlin",
    });
    expect(() => loadConfig({ ...base, DAILY_BUDGET_USD: "0" })).toThrow(
      /DAILY_BUDGET_USD: must be a number of US dollars above 0/,
    );
    expect(() => loadConfig({ ...base, DAILY_BUDGET_USD: "ten" })).toThrow(/DAILY_BUDGET_USD/);
    expect(() => loadConfig({ ...base, BUDGET_TIMEZONE: "Mars/Olympus" })).toThrow(/BUDGET_TIMEZONE: must be an IANA time zone/);
  });

  it("accepts the newer permission modes in CLAUDE_PERMISSION_MODE and ALLOWED_PERMISSION_MODES", () => {
    const c = loadConfig({ ...base, CLAUDE_PERMISSION_MODE: "dontAsk", ALLOWED_PERMISSION_MODES: "dontAsk, auto" });
    expect(c.permissionMode).toBe("dontAsk");
    expect(c.limits.allowedPermissionModes).toEqual(["dontAsk", "auto"]);
  });

  it("reads the /oauth door's settings: lists trimmed, emails lower-cased, users as written", () => {
    const c = loadConfig({
      ...base,
      TRUST_PROXY_HEADERS: "true",
      OAUTH_ALLOWED_USERS: " Alice , bob,,",
      OAUTH_ALLOWED_EMAILS: "Alice@Example.COM",
      PROXY_AUTH_SECRET: "s".repeat(32),
    });
    expect(c.door).toEqual({
      trustProxyHeaders: true,
      allowedUsers: ["Alice", "bob"],
      allowedEmails: ["alice@example.com"],
      proxySecret: "s".repeat(32),
    });
    expect(c.runEnv).toEqual(base);
  });

  it("keeps its own settings out of the environment claude runs get", () => {
    const c = loadConfig({ ...base, PORT: "7000", TASKS_DIR: "/t", ANTHROPIC_API_KEY: "k" });
    expect(c.runEnv).toEqual({ ...base, ANTHROPIC_API_KEY: "k" });
  });

  it("treats empty values as unset", () => {
    expect(loadConfig({ ...base, PORT: "", TMUX_SOCKET: "" })).toMatchObject({ port: 6080, tmuxSocket: undefined });
  });

  it.each([
    ["PORT", "abc"],
    ["PORT", "70000"],
    ["TASKS_DIR", "relative/path"],
    ["CLAUDE_PERMISSION_MODE", "yolo"],
    ["MAX_BODY_BYTES", "-5"],
    ["LOG_LEVEL", "loud"],
    ["TRUST_PROXY_HEADERS", "yes"],
    ["PROXY_AUTH_SECRET", "short"],
  ])("rejects %s=%s with a message naming it", (name, value) => {
    expect(() => loadConfig({ ...base, [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, [name]: value })).toThrow(new RegExp(name));
  });
});

describe("secrets from files", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "cta-config-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, content: string) => {
    writeFileSync(path.join(dir, name), content);
    return path.join(dir, name);
  };

  it("reads WEBHOOK_SECRET_FILE and PROXY_AUTH_SECRET_FILE (one trailing newline dropped), and keeps both out of runs", () => {
    const c = loadConfig({
      ...base,
      WEBHOOK_SECRET_FILE: file("webhook", "w".repeat(20)),
      PROXY_AUTH_SECRET_FILE: file("proxy", `${"p".repeat(20)}\n`),
    });
    expect(c.webhooks.secret).toBe("w".repeat(20));
    expect(c.door.proxySecret).toBe("p".repeat(20));
    expect(c.secretsInEnvironment).toEqual([]);
    expect(c.runEnv).toEqual(base);
  });

  it("still takes a secret from the environment, and says so", () => {
    expect(loadConfig({ ...base, WEBHOOK_SECRET: "w".repeat(20) }).secretsInEnvironment).toEqual(["WEBHOOK_SECRET"]);
  });

  it.each([
    [{ WEBHOOK_SECRET_FILE: "/nonexistent/webhook" }, /WEBHOOK_SECRET_FILE: cannot read \/nonexistent\/webhook: ENOENT/],
    [{ PROXY_AUTH_SECRET_FILE: "relative" }, /PROXY_AUTH_SECRET_FILE: must be an absolute path/],
    [{ WEBHOOK_SECRET: "w".repeat(20), WEBHOOK_SECRET_FILE: "/x" }, /WEBHOOK_SECRET and WEBHOOK_SECRET_FILE: set one, not both/],
    [{ PROXY_AUTH_SECRET_FILE: "<short>" }, /PROXY_AUTH_SECRET_FILE: must be at least 16 characters/],
  ])("refuses %o with a message naming the variable", (env, message) => {
    const resolved = Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v === "<short>" ? file("short", "short\n") : v]));
    expect(() => loadConfig({ ...base, ...resolved })).toThrow(message);
  });

  it("scrubs the secrets from the process environment (so children started without an explicit one lack them)", () => {
    const env: NodeJS.ProcessEnv = { ...base, WEBHOOK_SECRET: "a", PROXY_AUTH_SECRET: "b", CLAUDE_API_TOKEN: "c" };
    scrubSecrets(env);
    expect(env).toEqual(base);
  });
});

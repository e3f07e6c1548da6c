import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.js";

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

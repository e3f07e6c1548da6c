import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { maskToken, resolveSettings } from "../src/config/settings.js";
import { emptyHome, runInProcess } from "./support/run-in-process.js";

function homeWithConfig(config: unknown): string {
  const home = emptyHome();
  mkdirSync(join(home, ".config", "claude-tasks"), { recursive: true });
  writeFileSync(
    join(home, ".config", "claude-tasks", "config.json"),
    typeof config === "string" ? config : JSON.stringify(config),
  );
  return home;
}

const config = {
  defaultProfile: "alice",
  profiles: {
    alice: { url: "https://alice.example.com", token: "alice-token-0123456789" },
    local: { url: "http://127.0.0.1:7000" },
  },
};

describe("settings precedence: flag > env > profile > default", () => {
  it("flags win over everything", () => {
    const home = homeWithConfig(config);
    const s = resolveSettings(
      { url: "http://flag:1", token: "flag-token" },
      { CLAUDE_TASKS_URL: "http://env:1", CLAUDE_API_TOKEN: "env" },
      home,
    );
    expect([s.url, s.token]).toEqual([
      { value: "http://flag:1", source: "--url" },
      { value: "flag-token", source: "--token" },
    ]);
  });

  it("environment beats the profile", () => {
    const s = resolveSettings({}, { CLAUDE_TASKS_URL: "http://env:1", CLAUDE_API_TOKEN: "env-token" }, homeWithConfig(config));
    expect(s.url.source).toBe("CLAUDE_TASKS_URL");
    expect(s.token?.source).toBe("CLAUDE_API_TOKEN");
  });

  it("the default profile, or one chosen by --profile / CLAUDE_TASKS_PROFILE", () => {
    const home = homeWithConfig(config);
    expect(resolveSettings({}, {}, home)).toMatchObject({
      profile: { value: "alice" },
      url: { value: "https://alice.example.com" },
      token: { value: "alice-token-0123456789" },
    });
    expect(resolveSettings({}, { CLAUDE_TASKS_PROFILE: "local" }, home).url.value).toBe("http://127.0.0.1:7000");
    expect(resolveSettings({ profile: "local" }, { CLAUDE_TASKS_PROFILE: "alice" }, home).url.source).toBe('profile "local"');
  });

  it("falls back to the default URL and the pod token file", () => {
    const home = emptyHome();
    mkdirSync(join(home, "tasks"));
    writeFileSync(join(home, "tasks", ".api-token"), "pod-token\n");
    const s = resolveSettings({}, { TASKS_DIR: join(home, "tasks") }, home);
    expect(s.url).toEqual({ value: "http://127.0.0.1:6080", source: "default" });
    expect(s.token).toEqual({ value: "pod-token", source: join(home, "tasks", ".api-token") });
  });

  it("an unknown profile is a usage error naming the known ones", () => {
    expect(() => resolveSettings({ profile: "bob" }, {}, homeWithConfig(config))).toThrow(/unknown profile "bob".*alice, local/);
  });

  it("masks tokens", () => {
    expect(maskToken("abcdefghijklmnopqrstuvwxyz")).toBe("abcd…wxyz");
    expect(maskToken("short")).toBe("*****");
  });
});

describe("bad config files give one line naming the file (exit 2)", () => {
  const cases: Array<[string, unknown, RegExp]> = [
    ["not JSON", "{ nope", /bad config file .*config\.json: /],
    ["a bad URL", { profiles: { a: { url: "not a url" } } }, /profiles\.a\.url/],
    ["an unknown key", { profiles: {}, colour: true }, /\(top level\)|colour/],
    ["a missing default profile", { defaultProfile: "x", profiles: {} }, /defaultProfile "x"/],
  ];
  for (const [name, content, pattern] of cases) {
    it(name, async () => {
      const result = await runInProcess(["config"], { homedir: homeWithConfig(content) });
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(pattern);
      expect(result.stderr.trim().split("\n")).toHaveLength(1);
    });
  }

  it("config shows effective settings with the token masked", async () => {
    const home = homeWithConfig(config);
    const human = await runInProcess(["config"], { homedir: home });
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/url\s+https:\/\/alice\.example\.com \(profile "alice"\)/);
    expect(human.stdout).toContain("alic…6789");
    expect(human.stdout).not.toContain("alice-token-0123456789");
    const json = JSON.parse(
      (await runInProcess(["config", "--json", "--token", "flag-token-abcdefghij"], { homedir: home })).stdout,
    );
    expect(json.token).toEqual({ value: "flag…ghij", source: "--token" });
    expect(json.profiles).toEqual(["alice", "local"]);
  });
});

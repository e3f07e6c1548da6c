/** The readiness checks over real temporary HOMEs, the real tmux and the real pinned claude binary. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { claudeBinary } from "@claude-task-api/testkit";
import { afterAll, describe, expect, it } from "vitest";
import { checkReadiness, type ReadinessContext, readinessProblems } from "../../src/readiness.js";
import { Tmux } from "../../src/tmux/tmux.js";

const root = mkdtempSync(path.join(tmpdir(), "cta-readiness-unit-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let homes = 0;
const freshHome = () => {
  const home = path.join(root, `home-${homes++}`);
  mkdirSync(home, { recursive: true });
  return home;
};

const context = (overrides: Partial<ReadinessContext> = {}): ReadinessContext => ({
  tmux: new Tmux({ bin: "tmux", socket: path.join(root, "tmux.sock"), env: { PATH: process.env.PATH ?? "" } }),
  claudeBin: claudeBinary(),
  permissionMode: "acceptEdits",
  runEnv: { PATH: process.env.PATH ?? "", HOME: freshHome() },
  uid: 1000,
  ...overrides,
});

describe("credentials", () => {
  it("fails with no key and no stored login, saying what to do", async () => {
    const readiness = await checkReadiness(context());
    expect(readiness.ready).toBe(false);
    expect(readinessProblems(readiness)).toEqual([
      expect.stringMatching(/^credentials: no credential for claude: set ANTHROPIC_API_KEY .*\/login/),
    ]);
  });

  it("accepts a stored login (claude, then /login) in HOME/.claude/.credentials.json", async () => {
    const home = freshHome();
    mkdirSync(path.join(home, ".claude"));
    writeFileSync(path.join(home, ".claude/.credentials.json"), '{"claudeAiOauth":{}}');
    const readiness = await checkReadiness(context({ runEnv: { HOME: home } }));
    expect(readiness.checks.credentials).toBe(`ok (stored login in ${home}/.claude/.credentials.json)`);
  });

  it("accepts ANTHROPIC_API_KEY, but not an empty one", async () => {
    expect((await checkReadiness(context({ runEnv: { HOME: freshHome(), ANTHROPIC_API_KEY: "k" } }))).ready).toBe(true);
    expect((await checkReadiness(context({ runEnv: { HOME: freshHome(), ANTHROPIC_API_KEY: " " } }))).ready).toBe(false);
  });
});

describe("permission mode", () => {
  const withKey = { HOME: "/nonexistent", ANTHROPIC_API_KEY: "k" };
  it.each([
    [0, "bypassPermissions", {}, false],
    [0, "bypassPermissions", { IS_SANDBOX: "true" }, false],
    [0, "bypassPermissions", { IS_SANDBOX: "1" }, true],
    [0, "acceptEdits", {}, true],
    [1000, "bypassPermissions", {}, true],
  ] as const)("uid %i, %s, %o: ready %s", async (uid, permissionMode, extra, ready) => {
    const readiness = await checkReadiness(context({ uid, permissionMode, runEnv: { ...withKey, ...extra } }));
    expect(readiness.ready).toBe(ready);
  });
});

describe("tmux and claude", () => {
  it("names both when neither runs", async () => {
    const readiness = await checkReadiness(
      context({
        tmux: new Tmux({ bin: "/nonexistent/tmux", socket: undefined, env: {} }),
        claudeBin: "/nonexistent/claude",
        runEnv: { HOME: "/nonexistent", ANTHROPIC_API_KEY: "k" },
      }),
    );
    expect(readinessProblems(readiness)).toEqual([
      expect.stringMatching(/^tmux: tmux is not runnable: .*ENOENT.*; install tmux/),
      expect.stringMatching(/^claude: claude CLI at \/nonexistent\/claude is missing or not executable/),
    ]);
  });

  it("reports claude's version", async () => {
    expect(
      (await checkReadiness(context({ runEnv: { HOME: "/x", ANTHROPIC_API_KEY: "k", PATH: "/usr/bin:/bin" } }))).checks.claude,
    ).toMatch(/^ok \(2\.1\.\d+ at \//);
  });
});

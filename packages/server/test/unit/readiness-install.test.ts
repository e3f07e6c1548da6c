// Readiness with the chart's background claude install: the state file the start-up script
// writes decides the claude_install check, with the real tmux and a real executable.
import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { checkReadiness, type ReadinessContext } from "../../src/readiness.js";
import { Tmux } from "../../src/tmux/tmux.js";

describe("claude_install check", () => {
  let dir: string;
  let claude: string;
  let state: string;
  // Only `tmux -V` runs: no server is started, so no environment is handed on.
  const tmux = new Tmux({ bin: "tmux", socket: undefined, env: { PATH: process.env.PATH ?? "" } });
  // A key and a non-root uid, so only the install state can make the server not ready.
  const context = (installStateFile?: string): ReadinessContext => ({
    tmux,
    claudeBin: claude,
    permissionMode: "acceptEdits",
    runEnv: { PATH: process.env.PATH ?? "", HOME: dir, ANTHROPIC_API_KEY: "k" },
    uid: 1000,
    installStateFile,
  });

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "readiness-"));
    claude = path.join(dir, "claude");
    await writeFile(claude, '#!/bin/sh\necho "2.1.328 (Claude Code)"\n');
    await chmod(claude, 0o755);
    state = path.join(dir, "claude-install.state");
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("is absent without a state file setting (no install managed by the chart)", async () => {
    const r = await checkReadiness(context());
    expect(r.checks).not.toHaveProperty("claude_install");
    expect(r.ready).toBe(true);
  });

  it("keeps the server not ready while installing or after a failure, with the details", async () => {
    await writeFile(state, "installing claude 2.1.328: attempt 1 since 2026-11-30T10:00:00Z, at most 300s\n");
    let r = await checkReadiness(context(state));
    expect(r.ready).toBe(false);
    expect(r.checks.claude_install).toBe("installing: claude 2.1.328: attempt 1 since 2026-11-30T10:00:00Z, at most 300s");
    await writeFile(state, "failed claude 2.1.328: attempt 2: npm install failed with status 1; next attempt in 60s\n");
    r = await checkReadiness(context(state));
    expect(r.ready).toBe(false);
    expect(r.checks.claude_install).toMatch(/^failed: claude 2\.1\.328: attempt 2: /);
  });

  it("is ok once installed", async () => {
    await writeFile(state, `installed claude 2.1.328 at ${claude}\n`);
    const r = await checkReadiness(context(state));
    expect(r).toEqual({
      ready: true,
      checks: {
        tmux: expect.stringMatching(/^ok/),
        claude: `ok (2.1.328 at ${claude})`,
        credentials: "ok (ANTHROPIC_API_KEY)",
        permission_mode: "ok (acceptEdits)",
        claude_install: `ok (installed claude 2.1.328 at ${claude})`,
      },
    });
  });

  it("says so when the state file is missing", async () => {
    const r = await checkReadiness(context(path.join(dir, "absent")));
    expect(r.ready).toBe(false);
    expect(r.checks.claude_install).toBe(`unknown: no install state at ${path.join(dir, "absent")} (ENOENT)`);
  });

  it("takes its path from CLAUDE_INSTALL_STATE_FILE, absolute only, and keeps it from claude's environment", () => {
    const c = loadConfig({ HOME: "/home/dev", CLAUDE_INSTALL_STATE_FILE: "/home/dev/.claude-task-api/claude-install.state" });
    expect(c.claudeInstallStateFile).toBe("/home/dev/.claude-task-api/claude-install.state");
    expect(c.runEnv).not.toHaveProperty("CLAUDE_INSTALL_STATE_FILE");
    expect(() => loadConfig({ HOME: "/home/dev", CLAUDE_INSTALL_STATE_FILE: "relative/state" })).toThrow(
      /CLAUDE_INSTALL_STATE_FILE/,
    );
  });
});

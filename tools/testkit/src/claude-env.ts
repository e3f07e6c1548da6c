// Where the pinned claude CLI lives, and the environment that points it at a
// scripted model with no network and no state outside a temporary HOME.

import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, resolve } from "node:path";

const require = createRequire(import.meta.url);

/**
 * Absolute path of the claude binary from this package's own dependency (not
 * whatever `claude` is on PATH), resolved through Node's module resolution so it
 * works from src/ and dist/ and with pnpm's symlinked layout.
 */
export function claudeBinary(): string {
  const manifest = require.resolve("@anthropic-ai/claude-code/package.json");
  const pkg = JSON.parse(readFileSync(manifest, "utf8")) as { bin?: string | Record<string, string> };
  const bin = typeof pkg.bin === "string" ? pkg.bin : pkg.bin?.claude;
  if (!bin) throw new Error(`No "claude" bin in ${manifest}`);
  const binary = resolve(dirname(manifest), bin);
  if (!existsSync(binary)) throw new Error(`claude binary missing at ${binary}; reinstall @anthropic-ai/claude-code`);
  return binary;
}

/**
 * Environment variables for a claude run against the scripted model at
 * `modelUrl`, with sessions and settings kept under `home`. Merge over a minimal
 * base (PATH at least), not over the caller's whole environment, so that a
 * developer's own ANTHROPIC_* or CLAUDE_* settings cannot leak in.
 */
export function scriptedClaudeEnv(modelUrl: string, home: string): Record<string, string> {
  return {
    ANTHROPIC_BASE_URL: modelUrl,
    // Any value works; the CLI only needs one to skip login.
    ANTHROPIC_API_KEY: "sk-ant-scripted-model-dummy",
    // Sessions live under $HOME/.claude/projects: all runs of one task need the same HOME.
    HOME: home,
    // Without it the CLI also sends `HEAD /api/hello` probes and may try other hosts.
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: "1",
    DISABLE_TELEMETRY: "1",
    DISABLE_ERROR_REPORTING: "1",
    DISABLE_AUTOUPDATER: "1",
    // bypassPermissions refuses to run as root (tests, CI) without it.
    IS_SANDBOX: "1",
  };
}

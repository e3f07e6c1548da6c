// Runs the real claude CLI against a scripted model, the way the server does:
// `-p --verbose --output-format stream-json`, prompt on stdin, own HOME and cwd.

import { spawn } from "node:child_process";
import { mkdtemp, realpath, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { claudeBinary, scriptedClaudeEnv } from "../../src/index.js";

export interface ClaudeEvent {
  type: string;
  subtype?: string;
  session_id?: string;
  is_error?: boolean;
  result?: string;
  total_cost_usd?: number;
  usage?: { input_tokens?: number; output_tokens?: number };
  message?: { content?: { type: string; text?: string; name?: string }[] };
  [key: string]: unknown;
}

export interface ClaudeRun {
  code: number | null;
  events: ClaudeEvent[];
  result: ClaudeEvent | undefined;
  stderr: string;
  ms: number;
}

export interface RunOptions {
  modelUrl: string;
  home: string;
  cwd: string;
  prompt: string;
  args?: string[];
  /** Called once the child is spawned, e.g. to kill it. */
  onSpawn?: (kill: () => void) => void;
}

export async function runClaude(opts: RunOptions): Promise<ClaudeRun> {
  const args = [
    "-p",
    "--verbose",
    "--output-format",
    "stream-json",
    "--permission-mode",
    "bypassPermissions",
    ...(opts.args ?? []),
  ];
  const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", ...scriptedClaudeEnv(opts.modelUrl, opts.home) };
  const started = Date.now();
  const child = spawn(claudeBinary(), args, { cwd: opts.cwd, env, stdio: ["pipe", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
  child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
  child.stdin.end(opts.prompt);
  opts.onSpawn?.(() => child.kill("SIGTERM"));
  const code = await new Promise<number | null>((resolve) => child.on("close", (c) => resolve(c)));
  const events = stdout
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as ClaudeEvent);
  return { code, events, result: events.findLast((e) => e.type === "result"), stderr, ms: Date.now() - started };
}

/** A fresh HOME and cwd; `cleanup` removes both. */
export async function tempDirs(): Promise<{ home: string; cwd: string; cleanup: () => Promise<void> }> {
  // realpath: the CLI reports the resolved cwd (macOS /var -> /private/var).
  const root = await realpath(await mkdtemp(join(tmpdir(), "testkit-")));
  const home = await mkdtemp(join(root, "home-"));
  const cwd = await mkdtemp(join(root, "cwd-"));
  return { home, cwd, cleanup: () => rm(root, { recursive: true, force: true }) };
}

/**
 * Runs git for the worktree feature: always through execFile (never a shell), and so that
 * nothing a repository (or a task that edited it) controls runs inside the API server: the
 * repository's hooks and fsmonitor are switched off, no system or user config is read (a task
 * can edit ~/.gitconfig), and git gets a minimal environment, never the server's (its secrets).
 * Filter drivers, textconv and external diffs come from config too: commands that read or
 * write a work tree's files run through config-free.ts, which leaves the repository's config
 * out altogether.
 */
import { execFile } from "node:child_process";

/** Settings put before every command (`git -c ...`): they outrank the repository's config. */
const SAFE_CONFIG = [
  "-c",
  "core.hooksPath=/dev/null",
  "-c",
  "core.fsmonitor=false",
  "-c",
  "core.quotePath=false",
  "-c",
  "submodule.recurse=false",
];

/** The output limit of one command; a diff larger than this is refused rather than cut. */
const MAX_OUTPUT_BYTES = 64 * 1024 * 1024;

export class GitError extends Error {
  override name = "GitError";
  constructor(
    readonly args: readonly string[],
    readonly stderr: string,
    readonly exitCode: number | undefined,
  ) {
    super(`git ${args[0] ?? ""} failed${exitCode === undefined ? "" : ` (exit ${exitCode})`}: ${stderr.trim() || "no message"}`);
  }
}

/**
 * Everything git runs with: PATH to find its helpers, and settings that keep it from reading
 * system and user config or asking for anything. Nothing else of the server's environment
 * (WEBHOOK_SECRET, PROXY_AUTH_SECRET, the token, GIT_DIR and friends) reaches it.
 */
export function gitEnvironment(extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_CONFIG_GLOBAL: "/dev/null",
    GIT_ATTR_NOSYSTEM: "1",
    GIT_TERMINAL_PROMPT: "0",
    GIT_OPTIONAL_LOCKS: "0",
    LC_ALL: "C",
    ...extra,
  };
}

/** Runs `git -C cwd ...args` and answers its stdout; throws GitError when it exits non-zero. */
export function git(cwd: string, args: readonly string[], extraEnv: Record<string, string> = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      "git",
      [...SAFE_CONFIG, "-C", cwd, ...args],
      { env: gitEnvironment(extraEnv), maxBuffer: MAX_OUTPUT_BYTES, encoding: "utf8" },
      (err, stdout, stderr) => {
        if (!err) return resolve(stdout);
        const code = typeof err.code === "number" ? err.code : undefined;
        reject(new GitError(args, stderr || err.message, code));
      },
    );
  });
}

/**
 * Runs git for the worktree feature: always through execFile (never a shell), with an
 * environment that cannot redirect it to another repository, and with the repository's hooks
 * and fsmonitor switched off, so a task that edited `.git/config` or `.git/hooks` cannot make
 * the API server run its programs.
 */
import { execFile } from "node:child_process";

/** Settings put before every command (`git -c ...`). */
const SAFE_CONFIG = ["-c", "core.hooksPath=/dev/null", "-c", "core.fsmonitor=false", "-c", "core.quotePath=false"];

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

/** The environment git runs with: the server's, minus anything that points git elsewhere (GIT_DIR, GIT_INDEX_FILE, ...). */
function gitEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith("GIT_")) env[key] = value;
  return { ...env, GIT_TERMINAL_PROMPT: "0", GIT_OPTIONAL_LOCKS: "0", LC_ALL: "C", ...extra };
}

/** Runs `git -C cwd ...args` and answers its stdout; throws GitError when it exits non-zero. */
export function git(cwd: string, args: readonly string[], extraEnv: Record<string, string> = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      "git",
      [...SAFE_CONFIG, "-C", cwd, ...args],
      { env: gitEnv(extraEnv), maxBuffer: MAX_OUTPUT_BYTES, encoding: "utf8" },
      (err, stdout, stderr) => {
        if (!err) return resolve(stdout);
        const code = typeof err.code === "number" ? err.code : undefined;
        reject(new GitError(args, stderr || err.message, code));
      },
    );
  });
}

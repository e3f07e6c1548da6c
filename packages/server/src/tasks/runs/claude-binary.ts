import { constants } from "node:fs";
import { access } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";

async function isExecutable(file: string): Promise<boolean> {
  try {
    await access(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

async function findOnPath(name: string, searchPath: string | undefined): Promise<string | undefined> {
  for (const dir of (searchPath ?? "").split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, name);
    if (await isExecutable(candidate)) return candidate;
  }
  return undefined;
}

/** The pinned @anthropic-ai/claude-code that ships with the server, if it is installed. */
function pinnedPackageBinary(): string | undefined {
  try {
    const require = createRequire(import.meta.url);
    return path.join(path.dirname(require.resolve("@anthropic-ai/claude-code/package.json")), "bin", "claude.exe");
  } catch {
    return undefined;
  }
}

/**
 * CLAUDE_BIN when set (a path, or a name looked up on PATH); otherwise `claude` on PATH;
 * otherwise the pinned package's binary. Returns the best guess even when it is not
 * executable, so the error a task reports names the path that was tried.
 */
export async function resolveClaudeBinary(configured: string | undefined, searchPath: string | undefined): Promise<string> {
  if (configured) {
    if (configured.includes("/")) return path.resolve(configured);
    return (await findOnPath(configured, searchPath)) ?? configured;
  }
  return (await findOnPath("claude", searchPath)) ?? pinnedPackageBinary() ?? "claude";
}

/** A reason a person can act on when the binary cannot run, or undefined when it can. */
export async function claudeBinaryProblem(bin: string): Promise<string | undefined> {
  if (!bin.includes("/")) return `claude CLI not found on PATH; install @anthropic-ai/claude-code or set CLAUDE_BIN`;
  if (await isExecutable(bin)) return undefined;
  return `claude CLI at ${bin} is missing or not executable; install @anthropic-ai/claude-code or set CLAUDE_BIN`;
}

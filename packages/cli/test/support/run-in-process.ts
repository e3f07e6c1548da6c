/** Runs the CLI in this process with captured streams: fast, and the same code path as the binary. */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type CliIo, runCli } from "../../src/index.js";

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface InProcessOptions {
  env?: Record<string, string | undefined>;
  /** Pretend stdout/stderr are terminals. */
  tty?: boolean;
  stdin?: string;
  homedir?: string;
  /** The shell's current directory (default: this process's). */
  cwd?: string;
}

/**
 * One folder per test file for every home it makes, removed when the file's tests end
 * (test/support/setup.ts: this module is loaded once per worker, which runs file after file).
 */
let homesRoot: string | undefined;
let homes = 0;
export function removeHomes(): void {
  if (homesRoot) rmSync(homesRoot, { recursive: true, force: true });
  homesRoot = undefined;
}

/** A fresh empty home, so no real config or token file leaks into a test. */
export function emptyHome(): string {
  homesRoot ??= mkdtempSync(join(tmpdir(), "claude-tasks-home-"));
  const home = join(homesRoot, String(homes++));
  mkdirSync(home);
  return home;
}

export async function runInProcess(argv: string[], options: InProcessOptions = {}): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  const home = options.homedir ?? emptyHome();
  const io: CliIo = {
    stdout: { write: (text: string) => (stdout += text), isTTY: options.tty ?? false, columns: 100 },
    stderr: { write: (text: string) => (stderr += text), isTTY: options.tty ?? false },
    env: { HOME: home, ...options.env },
    homedir: home,
    cwd: options.cwd ?? process.cwd(),
    readStdin: async () => options.stdin ?? "",
  };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}

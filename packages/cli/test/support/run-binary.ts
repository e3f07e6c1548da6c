/** Runs the built `claude-tasks` binary as a subprocess, the way people and scripts do. */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { emptyHome } from "./run-in-process.js";

export const BIN = fileURLToPath(new URL("../../dist/claude-tasks.js", import.meta.url));

export interface BinaryResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** When each stdout chunk arrived (ms since epoch) and what it said, to prove output was live. */
  chunks: Array<{ at: number; text: string }>;
  endedAt: number;
}

/**
 * Spawns asynchronously on purpose: the scripted model that answers claude runs in the test
 * process and must keep serving while the CLI runs.
 */
export function runBinary(argv: string[], env: Record<string, string | undefined> = {}, stdin?: string): Promise<BinaryResult> {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run \`pnpm build\` first`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...argv], {
      env: { PATH: process.env.PATH, HOME: emptyHome(), ...env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    const result: BinaryResult = { code: null, stdout: "", stderr: "", chunks: [], endedAt: 0 };
    child.stdout.on("data", (data: Buffer) => {
      result.stdout += data.toString();
      result.chunks.push({ at: Date.now(), text: data.toString() });
    });
    child.stderr.on("data", (data: Buffer) => {
      result.stderr += data.toString();
    });
    child.on("error", reject);
    child.on("close", (code) => {
      result.code = code;
      result.endedAt = Date.now();
      resolve(result);
    });
    child.stdin.end(stdin ?? "");
  });
}

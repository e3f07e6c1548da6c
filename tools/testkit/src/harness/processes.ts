/** The processes a test server's runs leave behind, found by where they work (Linux: /proc). */
import { readdirSync, readlinkSync, realpathSync } from "node:fs";

/** Processes whose working directory is inside `folder` (Linux: /proc). */
export function processesWorkingIn(folder: string): number[] {
  let real: string;
  try {
    real = realpathSync(folder); // /proc shows resolved paths
  } catch {
    return []; // already removed (a second stop())
  }
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cwd = readlinkSync(`/proc/${entry}/cwd`);
      if (cwd === real || cwd.startsWith(`${real}/`)) pids.push(Number(entry));
    } catch {
      // Gone meanwhile, or not ours to look at.
    }
  }
  return pids;
}

export const killQuietly = (pid: number) => {
  try {
    process.kill(pid, "SIGKILL");
  } catch {
    // Already gone.
  }
};

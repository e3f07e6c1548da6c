/**
 * The test harness does not expose its server's pid (a `pid` field on TestServer would make
 * this unnecessary), so find it in /proc: the node process running server/dist/main.js whose
 * environment has this harness's TASKS_DIR. Linux only, like the rest of the stress suite.
 */
import { readdirSync, readFileSync } from "node:fs";

/** The server's pid, or undefined when it is not running. */
export function serverPid(tasksDir: string): number | undefined {
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const cmdline = readFileSync(`/proc/${name}/cmdline`, "utf8").split("\0");
      if (!cmdline.some((arg) => arg.endsWith("server/dist/main.js"))) continue;
      const environ = readFileSync(`/proc/${name}/environ`, "utf8").split("\0");
      if (environ.includes(`TASKS_DIR=${tasksDir}`)) return Number(name);
    } catch {
      // The process ended while we looked.
    }
  }
  return undefined;
}

/** Resident set size of a process in KiB (VmRSS), or undefined when it is gone. */
export function rssKiB(pid: number): number | undefined {
  try {
    const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

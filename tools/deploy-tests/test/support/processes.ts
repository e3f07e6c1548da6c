import { execFile } from "node:child_process";
import { readdir, readFile } from "node:fs/promises";
import { promisify } from "node:util";

const run = promisify(execFile);

/** Parent pid and command line of a live process, from /proc. */
async function procInfo(pid: number): Promise<{ ppid: number; cmdline: string[] } | undefined> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, "utf8");
    // The command name may contain spaces and parentheses: fields resume after the last ")".
    const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    const cmdline = (await readFile(`/proc/${pid}/cmdline`, "utf8")).split("\0").filter(Boolean);
    return { ppid, cmdline };
  } catch {
    return undefined;
  }
}

/** Pids of the processes whose parent is `parent` and whose command line contains `needle`. */
export async function childrenMatching(parent: number, needle: string): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const info = await procInfo(Number(entry));
    if (info?.ppid === parent && info.cmdline.some((arg) => arg.includes(needle))) pids.push(Number(entry));
  }
  return pids;
}

/** Pids of every live process whose command line contains `needle`. */
export async function processesMatching(needle: string): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    const info = await procInfo(Number(entry));
    if (info?.cmdline.some((arg) => arg.includes(needle))) pids.push(Number(entry));
  }
  return pids;
}

/** The environment a live process was started with. */
export async function environOf(pid: number): Promise<Record<string, string>> {
  const raw = await readFile(`/proc/${pid}/environ`, "utf8");
  return Object.fromEntries(
    raw
      .split("\0")
      .filter(Boolean)
      .map((kv) => [kv.slice(0, kv.indexOf("=")), kv.slice(kv.indexOf("=") + 1)]),
  );
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** True when the tmux server on `socket` has a session named `name`. */
export async function tmuxHasSession(socket: string, name: string): Promise<boolean> {
  try {
    await run("tmux", ["-S", socket, "has-session", "-t", `=${name}`]);
    return true;
  } catch {
    return false;
  }
}

export async function tmuxKillServer(socket: string): Promise<void> {
  await run("tmux", ["-S", socket, "kill-server"]).catch(() => undefined);
}

/** GET/POST JSON against a local server; returns status and parsed body. */
export async function http(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: unknown } = {},
  // biome-ignore lint/suspicious/noExplicitAny: response bodies are checked field by field
): Promise<{ status: number; body: any }> {
  const response = await fetch(url, {
    method: init.method ?? "GET",
    headers: { ...(init.body === undefined ? {} : { "content-type": "application/json" }), ...init.headers },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    signal: AbortSignal.timeout(5_000),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // plain text (task output)
  }
  return { status: response.status, body };
}

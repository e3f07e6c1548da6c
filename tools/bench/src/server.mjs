/**
 * The real server for a benchmark (through the testkit harness), with an authenticated fetch
 * and the server's resident memory (from /proc).
 */
import { readFileSync } from "node:fs";
import { startTestServer } from "@claude-task-api/testkit";

/** Resident set size in MiB (VmRSS). */
export function rssMiB(pid) {
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  if (!match) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(match[1]) / 1024;
}

/** Starts the real server quietly; `call` is an authenticated fetch that returns status, timing and body. */
export async function startBenchServer(env = {}) {
  // No response check: it would read every JSON body twice, and this measures speed.
  const server = await startTestServer({ env: { LOG_LEVEL: "warn", ...env }, checkResponses: false });
  const headers = { authorization: `Bearer ${server.token}` };
  const call = async (method, path, body) => {
    const t0 = performance.now();
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers: body === undefined ? headers : { ...headers, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    const ms = performance.now() - t0;
    let json;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, ms, text, json };
  };
  const pid = () => {
    if (server.pid === undefined) throw new Error("the server is not running");
    return server.pid;
  };
  return { server, headers, call, pid, rss: () => rssMiB(pid()) };
}

/** Waits until the task has finished (long-polling with ?wait) and returns it. */
export async function finished(call, id, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const res = await call("GET", `/api/claude/tasks/${id}?wait=10`);
    if (res.status !== 200) throw new Error(`GET ${id} answered ${res.status}: ${res.text}`);
    // "queued" (waiting for MAX_CONCURRENT_TASKS) is not finished either.
    if (res.json.status !== "running" && res.json.status !== "queued") return res.json;
  }
  throw new Error(`task ${id} did not finish in ${timeoutMs} ms`);
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * wrk (Debian's package), the C load generator: it costs the shared cores far less per request
 * than a Node client such as autocannon, which near its own limit hid the server's cost, so
 * requests per second show what a user's client would see. One run reports through a Lua
 * `done` hook as one JSON line, parsed here.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

// wrk counts latency in microseconds, and answers of 400 or more as `status` errors.
const REPORT = `
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '\\n{"requests":%d,"duration_us":%d,"p50_us":%d,"p99_us":%d,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.connect, e.read, e.write, e.status, e.timeout))
end
`;

/**
 * `seconds` of wrk against `url` (whole seconds: wrk takes no fractions). Returns requests per
 * second, requests in all, latency percentiles in ms and failures (socket errors, timeouts,
 * answers of 400 or more).
 */
export async function wrk(url, { headers = {}, seconds = 5, threads = 2, connections = 50 } = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), "cta-wrk-"));
  try {
    const script = path.join(dir, "report.lua");
    writeFileSync(script, REPORT);
    const args = ["-t", String(threads), "-c", String(connections), "-d", `${Math.round(seconds)}s`, "-s", script];
    for (const [name, value] of Object.entries(headers)) args.push("-H", `${name}: ${value}`);
    const stdout = await new Promise((resolve, reject) =>
      execFile("wrk", [...args, url], { timeout: (seconds + 30) * 1000 }, (err, out, errOut) =>
        err
          ? reject(
              new Error(`wrk failed (${err.code === "ENOENT" ? "not installed: apt-get install wrk" : err.message}) ${errOut}`),
            )
          : resolve(out),
      ),
    );
    const r = JSON.parse(stdout.trim().split("\n").at(-1));
    return {
      rps: r.requests / (r.duration_us / 1e6),
      requests: r.requests,
      p50: r.p50_us / 1000,
      p99: r.p99_us / 1000,
      failed: r.connect + r.read + r.write + r.status + r.timeout,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

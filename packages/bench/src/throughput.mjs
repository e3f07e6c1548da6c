/**
 * HTTP throughput with autocannon, 100 connections for 10 s each: GET /tasks/{id} (a task with
 * a 64 KiB log) on the real server next to a bare Hono hello-world started by this script
 * (same stack, no work), in alternating 5 s halves. Target: the API serves at least half the
 * reference's requests per second, with no errors.
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { writeTask } from "./read-cost.mjs";
import { startBenchServer } from "./server.mjs";
import { verdict } from "./stats.mjs";

const CONNECTIONS = 100;

function cannon(url, headers, duration) {
  return new Promise((resolve, reject) => {
    autocannon({ url, headers, connections: CONNECTIONS, duration }, (err, result) => (err ? reject(err) : resolve(result)));
  });
}

async function startHello() {
  const child = spawn(process.execPath, [fileURLToPath(new URL("./hello-server.mjs", import.meta.url))], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const url = await new Promise((resolve, reject) => {
    child.stdout.once("data", (d) => resolve(d.toString().trim()));
    child.once("exit", (code) => reject(new Error(`hello-server exited with ${code}`)));
  });
  return { url, stop: () => child.kill("SIGTERM") };
}

/** One result from two halves: mean rate, the worse of the latency percentiles, summed failures. */
const merge = ([a, b]) => ({
  requests: { average: (a.requests.average + b.requests.average) / 2 },
  latency: { p50: Math.max(a.latency.p50, b.latency.p50), p99: Math.max(a.latency.p99, b.latency.p99) },
  non2xx: a.non2xx + b.non2xx,
  errors: a.errors + b.errors,
  timeouts: a.timeouts + b.timeouts,
});

const row = (name, r) => [
  name,
  Math.round(r.requests.average).toLocaleString("en"),
  `${r.latency.p50} ms`,
  `${r.latency.p99} ms`,
  String(r.non2xx + r.errors + r.timeouts),
];

export async function throughput({ duration = 10 } = {}) {
  const hello = await startHello();
  const { server, headers } = await startBenchServer();
  // Two detail sizes: a small task (per-request cost, the reply about as small as the
  // reference's) and one whose last 50 lines come from a 64 KiB log (about 11 KiB per reply,
  // so bytes on the wire start to count).
  const targets = [
    { id: "1700000000-0000abce", bytes: 1024, name: "GET /tasks/{id}, 1 KiB log" },
    { id: "1700000000-0000abcd", bytes: 64 * 1024, name: "GET /tasks/{id}, 64 KiB log" },
  ];
  try {
    await server.shutdown();
    for (const t of targets) writeTask(server.tasksDir, t.id, t.bytes);
    await server.restart();
    const url = (t) => `${server.url}/api/claude/tasks/${t.id}`;
    // A short warm-up of each, so none pays for JIT compilation in the measured run.
    await cannon(`${hello.url}/hello`, {}, 2);
    for (const t of targets) await cannon(url(t), headers, 2);
    // Alternating halves, so a noisy neighbour slows all alike rather than one.
    const refHalves = [];
    const apiHalves = targets.map(() => []);
    for (let i = 0; i < 2; i++) {
      refHalves.push(await cannon(`${hello.url}/hello`, {}, duration / 2));
      for (const [j, t] of targets.entries()) apiHalves[j].push(await cannon(url(t), headers, duration / 2));
    }
    const ref = merge(refHalves);
    const rows = targets.map((t, j) => {
      const api = merge(apiHalves[j]);
      const ratio = api.requests.average / ref.requests.average;
      const failed = api.non2xx + api.errors + api.timeouts;
      return [...row(t.name, api), ratio.toFixed(2), verdict(ratio >= 0.5 && failed === 0, "≥ 0.5, no errors")];
    });
    return {
      title: `HTTP throughput: ${CONNECTIONS} connections, ${duration} s each (autocannon)`,
      header: ["server", "req/s", "p50", "p99", "non-2xx/errors", "ratio to hello-world", "target"],
      rows: [[...row("bare Hono hello-world (reference)", ref), "1.00", ""], ...rows],
    };
  } finally {
    hello.stop();
    await server.stop();
  }
}

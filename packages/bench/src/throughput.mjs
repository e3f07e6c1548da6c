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
  try {
    await server.shutdown();
    const id = "1700000000-0000abcd";
    writeTask(server.tasksDir, id, 64 * 1024);
    await server.restart();
    // A short warm-up of each, so neither pays for JIT compilation in the measured run.
    await cannon(`${hello.url}/hello`, {}, 2);
    await cannon(`${server.url}/api/claude/tasks/${id}`, headers, 2);
    // Two alternating halves each, so a noisy neighbour slows both alike rather than one.
    const refHalves = [];
    const apiHalves = [];
    for (let i = 0; i < 2; i++) {
      refHalves.push(await cannon(`${hello.url}/hello`, {}, duration / 2));
      apiHalves.push(await cannon(`${server.url}/api/claude/tasks/${id}`, headers, duration / 2));
    }
    const ref = merge(refHalves);
    const api = merge(apiHalves);
    const ratio = api.requests.average / ref.requests.average;
    const failed = api.non2xx + api.errors + api.timeouts;
    return {
      title: `HTTP throughput: ${CONNECTIONS} connections, ${duration} s each (autocannon)`,
      header: ["server", "req/s", "p50", "p99", "non-2xx/errors", "ratio to hello-world", "target"],
      rows: [
        [...row("bare Hono hello-world (reference)", ref), "1.00", ""],
        [
          ...row("GET /tasks/{id} (detail + last 50 lines)", api),
          ratio.toFixed(2),
          verdict(ratio >= 0.5 && failed === 0, "≥ 0.5, no errors"),
        ],
      ],
    };
  } finally {
    hello.stop();
    await server.stop();
  }
}

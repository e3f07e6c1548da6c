/**
 * HTTP throughput with autocannon, 100 connections for 10 s each, in alternating 2.5 s slices:
 * GET /tasks/{id} on the real server next to a bare Hono hello-world started by this script
 * (same stack, no work). Target: the API serves at least half the reference's requests per
 * second, with no errors. A task with a large log is compared with a bare reply of its size.
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

async function startHello(sizedBytes) {
  const child = spawn(process.execPath, [fileURLToPath(new URL("./hello-server.mjs", import.meta.url)), String(sizedBytes)], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const url = await new Promise((resolve, reject) => {
    child.stdout.once("data", (d) => resolve(d.toString().trim()));
    child.once("exit", (code) => reject(new Error(`hello-server exited with ${code}`)));
  });
  return { url, stop: () => child.kill("SIGTERM") };
}

const ROUNDS = 4;

/** One result from its slices: mean rate, the worst latency percentiles, summed failures. */
const merge = (slices) => ({
  requests: { average: slices.reduce((sum, r) => sum + r.requests.average, 0) / slices.length },
  latency: { p50: Math.max(...slices.map((r) => r.latency.p50)), p99: Math.max(...slices.map((r) => r.latency.p99)) },
  non2xx: slices.reduce((sum, r) => sum + r.non2xx, 0),
  errors: slices.reduce((sum, r) => sum + r.errors, 0),
  timeouts: slices.reduce((sum, r) => sum + r.timeouts, 0),
});

const row = (name, r) => [
  name,
  Math.round(r.requests.average).toLocaleString("en"),
  `${r.latency.p50} ms`,
  `${r.latency.p99} ms`,
  String(r.non2xx + r.errors + r.timeouts),
];

export async function throughput({ duration = 10 } = {}) {
  // The other benchmarks run the server at LOG_LEVEL=warn; here one also runs at the
  // default (info), which writes a JSON line per request, to show what the logs cost.
  const quiet = await startBenchServer();
  const logging = await startBenchServer({ LOG_LEVEL: "info" });
  let hello;
  // Two detail sizes: a small task (per-request cost, the reply about as small as the
  // reference's) and one whose last 50 lines come from a 64 KiB log (about 15 KiB per reply).
  // The large one is compared with a bare Hono reply of the same size as well: the bytes cost
  // the same in any server, and the target is about the API's own work.
  const small = { id: "1700000000-0000abce", bytes: 1024 };
  const large = { id: "1700000000-0000abcd", bytes: 64 * 1024 };
  try {
    for (const { server } of [quiet, logging]) await server.shutdown();
    for (const t of [small, large]) writeTask(quiet.server.tasksDir, t.id, t.bytes);
    writeTask(logging.server.tasksDir, small.id, small.bytes);
    for (const { server } of [quiet, logging]) await server.restart();
    const detail = (bench, t) => `${bench.server.url}/api/claude/tasks/${t.id}`;
    const largeReply = (await quiet.call("GET", `/api/claude/tasks/${large.id}`)).text;
    hello = await startHello(Buffer.byteLength(largeReply));
    const kib = (Buffer.byteLength(largeReply) / 1024).toFixed(1);
    const runs = [
      { name: "bare Hono hello-world (reference)", url: `${hello.url}/hello`, headers: {} },
      { name: `bare Hono, a ${kib} KiB reply (reference)`, url: `${hello.url}/sized`, headers: {} },
      { name: "GET /tasks/{id}, 1 KiB log", url: detail(quiet, small), headers: quiet.headers, ref: 0 },
      // Measured and shown, not judged: the target is set for the configuration every other
      // benchmark runs (LOG_LEVEL=warn); this row says what a JSON line per request costs.
      {
        name: "GET /tasks/{id}, 1 KiB log, a log line per request (LOG_LEVEL=info)",
        url: detail(logging, small),
        headers: logging.headers,
        ref: 0,
        judged: false,
      },
      { name: `GET /tasks/{id}, 64 KiB log (${kib} KiB reply)`, url: detail(quiet, large), headers: quiet.headers, ref: 1 },
    ];
    // A short warm-up of each, so none pays for JIT compilation in the measured run.
    for (const r of runs) await cannon(r.url, r.headers, 2);
    // Short alternating slices, so a noisy neighbour (these machines have them) slows all alike
    // rather than whichever ran while it was busy.
    const slices = runs.map(() => []);
    for (let i = 0; i < ROUNDS; i++)
      for (const [j, r] of runs.entries()) slices[j].push(await cannon(r.url, r.headers, duration / ROUNDS));
    const results = slices.map(merge);
    const hello0 = results[0].requests.average;
    const rows = runs.map((r, j) => {
      const result = results[j];
      const toHello = (result.requests.average / hello0).toFixed(2);
      if (r.ref === undefined) return [...row(r.name, result), toHello, "", ""];
      const ratio = result.requests.average / results[r.ref].requests.average;
      const failed = result.non2xx + result.errors + result.timeouts;
      const target = r.judged === false ? "(no target)" : verdict(ratio >= 0.5 && failed === 0, "≥ 0.5, no errors");
      return [...row(r.name, result), toHello, ratio.toFixed(2), target];
    });
    return {
      title: `HTTP throughput: ${CONNECTIONS} connections, ${duration} s each (autocannon)`,
      header: ["server", "req/s", "p50", "p99", "non-2xx/errors", "ratio to hello-world", "ratio to its reference", "target"],
      rows,
      notes: [
        "The target is judged at LOG_LEVEL=warn, as every benchmark here runs the server; the row with a log line per request shows what the default level costs on top.",
        "The 64 KiB task is judged against a bare Hono reply of the same size: bytes on the wire cost the same in any server, the target is about the API's own work.",
        "Both servers and autocannon share this machine's cores: near the client's own limit, a microsecond more work per request costs more than a microsecond of throughput.",
      ],
    };
  } finally {
    hello?.stop();
    await quiet.server.stop();
    await logging.server.stop();
  }
}

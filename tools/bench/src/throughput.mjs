/**
 * HTTP throughput with wrk (2 threads, 50 connections), in alternating slices: GET /tasks/{id}
 * on the real server next to a bare Hono server (hello-server.mjs, same stack, no work) that
 * answers the very same bytes, checked byte for byte. Target: at the default log level (an
 * access log line and the metrics on every request) the detail serves at least 0.6 of the
 * reference's requests per second, with no errors; the ratio is taken per round (both measured
 * seconds apart) and the median reported.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { writeTask } from "./read-cost.mjs";
import { startBenchServer } from "./server.mjs";
import { median, verdict } from "./stats.mjs";
import { wrk } from "./wrk.mjs";

const THREADS = 2;
const CONNECTIONS = 50;
const ROUNDS = 7;
const SLICE_S = 2;
const TARGET = 0.6;
/** Every task the same creation time, so both servers answer the same bytes. */
const CREATED_AT = 1_700_000_000;

/** The reference server, answering /hello and each of `bodies` at /same/<index>. */
async function startHello(bodies) {
  const dir = mkdtempSync(path.join(tmpdir(), "cta-bench-hello-"));
  const files = bodies.map((body, i) => {
    const file = path.join(dir, `${i}.json`);
    writeFileSync(file, body);
    return file;
  });
  const child = spawn(process.execPath, [fileURLToPath(new URL("./hello-server.mjs", import.meta.url)), ...files], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const url = await new Promise((resolve, reject) => {
    child.stdout.once("data", (d) => resolve(d.toString().trim()));
    child.once("exit", (code) => reject(new Error(`hello-server exited with ${code}`)));
  });
  return {
    url,
    stop: () => {
      child.kill("SIGTERM");
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** GET `url` as wrk would; the body, failing unless it is a 200 of `type`. */
async function fetchBody(url, headers, type = "application/json") {
  const res = await fetch(url, { headers });
  const body = await res.text();
  if (res.status !== 200 || res.headers.get("content-type") !== type)
    throw new Error(`${url} answered ${res.status} ${res.headers.get("content-type")}: ${body.slice(0, 200)}`);
  return body;
}

const rate = (v) => Math.round(v).toLocaleString("en");

export async function throughput() {
  // The default level (info) writes an access log line per request; warn writes none.
  const logging = await startBenchServer({ LOG_LEVEL: "info" });
  const quiet = await startBenchServer({ LOG_LEVEL: "warn" });
  let hello;
  // Two detail sizes: a small task (the per-request cost) and one whose last 50 lines come
  // from a 64 KiB log (about 15 KiB per answer, where bytes on the wire weigh more).
  const small = { id: "1700000000-0000abce", bytes: 1024 };
  const large = { id: "1700000000-0000abcd", bytes: 64 * 1024 };
  try {
    for (const { server } of [logging, quiet]) {
      await server.shutdown();
      for (const t of [small, large]) writeTask(server.tasksDir, t.id, t.bytes, CREATED_AT);
      await server.restart();
    }
    const detail = (bench, t) => `${bench.server.url}/api/claude/tasks/${t.id}`;
    const bodies = [];
    for (const t of [small, large]) {
      const body = await fetchBody(detail(logging, t), logging.headers);
      if ((await fetchBody(detail(quiet, t), quiet.headers)) !== body)
        throw new Error(`the two servers answer ${t.id} differently`);
      bodies.push(body);
    }
    hello = await startHello(bodies);
    for (const [i, body] of bodies.entries())
      if ((await fetchBody(`${hello.url}/same/${i}`, {})) !== body)
        throw new Error("the reference does not answer the same bytes");
    const kib = (body) => `${(Buffer.byteLength(body) / 1024).toFixed(1)} KiB`;
    const hello0 = { name: "bare Hono hello-world (reference)", url: `${hello.url}/hello` };
    const same = bodies.map((body, i) => ({
      name: `bare Hono, the same ${kib(body)} (reference)`,
      url: `${hello.url}/same/${i}`,
    }));
    // Each measured row beside its reference, the two slices back to back.
    const pairs = [
      [hello0, { name: "GET /healthz (default log level)", url: `${logging.server.url}/healthz` }],
      [
        same[0],
        {
          name: "GET /tasks/{id}, 1 KiB log, default log level (access log + metrics)",
          url: detail(logging, small),
          headers: logging.headers,
          judged: true,
        },
      ],
      [
        same[0],
        { name: "GET /tasks/{id}, 1 KiB log, LOG_LEVEL=warn (metrics only)", url: detail(quiet, small), headers: quiet.headers },
      ],
      [
        same[1],
        {
          name: "GET /tasks/{id}, 64 KiB log, default log level",
          url: detail(logging, large),
          headers: logging.headers,
          judged: true,
        },
      ],
    ];
    const load = (r, seconds) => wrk(r.url, { headers: r.headers, seconds, threads: THREADS, connections: CONNECTIONS });
    // A warm-up of each, so none pays for JIT compilation in the measured slices.
    for (const r of new Set(pairs.flat())) await load(r, 2);
    // Short slices, each row next to its reference and the order flipped every round, so a noisy
    // neighbour (these machines have them) slows both alike rather than whichever ran while it was busy.
    const slices = pairs.map(() => ({ ref: [], row: [] }));
    for (let round = 0; round < ROUNDS; round++) {
      for (const [i, [ref, row]] of pairs.entries()) {
        if (round % 2) {
          slices[i].row.push(await load(row, SLICE_S));
          slices[i].ref.push(await load(ref, SLICE_S));
        } else {
          slices[i].ref.push(await load(ref, SLICE_S));
          slices[i].row.push(await load(row, SLICE_S));
        }
      }
    }
    const cells = (name, mine) => [
      name,
      rate(median(mine.map((s) => s.rps))),
      `${median(mine.map((s) => s.p50)).toFixed(2)} ms`,
      `${Math.max(...mine.map((s) => s.p99)).toFixed(2)} ms`,
      String(mine.reduce((sum, s) => sum + s.failed, 0)),
    ];
    const rows = pairs.flatMap(([ref, row], i) => {
      const { ref: refs, row: mine } = slices[i];
      const failed = mine.reduce((sum, s) => sum + s.failed, 0);
      // Each round's ratio from the two adjacent slices, then the median of the rounds.
      const ratios = mine.map((s, round) => s.rps / refs[round].rps);
      const ratio = median(ratios);
      const target = row.judged ? verdict(ratio >= TARGET && failed === 0, `≥ ${TARGET}, no errors`) : "(shown)";
      return [
        [...cells(ref.name, refs), "", ""],
        [...cells(row.name, mine), `${ratio.toFixed(2)} (${ratios.map((v) => v.toFixed(2)).join(" ")})`, target],
      ];
    });
    return {
      title: `HTTP throughput: wrk, ${THREADS} threads, ${CONNECTIONS} connections, ${ROUNDS} rounds of ${SLICE_S} s slices`,
      header: [
        "server",
        "req/s (median)",
        "p50 (median)",
        "p99 (worst)",
        "errors",
        "ratio to its reference: median (rounds)",
        "target",
      ],
      rows,
      notes: [
        "Each row is measured in slices back to back with the reference row above it: a bare Hono + @hono/node-server server answering the very same bytes (checked before the run), so what is left is the API's own work per request.",
        "The default log level (info) writes an access log line per request (to a file, as a container runtime would take it) and observes the request metrics; LOG_LEVEL=warn leaves out the line.",
        "Before the last change to the request path (main 7924bec), this run gave 0.51 for the 1 KiB detail at the default log level, 0.52 at LOG_LEVEL=warn and 0.61 for the 64 KiB log. Since b8fd68e an operation's checks run fused with its handler and the request frame (log, metrics, audit) sits inside the router, so Hono calls a lone handler directly, and a finished task's kept detail is answered without a promise, in the tick its request was parsed. CPU time per GET /tasks/{id} (cpu-per-request.mjs, 7924bec against 01013ff, 8 rounds, 2026-12-06): 28.3 µs against 24.3 µs at the default level, 26.0 µs against 21.7 µs at LOG_LEVEL=warn.",
        "The reference answers from a string, as a bare Hono app would; the API writes a finished task's remembered answer as bytes, which spares it encoding the text again on every read. The bytes on the wire are the same.",
        "wrk and both servers share this machine's cores; the ratio is taken within each round (two adjacent slices) and the median reported, because the absolute figures move with the machine's other load.",
      ],
    };
  } finally {
    hello?.stop();
    await logging.server.stop();
    await quiet.server.stop();
  }
}

#!/usr/bin/env node
/**
 * `npm run load`: mixed traffic from 100 concurrent clients against the real server on
 * loopback: reads, output tails, lists, event streams, and creates and follow-ups that run the
 * real claude CLI (rate-limited, since each costs ~0.5 s of CPU). A warm-up first, then the
 * measured run; it stops by itself. Prints p99 per route, the error count and RSS growth, and
 * exits 1 when there was any error, any task did not complete, or RSS grew more than 20%
 * from the end of the warm-up to the end of the run.
 *
 * Options: --duration S (60), --warmup S (10), --clients N (100).
 */
import http from "node:http";
import { parseArgs } from "node:util";
import { finished, sleep, startBenchServer } from "./server.mjs";
import { fmt, median, mib, quantile, table, verdict } from "./stats.mjs";

const { values } = parseArgs({
  options: {
    duration: { type: "string", default: "60" },
    warmup: { type: "string", default: "10" },
    clients: { type: "string", default: "100" },
  },
});
const DURATION_S = Number(values.duration);
const WARMUP_S = Number(values.warmup);
const CLIENTS = Number(values.clients);
const THINK_MS = 50;
// Each create or follow-up starts a claude CLI; two cores run about two a second.
const WRITES_PER_SECOND = { create: 0.6, message: 0.6 };
const SSE_MS = 1000;

const { server, headers, rss } = await startBenchServer();
// One kept-alive socket per client, handed out in turn (fifo), so none sits idle long enough
// to meet the server's 5 s keep-alive timeout just as a request is sent on it: that race
// would show up as client-side ECONNRESETs that say nothing about the server.
const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS, scheduling: "fifo" });
const url = new URL(server.url);

/** One request; resolves with status and the time to the end of the body (or the SSE cut-off). */
function request(method, path, body, { sse = false } = {}) {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const data = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        method,
        path,
        agent: sse ? false : agent,
        headers: data ? { ...headers, "content-type": "application/json", "content-length": Buffer.byteLength(data) } : headers,
      },
      (res) => {
        const chunks = [];
        let events = 0;
        const done = () => {
          clearTimeout(timer);
          const text = Buffer.concat(chunks).toString("utf8");
          resolve({ status: res.statusCode, ms: performance.now() - t0, text, events });
        };
        const timer = sse ? setTimeout(() => req.destroy(), SSE_MS) : undefined;
        res.on("data", (c) => {
          if (sse) {
            const s = c.toString();
            events += (s.match(/\n\n/g) ?? []).length;
            if (s.includes("event: end")) req.destroy();
          } else chunks.push(c);
        });
        res.on("end", done);
        res.on("close", done);
      },
    );
    req.on("error", (err) => {
      if (sse && err.message === "socket hang up") return; // our own cut-off
      resolve({ status: 0, ms: performance.now() - t0, text: err.message, events: 0 });
    });
    req.end(data);
  });
}

const tasks = [];
const pick = () => tasks[Math.floor(Math.random() * tasks.length)];
const created = [];
let seq = 0;

/** Routes, their weight, what a success is, and how to call them. */
const ROUTES = {
  "GET /tasks/{id}": { weight: 30, ok: 200, go: () => request("GET", `/api/claude/tasks/${pick()}`) },
  "GET /output?tail=50": { weight: 25, ok: 200, go: () => request("GET", `/api/claude/tasks/${pick()}/output?tail=50`) },
  "GET /tasks": { weight: 15, ok: 200, go: () => request("GET", "/api/claude/tasks?limit=50") },
  "GET /events (SSE)": {
    weight: 10,
    ok: 200,
    go: () => request("GET", `/api/claude/tasks/${pick()}/events`, undefined, { sse: true }),
  },
  "POST /tasks": {
    weight: 10,
    ok: 201,
    rate: WRITES_PER_SECOND.create,
    go: async () => {
      const res = await request("POST", "/api/claude/tasks", { prompt: `@sleep 300\n@reply load ${seq++}` });
      if (res.status === 201) {
        const id = JSON.parse(res.text).task_id;
        tasks.push(id);
        created.push(id);
      }
      return res;
    },
  },
  "POST /message": {
    weight: 10,
    ok: 200,
    rate: WRITES_PER_SECOND.message,
    go: () => request("POST", `/api/claude/tasks/${pick()}/message`, { prompt: `@reply follow-up ${seq++}` }),
  },
};
const totalWeight = Object.values(ROUTES).reduce((s, r) => s + r.weight, 0);
const credits = Object.fromEntries(Object.keys(ROUTES).map((k) => [k, 1]));

/** A weighted pick; rate-limited writes fall back to a detail read when out of credit. */
function chooseRoute() {
  let x = Math.random() * totalWeight;
  for (const [name, route] of Object.entries(ROUTES)) {
    x -= route.weight;
    if (x > 0) continue;
    if (route.rate === undefined) return name;
    if (credits[name] >= 1) {
      credits[name] -= 1;
      return name;
    }
    return "GET /tasks/{id}";
  }
  return "GET /tasks/{id}";
}

function newStats() {
  return Object.fromEntries(Object.keys(ROUTES).map((k) => [k, { ms: [], errors: 0, samples: [] }]));
}

async function phase(seconds, stats) {
  const end = Date.now() + seconds * 1000;
  const refill = setInterval(() => {
    for (const [name, route] of Object.entries(ROUTES))
      if (route.rate) credits[name] = Math.min(2, credits[name] + route.rate / 10);
  }, 100);
  const client = async () => {
    while (Date.now() < end) {
      const name = chooseRoute();
      const res = await ROUTES[name].go();
      const s = stats[name];
      s.ms.push(res.ms);
      if (res.status !== ROUTES[name].ok || (name === "GET /events (SSE)" && res.events === 0)) {
        s.errors++;
        if (s.samples.length < 3) s.samples.push(`${res.status} ${res.text.slice(0, 160)}`);
      }
      await sleep(THINK_MS * (0.5 + Math.random()));
    }
  };
  await Promise.all(Array.from({ length: CLIENTS }, client));
  clearInterval(refill);
}

let exitCode = 1;
try {
  // Seed tasks with real output to read.
  for (let i = 0; i < 10; i++) {
    const res = await request("POST", "/api/claude/tasks", { prompt: `@write seed-${i}.txt seeded\n@reply seed ${i}` });
    tasks.push(JSON.parse(res.text).task_id);
  }
  const call = async (method, path) => {
    const r = await request(method, path);
    return { ...r, json: JSON.parse(r.text) };
  };
  for (const id of tasks) await finished(call, id);

  process.stderr.write(`load: warm-up ${WARMUP_S} s with ${CLIENTS} clients...\n`);
  await phase(WARMUP_S, newStats());
  const warmRss = rss();
  process.stderr.write(`load: measuring ${DURATION_S} s...\n`);
  const stats = newStats();
  const t0 = performance.now();
  await phase(DURATION_S, stats);
  const elapsed = (performance.now() - t0) / 1000;
  const endRss = rss();

  // Every task the run created (and every follow-up) must complete.
  const ends = await Promise.all([...new Set(tasks)].map((id) => finished(call, id, 300_000)));
  const notCompleted = ends.filter((t) => t.status !== "completed" || t.runs.some((r) => r.state !== "completed"));

  const rows = Object.entries(stats).map(([name, s]) => [
    name,
    String(s.ms.length),
    (s.ms.length / elapsed).toFixed(1),
    fmt(median(s.ms)),
    fmt(quantile(s.ms, 0.99)),
    fmt(Math.max(...s.ms)),
    String(s.errors),
  ]);
  const errors = Object.values(stats).reduce((n, s) => n + s.errors, 0);
  const growth = (endRss - warmRss) / warmRss;
  const requests = Object.values(stats).reduce((n, s) => n + s.ms.length, 0);
  process.stdout.write(
    `\n## Load: ${CLIENTS} clients, ${DURATION_S} s of mixed traffic after ${WARMUP_S} s of warm-up (${requests} requests, ${(requests / elapsed).toFixed(0)}/s)\n\n`,
  );
  process.stdout.write(`${table(["route", "requests", "per s", "median", "p99", "max", "errors"], rows)}\n\n`);
  process.stdout.write(
    `${table(
      ["check", "value", "target"],
      [
        ["errors (wrong status or no answer)", String(errors), verdict(errors === 0, "0")],
        [
          "tasks and follow-ups not completed",
          `${notCompleted.length} of ${ends.length} tasks (${created.length} created in the run)`,
          verdict(notCompleted.length === 0, "0"),
        ],
        [
          "RSS after warm-up → after run",
          `${mib(warmRss)} → ${mib(endRss)} (${(growth * 100).toFixed(1)}%)`,
          verdict(growth <= 0.2, "≤ 20%"),
        ],
      ],
    )}\n`,
  );
  for (const [name, s] of Object.entries(stats)) for (const sample of s.samples) process.stdout.write(`  ${name}: ${sample}\n`);
  // The server's own account of any 5xx, so a failure says where to look.
  for (const line of server
    .logs()
    .split("\n")
    .filter((l) => l.includes('"level":"error"'))
    .slice(0, 3)) {
    process.stdout.write(`  server: ${line.slice(0, 600)}\n`);
  }
  for (const t of notCompleted.slice(0, 5)) process.stdout.write(`  not completed: ${t.task_id} ${t.status} ${t.error ?? ""}\n`);
  exitCode = errors === 0 && notCompleted.length === 0 && growth <= 0.2 ? 0 : 1;
} finally {
  agent.destroy();
  await server.stop();
}
process.exit(exitCode);

/**
 * Event-stream clients that never read (issue 12, item 1): a finished task with a 30 MiB log
 * and 10 raw HTTP clients that ask for its events (5 the whole log, 5 with ?tail=100000) and
 * then never read a byte. Reported: the server's RSS (VmRSS) idle and at its peak over the
 * window, and how long /healthz takes meanwhile. Reference: the same server idle, and the
 * figures recorded before the fix (BEFORE, below). Target: growth under 100 MiB.
 */
import net from "node:net";
import { writeTask } from "./read-cost.mjs";
import { sleep, startBenchServer } from "./server.mjs";
import { fmt, median, mib, quantile, verdict } from "./stats.mjs";

const LOG_BYTES = 30 * 1024 * 1024;
const CLIENTS = 10;
const WINDOW_MS = 20_000;
const TARGET_GROWTH_MIB = 100;

/**
 * The same measurement on main at 4916b18 (before event streams respected backpressure), same
 * machine, 2026-11-30: `node tools/bench/src/run.mjs slow-subscribers` in a worktree of it.
 */
const BEFORE = { idle: 77.7, peak: 544.2, healthzMedian: 160.43, healthzMax: 2593.51 };

/** Sends the request and never reads: the socket's buffers fill and stay full. */
function neverReading(port, path, token) {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1", () => {
      socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${token}\r\n\r\n`);
      socket.pause();
      resolve(socket);
    });
    socket.on("error", () => {});
    socket.once("error", reject);
  });
}

export async function slowSubscribers() {
  const { server, call, rss } = await startBenchServer();
  const id = "1700000000-00005105";
  const sockets = [];
  try {
    await server.shutdown();
    writeTask(server.tasksDir, id, LOG_BYTES);
    await server.restart();
    if ((await call("GET", `/api/claude/tasks/${id}`)).status !== 200) throw new Error("the seeded task is not served");
    await sleep(1000);
    const idle = rss();
    for (let i = 0; i < CLIENTS; i++) {
      const path = `/api/claude/tasks/${id}/events${i % 2 ? "?tail=100000" : ""}`;
      sockets.push(await neverReading(server.port, path, server.token));
    }
    let peak = idle;
    const healthz = [];
    const deadline = performance.now() + WINDOW_MS;
    while (performance.now() < deadline) {
      peak = Math.max(peak, rss());
      healthz.push((await call("GET", "/healthz")).ms);
      await sleep(250);
    }
    peak = Math.max(peak, rss());
    const growth = peak - idle;
    const row = (name, r) => [
      name,
      mib(r.idle),
      mib(r.peak),
      `+${mib(r.peak - r.idle)}`,
      fmt(r.healthzMedian),
      fmt(r.healthzMax),
    ];
    const now = { idle, peak, healthzMedian: median(healthz), healthzMax: quantile(healthz, 1) };
    return {
      title: `Event streams: ${CLIENTS} clients that never read a ${LOG_BYTES / 1024 / 1024} MiB log (server RSS over ${WINDOW_MS / 1000} s)`,
      header: ["server", "RSS idle", "RSS peak", "growth", "/healthz median", "/healthz max", "target"],
      rows: [
        [...row("this build", now), verdict(growth < TARGET_GROWTH_MIB, `growth < ${TARGET_GROWTH_MIB} MiB`)],
        [...row("before the fix (main 4916b18, recorded)", BEFORE), ""],
      ],
      notes: [
        `${CLIENTS / 2} clients ask for the whole log, ${CLIENTS / 2} for \`?tail=100000\`; each sends its request and never reads. Default limits (a client that accepts nothing for EVENT_SUBSCRIBER_STALL_SECONDS=30 is dropped, so within this window none is).`,
      ],
    };
  } finally {
    for (const s of sockets) s.destroy();
    await server.stop();
  }
}

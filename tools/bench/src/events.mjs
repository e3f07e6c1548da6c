/**
 * Event streaming: how long a line appended to a running task's output.log takes to reach
 * SSE subscribers of GET /tasks/{id}/events, with 1, 50 and 200 subscribers, and the server's
 * RSS with 200 of them. Lines are appended by this script (the server follows the file with
 * fs.watch), which times exactly the server's part. References: the 1-subscriber latency
 * (so 50 and 200 read as a ratio to it), and fs.watch's own write-to-notification latency in
 * this process, the floor any file-following server sits on.
 */
import { appendFileSync, watch } from "node:fs";
import http from "node:http";
import path from "node:path";
import { finished, sleep, startBenchServer } from "./server.mjs";
import { fmt, median, mib, quantile } from "./stats.mjs";

const LINES = 40;
const INTERVAL_MS = 25;
const MARK = "bench-seq";

/** One SSE subscriber; calls onSeq(seq, arrivedAt) for each of our marker lines. */
function subscribe(url, headers, onSeq) {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers: { ...headers, accept: "text/event-stream" }, agent: false }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`events answered ${res.statusCode}`));
      let buffer = "";
      let ready = false;
      res.setEncoding("utf8");
      res.on("data", (chunk) => {
        const at = performance.now();
        buffer += chunk;
        let end = buffer.indexOf("\n\n");
        while (end !== -1) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (!ready && block.includes("event: status")) {
            ready = true;
            resolve({ close: () => req.destroy() });
          }
          const m = block.match(/"bench-seq":(\d+)/);
          if (m) onSeq(Number(m[1]), at);
          end = buffer.indexOf("\n\n");
        }
      });
    });
    req.on("error", reject);
  });
}

/** Appends LINES marker lines and returns, per line, when its write returned. */
async function writeLines(log, offset) {
  const writtenAt = [];
  for (let i = 0; i < LINES; i++) {
    appendFileSync(log, `${JSON.stringify({ type: "bench", [MARK]: offset + i, pad: "x".repeat(100) })}\n`);
    writtenAt[offset + i] = performance.now();
    await sleep(INTERVAL_MS);
  }
  await sleep(500);
  return writtenAt;
}

async function watchFloor(dir) {
  const file = path.join(dir, "floor.log");
  appendFileSync(file, "");
  const samples = [];
  for (let i = 0; i < LINES; i++) {
    const arrived = new Promise((resolve) => {
      const w = watch(dir, () => {
        w.close();
        resolve(performance.now());
      });
    });
    const t0 = performance.now();
    appendFileSync(file, "line\n");
    samples.push((await arrived) - t0);
    await sleep(INTERVAL_MS);
  }
  return samples;
}

export async function events() {
  const { server, call, headers, rss } = await startBenchServer();
  try {
    const created = await call("POST", "/api/claude/tasks", { prompt: "@sleep 600000\n@reply never" });
    const id = created.json.task_id;
    const log = path.join(server.tasksDir, id, "output.log");
    const url = `${server.url}/api/claude/tasks/${id}/events`;
    await sleep(1500); // claude is up and waiting on the model
    const idleRss = rss();
    const floor = await watchFloor(server.root);
    const rows = [["fs.watch in this process (floor)", "", fmt(median(floor)), fmt(quantile(floor, 0.99)), "", ""]];
    let offset = 0;
    let oneSubscriber;
    let rss200;
    for (const n of [1, 50, 200]) {
      const latencies = [];
      let writtenAt = [];
      const arrivals = [];
      const subs = [];
      for (let i = 0; i < n; i++) subs.push(await subscribe(url, headers, (seq, at) => arrivals.push([seq, at])));
      writtenAt = await writeLines(log, offset);
      for (const [seq, at] of arrivals) if (seq >= offset) latencies.push(at - writtenAt[seq]);
      const expected = n * LINES;
      if (n === 200) rss200 = rss();
      for (const s of subs) s.close();
      offset += LINES;
      const med = median(latencies);
      oneSubscriber ??= med;
      rows.push([
        `${n} subscriber${n > 1 ? "s" : ""}`,
        `${latencies.length}/${expected} lines arrived`,
        fmt(med),
        fmt(quantile(latencies, 0.99)),
        (med / oneSubscriber).toFixed(2),
        n === 200 ? `${mib(rss200)} (idle ${mib(idleRss)}, +${(((rss200 - idleRss) * 1024) / 200).toFixed(0)} KiB each)` : "",
      ]);
      if (latencies.length !== expected)
        throw new Error(`only ${latencies.length} of ${expected} lines reached ${n} subscribers`);
      await sleep(300);
    }
    await call("DELETE", `/api/claude/tasks/${id}`);
    await finished(call, id);
    return {
      title: `Event streaming: write-to-arrival latency of a log line (${LINES} lines, one every ${INTERVAL_MS} ms)`,
      header: ["subscribers", "delivered", "median", "p99", "median / 1 subscriber", "server RSS"],
      rows,
    };
  } finally {
    await server.stop();
  }
}

/**
 * List at scale: 10,000 tasks on disk. Server start-up time (target under 2 s) next to an
 * empty server's, GET /tasks with and without paging, and RSS next to the empty server's.
 * Paging is used when the list answers with `next_cursor`; otherwise the table says so.
 */

import { writeTask } from "./read-cost.mjs";
import { startBenchServer } from "./server.mjs";
import { fmt, median, mib, quantile, verdict } from "./stats.mjs";

const TASKS = 10_000;
const PAGE = 100;

/** Median of `n` timed calls after 3 warm-up calls. */
async function timed(call, path, n = 15) {
  const samples = [];
  let last;
  for (let i = 0; i < n + 3; i++) {
    last = await call("GET", path);
    if (last.status !== 200) throw new Error(`${path} answered ${last.status}: ${last.text.slice(0, 200)}`);
    if (i >= 3) samples.push(last.ms);
  }
  return { median: median(samples), p99: quantile(samples, 0.99), last };
}

/** Time from spawn to "listening" (harness restart), median of `n`. */
async function startupMs(server, n = 3) {
  const samples = [];
  for (let i = 0; i < n; i++) {
    await server.shutdown();
    const t0 = performance.now();
    await server.restart();
    samples.push(performance.now() - t0);
  }
  return median(samples);
}

export async function listScale() {
  const { server, call, rss } = await startBenchServer();
  try {
    const emptyStart = await startupMs(server);
    await timed(call, "/api/claude/tasks");
    const emptyRss = rss();
    const emptyList = await timed(call, "/api/claude/tasks");

    await server.shutdown();
    const base = Math.floor(Date.now() / 1000) - TASKS;
    for (let i = 0; i < TASKS; i++) {
      const id = `${base + i}-${(0x10000000 + i).toString(16)}`;
      writeTask(server.tasksDir, id, 600, base + i);
    }
    await server.restart();
    const fullStart = await startupMs(server);
    const all = await timed(call, "/api/claude/tasks", 10);
    const count = all.last.json.tasks.length;
    if (count !== TASKS) throw new Error(`GET /tasks listed ${count} tasks, expected ${TASKS}`);

    const rows = [
      [
        "start-up (spawn → listening)",
        fmt(emptyStart),
        fmt(fullStart),
        (fullStart / emptyStart).toFixed(2),
        verdict(fullStart < 2000, "< 2 s"),
      ],
      [
        "GET /tasks (everything)",
        fmt(emptyList.median),
        fmt(all.median),
        (all.median / emptyList.median).toFixed(1),
        `${(all.last.text.length / 1024).toFixed(0)} KiB, p99 ${fmt(all.p99)}`,
      ],
    ];
    const firstPage = await timed(call, `/api/claude/tasks?limit=${PAGE}`);
    if (firstPage.last.json.next_cursor !== undefined) {
      // Walk every page once, as a client syncing the whole list would.
      let cursor = firstPage.last.json.next_cursor;
      let seen = firstPage.last.json.tasks.length;
      const t0 = performance.now();
      while (cursor) {
        const page = await call("GET", `/api/claude/tasks?limit=${PAGE}&cursor=${encodeURIComponent(cursor)}`);
        if (page.status !== 200) throw new Error(`page answered ${page.status}`);
        seen += page.json.tasks.length;
        cursor = page.json.next_cursor;
      }
      const walk = performance.now() - t0;
      if (seen !== TASKS) throw new Error(`paging saw ${seen} tasks, expected ${TASKS}`);
      rows.push([
        "GET /tasks?limit=100 (first page)",
        "",
        fmt(firstPage.median),
        (firstPage.median / emptyList.median).toFixed(1),
        `p99 ${fmt(firstPage.p99)}`,
      ]);
      rows.push([`all ${Math.ceil(TASKS / PAGE)} pages, one after another`, "", fmt(walk), "", `${seen} tasks, none missed`]);
    } else {
      rows.push(["GET /tasks?limit=100", "", "no paging yet", "", "the answer has no next_cursor"]);
    }
    const fullRss = rss();
    rows.push([
      "server RSS",
      mib(emptyRss),
      mib(fullRss),
      (fullRss / emptyRss).toFixed(2),
      `${(((fullRss - emptyRss) * 1024) / TASKS).toFixed(1)} KiB per task`,
    ]);
    return {
      title: `List at scale: empty server vs ${TASKS.toLocaleString("en")} tasks on disk`,
      header: ["measure", "empty", `${TASKS.toLocaleString("en")} tasks`, "ratio", "target / notes"],
      rows,
    };
  } finally {
    await server.stop();
  }
}

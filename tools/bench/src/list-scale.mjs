/**
 * List at scale: 10,000 tasks on disk, once as the original (seed) server writes task.json
 * (no `runs`) and once as this server writes it. Server start-up time (target under 2 s) next
 * to an empty server's, GET /tasks of everything (target under 50 ms for either kind: an old
 * record must cost no more to read than a new one) and with paging, the dashboard's searches
 * and sorts, and RSS.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { writeTask } from "./read-cost.mjs";
import { startBenchServer } from "./server.mjs";
import { fmt, median, mib, quantile, verdict } from "./stats.mjs";

const TASKS = 10_000;
const PAGE = 100;
const FULL_LIST_TARGET_MS = 50;
/** The dashboard's list pages: a search every task matches, one none does (a full scan), a sort. */
const SEARCHES = ["q=bench&limit=50", "q=no-such-text&status=error&limit=50", "sort=cost&limit=50"];

/** A finished one-run task as this server writes it (format 3: a short prompt inline in its run, once). */
function writeOwnTask(tasksDir, id, createdAt) {
  const dir = path.join(tasksDir, id);
  mkdirSync(path.join(dir, "runs"), { recursive: true });
  const prompt = `bench task ${id}`;
  writeFileSync(
    path.join(dir, "task.json"),
    `${JSON.stringify({
      task_id: id,
      session_id: "550e8400-e29b-41d4-a716-446655440000",
      workdir: "/tmp",
      status: "completed",
      created_at: createdAt,
      finished_at: createdAt + 1,
      tmux_session: `claude-${id}`,
      runs: [
        {
          prompt,
          state: "completed",
          sent_at: createdAt,
          started_at: createdAt,
          finished_at: createdAt + 1,
          exit_code: 0,
          log_start: 0,
          log_end: 600,
          result: { is_error: false, text: "ok", num_turns: 1, duration_ms: 400, total_cost_usd: 0.001 },
          resumed: false,
        },
      ],
      format: 3,
    })}\n`,
  );
  writeFileSync(path.join(dir, "output.log"), `${"x".repeat(577)}\n__CLAUDE_EXIT_CODE_0__\n`);
}

const KINDS = {
  seed: (tasksDir, id, createdAt) => writeTask(tasksDir, id, 600, createdAt),
  own: writeOwnTask,
};

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

/** Every page once, as a client syncing the whole list would. */
async function walkPages(call) {
  const first = await timed(call, `/api/claude/tasks?limit=${PAGE}`);
  let cursor = first.last.json.next_cursor;
  let seen = first.last.json.tasks.length;
  const t0 = performance.now();
  while (cursor) {
    const page = await call("GET", `/api/claude/tasks?limit=${PAGE}&cursor=${encodeURIComponent(cursor)}`);
    if (page.status !== 200) throw new Error(`page answered ${page.status}`);
    seen += page.json.tasks.length;
    cursor = page.json.next_cursor;
  }
  if (seen !== TASKS) throw new Error(`paging saw ${seen} tasks, expected ${TASKS}`);
  return { first, walk: performance.now() - t0 };
}

/** Fills TASKS_DIR with 10,000 tasks of one kind and measures start-up, the list and RSS. */
async function measureKind(server, call, rss, kind) {
  await server.shutdown();
  for (const entry of readdirSync(server.tasksDir)) {
    if (!entry.startsWith(".")) rmSync(path.join(server.tasksDir, entry), { recursive: true, force: true });
  }
  const base = Math.floor(Date.now() / 1000) - TASKS;
  for (let i = 0; i < TASKS; i++) KINDS[kind](server.tasksDir, `${base + i}-${(0x10000000 + i).toString(16)}`, base + i);
  // The first start reads the files as they were written (a seed record's conversion included).
  const t0 = performance.now();
  await server.restart();
  const firstStart = performance.now() - t0;
  const all = await timed(call, "/api/claude/tasks", 10);
  const count = all.last.json.tasks.length;
  if (count !== TASKS) throw new Error(`GET /tasks listed ${count} tasks of kind ${kind}, expected ${TASKS}`);
  const startup = await startupMs(server);
  const afterRestart = await timed(call, "/api/claude/tasks", 10);
  const pages = await walkPages(call);
  const searches = [];
  for (const query of SEARCHES) searches.push(await timed(call, `/api/claude/tasks?${query}`));
  return { firstStart, startup, all, afterRestart, pages, searches, rss: rss(), kib: all.last.text.length / 1024 };
}

export async function listScale() {
  const { server, call, rss } = await startBenchServer();
  try {
    const emptyStart = await startupMs(server);
    await timed(call, "/api/claude/tasks");
    const emptyRss = rss();
    const emptyList = await timed(call, "/api/claude/tasks");
    const seed = await measureKind(server, call, rss, "seed");
    const own = await measureKind(server, call, rss, "own");
    const listOk = (m) => verdict(m.all.median < FULL_LIST_TARGET_MS && m.afterRestart.median < FULL_LIST_TARGET_MS, "< 50 ms");
    const rows = [
      ["first start-up on the files as written", fmt(emptyStart), fmt(seed.firstStart), fmt(own.firstStart), ""],
      [
        "start-up (spawn → listening), median of 3",
        fmt(emptyStart),
        fmt(seed.startup),
        fmt(own.startup),
        verdict(seed.startup < 2000 && own.startup < 2000, "< 2 s"),
      ],
      [
        "GET /tasks (everything), first start",
        fmt(emptyList.median),
        `${fmt(seed.all.median)} (p99 ${fmt(seed.all.p99)})`,
        `${fmt(own.all.median)} (p99 ${fmt(own.all.p99)})`,
        listOk(seed),
      ],
      [
        "GET /tasks (everything), after restarts",
        "",
        `${fmt(seed.afterRestart.median)} (p99 ${fmt(seed.afterRestart.p99)})`,
        `${fmt(own.afterRestart.median)} (p99 ${fmt(own.afterRestart.p99)})`,
        listOk(own),
      ],
      ["GET /tasks answer size", "", `${seed.kib.toFixed(0)} KiB`, `${own.kib.toFixed(0)} KiB`, ""],
      [
        `GET /tasks?limit=${PAGE} (first page)`,
        "",
        fmt(seed.pages.first.median),
        fmt(own.pages.first.median),
        `p99 ${fmt(seed.pages.first.p99)} / ${fmt(own.pages.first.p99)}`,
      ],
      [`all ${Math.ceil(TASKS / PAGE)} pages, one after another`, "", fmt(seed.pages.walk), fmt(own.pages.walk), "none missed"],
      ...SEARCHES.map((query, i) => [
        `GET /tasks?${query}`,
        "",
        `${fmt(seed.searches[i].median)} (p99 ${fmt(seed.searches[i].p99)})`,
        `${fmt(own.searches[i].median)} (p99 ${fmt(own.searches[i].p99)})`,
        "(shown)",
      ]),
      ["server RSS", mib(emptyRss), mib(seed.rss), mib(own.rss), ""],
    ];
    return {
      title: `List at scale: empty server vs ${TASKS.toLocaleString("en")} tasks on disk, in the seed server's format and in ours`,
      header: ["measure", "empty", "10,000 seed-format tasks", "10,000 own-format tasks", "target"],
      rows,
    };
  } finally {
    await server.stop();
  }
}

/**
 * Steering and interrupting, timed over the event stream of the real server (real tmux, the real
 * claude CLI against the scripted model):
 * - steer-to-first-event: a steer waiting in a run is taken when its turn ends; from that
 *   turn's `result` event to the next turn's first event (`system` init), next to a follow-up
 *   (`POST /message` on a finished task, which starts claude again with `--resume`): from the
 *   request to the new run's first event. Target: the live path at least 3 times faster.
 * - interrupt: from `POST /interrupt` to the interrupted turn's `result` event, and to the run's
 *   end. Target: p95 under 2 s (the expectation; 5 s is the hard limit).
 */
import { existsSync, writeFileSync } from "node:fs";
import path from "node:path";
import { finished, sleep, startBenchServer } from "./server.mjs";
import { fmt, median, quantile, verdict } from "./stats.mjs";

const SAMPLES = 10;

/** A first turn that runs until the bench opens its gate (and says it started). */
const heldTurn = (name) => `@bash touch ${name}.started; until [ -e ${name}.gate ]; do sleep 0.02; done\n@reply held ${name}`;

/** Reads a task's event stream, noting when each event arrives; `next(type, after)` waits for one. */
function watchEvents(server, headers, id, after) {
  const seen = [];
  const waiters = new Set();
  const abort = new AbortController();
  const done = (async () => {
    const query = after === undefined ? "" : `?after=${after}`;
    const res = await fetch(`${server.url}/api/claude/tasks/${id}/events${query}`, { headers, signal: abort.signal });
    const decoder = new TextDecoder();
    let buffer = "";
    for await (const chunk of res.body) {
      buffer += decoder.decode(chunk, { stream: true });
      const blocks = buffer.split("\n\n");
      buffer = blocks.pop() ?? "";
      for (const block of blocks) {
        const type = /^event: (.*)$/m.exec(block)?.[1];
        if (!type) continue;
        seen.push({ type, at: performance.now() });
        for (const waiter of waiters) waiter();
      }
    }
  })().catch(() => {});
  const next = (type, after) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${type} event on task ${id}`)), 60_000);
      const check = () => {
        const event = seen.find((e) => e.type === type && e.at > after);
        if (!event) return;
        clearTimeout(timer);
        waiters.delete(check);
        resolve(event.at);
      };
      waiters.add(check);
      check();
    });
  return { next, close: () => abort.abort(), done };
}

export async function steerLatency() {
  const { server, call, headers } = await startBenchServer();
  const started = async (name) => {
    while (!existsSync(path.join(server.workdirRoot, `${name}.started`))) await sleep(10);
  };
  const open = (name) => writeFileSync(path.join(server.workdirRoot, `${name}.gate`), "");
  try {
    const live = [];
    const resumed = [];
    const interruptTurn = [];
    const interruptRun = [];
    for (let i = 0; i < SAMPLES + 1; i++) {
      // Live: a steer waits in the run; time from the held turn's result to the steered turn's first event.
      const name = `steer-${i}`;
      const id = (await call("POST", "/api/claude/tasks", { prompt: heldTurn(name) })).json.task_id;
      const events = watchEvents(server, headers, id);
      await started(name);
      const sent = await call("POST", `/api/claude/tasks/${id}/steer`, { prompt: `@reply steered ${i}` });
      if (sent.status !== 202) throw new Error(`steer answered ${sent.status}: ${sent.text}`);
      const t0 = performance.now();
      open(name);
      const turnEnded = await events.next("result", t0);
      const firstEvent = await events.next("system", turnEnded);
      await finished(call, id);
      events.close();
      // Follow-up: the task has finished; time from the request to the new run's first event
      // (read from where the log ended: the first run's events are not the follow-up's).
      const logEnd = Buffer.byteLength((await call("GET", `/api/claude/tasks/${id}/output`)).text);
      const t1 = performance.now();
      const followup = await call("POST", `/api/claude/tasks/${id}/message`, { prompt: `@reply resumed ${i}` });
      if (followup.status !== 200) throw new Error(`message answered ${followup.status}: ${followup.text}`);
      const followed = watchEvents(server, headers, id, logEnd);
      const resumedEvent = await followed.next("system", t1);
      await finished(call, id);
      followed.close();
      if (i > 0) {
        live.push(firstEvent - turnEnded);
        resumed.push(resumedEvent - t1);
      }

      // Interrupt a held turn.
      const iname = `interrupt-${i}`;
      const iid = (await call("POST", "/api/claude/tasks", { prompt: heldTurn(iname) })).json.task_id;
      const ievents = watchEvents(server, headers, iid);
      await started(iname);
      const t2 = performance.now();
      const interrupted = await call("POST", `/api/claude/tasks/${iid}/interrupt`);
      if (interrupted.status !== 202) throw new Error(`interrupt answered ${interrupted.status}: ${interrupted.text}`);
      const stopped = await ievents.next("result", t2);
      const ended = await ievents.next("end", t2);
      ievents.close();
      const task = await finished(call, iid);
      if (task.runs[0].state !== "interrupted") throw new Error(`the interrupted run ended ${task.runs[0].state}`);
      if (i > 0) {
        interruptTurn.push(stopped - t2);
        interruptRun.push(ended - t2);
      }
    }
    const ratio = median(resumed) / median(live);
    const row = (what, values, target) => [what, fmt(median(values)), fmt(quantile(values, 0.95)), target ?? ""];
    return {
      title: "Steer and interrupt: a message into the run in progress vs a --resume follow-up; interrupt latency",
      header: ["measure", "p50", "p95", "target"],
      rows: [
        row(`steer: turn's end → steered turn's first event (${SAMPLES})`, live),
        row(`follow-up: POST /message → new run's first event (${SAMPLES})`, resumed),
        ["live path speed-up (follow-up p50 / steer p50)", `${ratio.toFixed(1)}×`, "", verdict(ratio >= 3, "≥ 3×")],
        row(
          `interrupt: POST → the turn's result (${SAMPLES})`,
          interruptTurn,
          verdict(quantile(interruptTurn, 0.95) < 2000, "p95 < 2 s"),
        ),
        row(`interrupt: POST → the run ended (${SAMPLES})`, interruptRun, verdict(Math.max(...interruptRun) < 5000, "all < 5 s")),
      ],
      notes: [
        "Each sample is one task: a first turn held open by a Bash tool use until the bench opens its gate; the first of each kind is a warm-up.",
      ],
    };
  } finally {
    await server.stop();
  }
}

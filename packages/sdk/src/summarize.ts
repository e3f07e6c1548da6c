/** Reduces a task's events to what people usually want to know about it. */
import type { StreamEvent } from "./stream-json.js";

/** The outcome of a task's runs, read from its events. */
export interface OutputSummary {
  /** Final text of the last run that produced a result event. */
  resultText: string | undefined;
  /** Whether the last result event reported an error. */
  isError: boolean;
  /**
   * Cost of all runs in US dollars. claude's `total_cost_usd` is the conversation's running
   * total (a resumed run reports what the whole session cost so far), so each result adds only
   * its increase over the previous result of the same session; a total that went down means
   * the session started over, and counts in full. This matches the server's `totals`.
   */
  costUsd: number | undefined;
  /** Turns of all runs together (claude counts them per run). */
  turns: number | undefined;
  /** Wall-clock duration of all runs together, in ms. */
  durationMs: number | undefined;
  /** Number of result events seen (one per completed run). */
  runs: number;
  /** Exit code of the last run, from the server's exit marker. */
  exitCode: number | undefined;
  /** The conversation's session id, from the first event that names it. */
  sessionId: string | undefined;
}

/** Summarises events: final result text, total cost, turns and duration across all runs. */
export function summarize(events: readonly StreamEvent[]): OutputSummary {
  // The last running total seen per session.
  const sessionTotals = new Map<string, number>();
  const stats: OutputSummary = {
    resultText: undefined,
    isError: false,
    costUsd: undefined,
    turns: undefined,
    durationMs: undefined,
    runs: 0,
    exitCode: undefined,
    sessionId: undefined,
  };
  for (const event of events) {
    if (event.type === "exit") {
      stats.exitCode = event.code;
      continue;
    }
    // Lines the run wrapper writes carry no session.
    const ours = event.type === "approval" || event.type === "approval_decision" || event.type === "steer";
    if (event.type === "unknown" || event.type === "interrupt" || ours) continue;
    stats.sessionId ??= event.session_id;
    if (event.type !== "result") continue;
    stats.runs += 1;
    stats.resultText = event.result;
    stats.isError = event.is_error;
    const reported = event.total_cost_usd;
    if (typeof reported === "number" && Number.isFinite(reported)) {
      // Without a session id each run counts on its own.
      const key = event.session_id ?? `run-${stats.runs}`;
      const previous = sessionTotals.get(key);
      const own = previous === undefined || reported < previous ? reported : reported - previous;
      sessionTotals.set(key, reported);
      stats.costUsd = (stats.costUsd ?? 0) + own;
    }
    stats.turns = add(stats.turns, event.num_turns);
    stats.durationMs = add(stats.durationMs, event.duration_ms);
  }
  return stats;
}

function add(total: number | undefined, value: number | undefined): number | undefined {
  if (typeof value !== "number" || !Number.isFinite(value)) return total;
  return (total ?? 0) + value;
}

/** Reduces a task's events to what people usually want to know about it. */
import type { StreamEvent } from "./stream-json.js";

/** The outcome of a task's runs, read from its events. */
export interface OutputSummary {
  /** Final text of the last run that produced a result event. */
  resultText: string | undefined;
  /** Whether the last result event reported an error. */
  isError: boolean;
  /**
   * Cost of all runs in US dollars. claude reports `total_cost_usd` cumulatively for a resumed
   * session, so this is the last cost seen per session, added up over sessions.
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
  const costBySession = new Map<string, number>();
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
    if (event.type === "unknown") continue;
    stats.sessionId ??= event.session_id;
    if (event.type !== "result") continue;
    stats.runs += 1;
    stats.resultText = event.result;
    stats.isError = event.is_error;
    if (typeof event.total_cost_usd === "number") {
      // Without a session id each run counts on its own.
      const key = event.session_id ?? `run-${stats.runs}`;
      costBySession.set(key, event.total_cost_usd);
      stats.costUsd = [...costBySession.values()].reduce((a, b) => a + b, 0);
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

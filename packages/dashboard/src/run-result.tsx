/**
 * The end of one run in the transcript: finished or failed, with turns and cost, and for a
 * failed run why (the server's `error_kind` and reason: a schema failure ends "success" in
 * claude's own event, an API error too) and for a structured run its result.
 */
import { isFinished, type ResultEvent, type Run } from "@claude-task-api/sdk";
import { cost } from "./format.js";
import { StructuredResult } from "./structured-result.js";
import "./review.css";

/**
 * The run failed, by the server's account once it has one (it judges structured output), else
 * by claude's event (the detail may not have caught up with the log yet).
 */
export const runFailed = (run: Run | undefined, event?: ResultEvent) =>
  run && isFinished(run.state) ? run.state !== "completed" : event?.is_error === true;

/**
 * `Run failed (output_schema)`, `Run killed (timeout)`: the server's kind, else claude's subtype
 * when it says more than "success".
 */
function failedLabel(run: Run | undefined, event: ResultEvent | undefined): string {
  const kind = run?.error_kind ?? (event && event.subtype !== "success" ? event.subtype : undefined);
  const what = run?.state === "killed" ? "Run killed" : "Run failed";
  return kind && kind !== "killed" ? `${what} (${kind})` : what;
}

/** Why it failed, in words: the server's reason first, then what claude said. */
const failureReason = (run: Run | undefined, event: ResultEvent | undefined) =>
  run?.error ?? run?.result?.error ?? (event?.is_error ? event.result : undefined);

export function RunResult({ event, run }: { event: ResultEvent; run: Run | undefined }) {
  const failed = runFailed(run, event);
  const reason = failed ? failureReason(run, event) : undefined;
  const structured = run?.result?.structured_output;
  return (
    <div class={`run-result${failed ? " failed" : ""}`}>
      <span>{failed ? failedLabel(run, event) : "Run finished"}</span>
      <span>{event.num_turns ?? 0} turns</span>
      <span>{cost(run?.cost_usd ?? event.total_cost_usd)}</span>
      {reason ? <p class="run-reason">{reason}</p> : null}
      {structured !== undefined ? <StructuredResult value={structured} /> : null}
    </div>
  );
}

/** A failed run's kind and reason, for a run whose result event never came. */
export function RunFailure({ run }: { run: Run }) {
  const reason = failureReason(run, undefined);
  return (
    <p class="run-failure">
      {failedLabel(run, undefined)}
      {reason ? `: ${reason}` : null}
    </p>
  );
}

/** A run that ended without a result event (killed, timed out, claude failed): its exit and why. */
export function RunExit({ code, run, hasResult }: { code: number; run: Run | undefined; hasResult: boolean }) {
  return (
    <div class="run-exit">
      <p class="error">claude exited with code {code}</p>
      {!hasResult && run && runFailed(run) ? <RunFailure run={run} /> : null}
    </div>
  );
}

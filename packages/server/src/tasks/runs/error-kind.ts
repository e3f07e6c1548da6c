/**
 * Why a run failed, as one word a program can branch on (`error_kind` on runs and tasks), read
 * from what the run left behind: its state, the wrapper's record (exit code, error) and claude's
 * last `result` event. Pure: the task view derives it, so tasks written before it existed get
 * one too. The wording matched below is claude's own (checked against @anthropic-ai/claude-code
 * 2.1.328, see test/fixtures/claude-results).
 */
import type { ErrorKind } from "../../generated/schemas.js";
import type { ResultSummary, RunState } from "../task-model.js";

export type { ErrorKind };

/** The kill reason the server records when a run outlives its timeout_seconds. */
export const TIMEOUT_REASON_PREFIX = "Timed out after ";
/** How the server's reason begins when a run could not start because no budget was left (tasks/budget). */
export const BUDGET_REASON_PREFIX = "Not started, no budget left: ";

/** claude's messages for a missing or rejected credential ("Not logged in · Please run /login", "Invalid API key · …"). */
const AUTH_TEXT =
  /not logged in|please run \/login|invalid api key|invalid bearer token|oauth token (?:has )?(?:expired|revoked)|authentication_error|\b(?:401|403)\b/i;
const CREDIT_TEXT = /credit balance is too low|billing_error|insufficient credit/i;
const RATE_TEXT = /rate[ _-]?limit|\b429\b/i;
/** claude prefixes every other failed Messages API call with "API Error" (500, 529 overloaded, …). */
const API_TEXT = /^API Error\b|overloaded|server-side issue/i;

/** The kind of one run, or undefined when it did not fail (still running, queued or completed). */
export function runErrorKind(run: {
  state: RunState;
  error?: string | undefined;
  result?: ResultSummary | undefined;
}): ErrorKind | undefined {
  if (run.state === "killed") return run.error?.startsWith(TIMEOUT_REASON_PREFIX) ? "timeout" : "killed";
  if (run.state === "interrupted") return "interrupted";
  if (run.state !== "error") return undefined;
  if (run.error?.startsWith(BUDGET_REASON_PREFIX)) return "budget";
  // Only the server's structured-output judgement sets the result's own `error`: claude ran fine,
  // the answer did not match the schema (not a reason to run `doctor`).
  if (run.result?.is_error && run.result.error !== undefined) return "output_schema";
  // No failing result event: claude could not start, crashed, or exited without saying why.
  if (!run.result?.is_error) return "cli_failed";
  return resultErrorKind(run.result);
}

/** A task's kind: its last run's, once that run made the task `error` or `killed` (like `error`). */
export function taskErrorKind(task: {
  status: string;
  runs: ReadonlyArray<Parameters<typeof runErrorKind>[0]>;
}): ErrorKind | undefined {
  const last = task.runs[task.runs.length - 1];
  return last && (task.status === "error" || task.status === "killed") ? runErrorKind(last) : undefined;
}

/** The kind a failing `result` event names. */
export function resultErrorKind(result: Pick<ResultSummary, "subtype" | "text">): ErrorKind {
  if (result.subtype === "error_max_turns") return "max_turns";
  // `--max-budget-usd` reached (claude 2.1.328: "Reached maximum budget ($N)").
  if (result.subtype === "error_max_budget_usd") return "budget";
  const text = result.text ?? "";
  if (CREDIT_TEXT.test(text)) return "credit";
  if (AUTH_TEXT.test(text)) return "auth";
  if (RATE_TEXT.test(text)) return "rate_limited";
  if (API_TEXT.test(text)) return "api_error";
  return "cli_failed";
}

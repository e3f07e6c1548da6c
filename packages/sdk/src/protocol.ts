/**
 * What every reader of a task's output.log agrees on: the server's run wrapper appends claude's
 * output to output.log and ends each run's part of the log with one exit marker line
 * (`__CLAUDE_EXIT_CODE_N__`, the seed API's format); in runs with approvals it adds `approval`
 * and `approval_decision` lines.
 *
 * Published as `@claude-task-api/sdk/protocol` because readers of output.log (the SDK's
 * stream parser, the server, the stress audit) must all parse the marker the same way. The
 * files the server and its wrapper exchange are the server's (packages/server/src/runner/protocol).
 */
import type { components } from "./generated/openapi.js";

type Schemas = components["schemas"];

/** The largest exit status a process can report (0-255); 128 + n means "killed by signal n". */
const MAX_EXIT_CODE = 255;
/** The whole line, nothing before or after: a line that only contains the text is output. */
const EXIT_MARKER_LINE = /^__CLAUDE_EXIT_CODE_(0|[1-9][0-9]{0,2})__$/;

/** Whether `code` is an exit status a process can have (an integer 0-255). */
export const isExitCode = (code: unknown): code is number =>
  Number.isInteger(code) && (code as number) >= 0 && (code as number) <= MAX_EXIT_CODE;

/** The marker line for a run that exited with `code`, without its newline. */
export function formatExitMarker(code: number): string {
  if (!isExitCode(code)) throw new RangeError(`not an exit status: ${code}`);
  return `__CLAUDE_EXIT_CODE_${code}__`;
}

/**
 * The exit code when `line` (without its newline; a trailing CR is allowed) is an exit
 * marker line as a whole, else undefined.
 */
export function parseExitMarker(line: string): number | undefined {
  const match = EXIT_MARKER_LINE.exec(line.endsWith("\r") ? line.slice(0, -1) : line);
  const code = match ? Number(match[1]) : undefined;
  return isExitCode(code) ? code : undefined;
}

// Approval lines. In a run with `approvals`, the wrapper writes an `approval` line when claude
// asks to use a tool and an `approval_decision` line with the answer the run went on with. (The
// files the wrapper and the server exchange for this are the server's own run protocol.)

/** An `approval` line in output.log (openapi.yaml's TaskApprovalEvent). */
export type ApprovalRequestLine = Schemas["TaskApprovalEvent"];

/** An `approval_decision` line in output.log: the answer the run went on with. */
export type ApprovalDecisionLine = Schemas["ApprovalDecision"] & { type: "approval_decision" };

// Steer and interrupt lines, written by the wrapper: a `steer` line where Claude takes a message
// sent into the run (`tasks.steer`, or an interrupt's prompt), an `interrupt` line where it asks
// claude to stop the current turn.

/** A `steer` line in output.log: Claude takes this message as its next turn. */
export interface SteerLine {
  type: "steer";
  steer_id: string;
  run: number;
  kind: "steer" | "interrupt";
  prompt: string;
  taken_at: number;
}

/** An `interrupt` line in output.log: the run asked claude to stop its current turn. */
export interface InterruptLine {
  type: "interrupt";
  steer_id: string;
  run: number;
  requested_at: number;
}

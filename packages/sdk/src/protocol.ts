/**
 * The run protocol: what the server, its run wrapper and every reader of a task's output.log
 * agree on. The server writes a run spec for the wrapper; the wrapper runs claude, appends
 * claude's output to output.log, ends the run's part of the log with one exit marker line
 * (`__CLAUDE_EXIT_CODE_N__`, the seed API's format) and leaves a run exit record.
 *
 * Published as `@claude-task-api/sdk/protocol` because readers of output.log (the SDK's
 * stream parser, the server, the stress audit) must all parse the marker the same way.
 */
import { parameters } from "./generated/contract.js";
import type { components } from "./generated/openapi.js";

type Schemas = components["schemas"];

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** The JSON object `text` holds; undefined for anything else (partly written, foreign, not an object). */
function jsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    return isObject(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

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

/** What the server hands to the run wrapper for one run (runs/{n}.spec.json, mode 0600). */
export interface RunSpec {
  /** The claude command line: binary first. The prompt is not in it; it arrives on stdin. */
  argv: string[];
  cwd: string;
  /** The complete environment for claude, captured from the server at start-up. */
  env: Record<string, string>;
  promptFile: string;
  outputLog: string;
  exitFile: string;
  /** Where the wrapper writes its pid as it starts: proof the run began, and who to wait for. */
  pidFile: string;
  /**
   * Set for a run with `approvals`: claude then reads the prompt as a stream-json message and
   * asks on stdout before using a tool (`--permission-prompt-tool stdio`); the wrapper keeps
   * the requests and answers in `runsDir` (see the approval files below).
   */
  approvals?: {
    run: number;
    runsDir: string;
    /** Deny a request nobody answered within this many seconds; absent: wait as long as the run lives. */
    timeoutSeconds?: number;
  };
}

/** What the wrapper leaves behind when a run ends (runs/{n}.exit.json). */
export interface RunExit {
  exit_code: number;
  /** Unix seconds, fractional. */
  finished_at: number;
  signal?: string;
  /** Set when claude could not be started at all, or the run was interrupted. */
  error?: string;
}

/** Parses a run exit record; undefined when the text is not one (partly written, or foreign). */
export function parseRunExit(text: string): RunExit | undefined {
  const parsed = jsonObject(text);
  if (!parsed) return undefined;
  const exit = parsed as Partial<RunExit>;
  if (!isExitCode(exit.exit_code) || typeof exit.finished_at !== "number") return undefined;
  return exit as RunExit;
}

// ---------------------------------------------------------------------------------------------
// Approvals. In a run with `approvals`, claude asks before using a tool its permission mode
// does not allow by itself. The wrapper (which talks to claude over stdin/stdout) gives each
// request an id, writes it to runs/{run}.approval-{id}.json and an `approval` line to
// output.log, and waits for runs/{run}.approval-{id}.answer.json. Whoever answers first wins:
// the answer file is created exclusively, by the server (an answer over the API) or by the
// wrapper itself (the approval timed out). The wrapper then writes an `approval_decision` line.
// Both files live on disk so an approval survives a restart of the API server.

/** An `approval` line in output.log, and the content of the approval's request file (openapi.yaml's TaskApprovalEvent). */
export type ApprovalRequestLine = Schemas["TaskApprovalEvent"];

/**
 * What an approval's answer file holds: the answer as the API took it, when, and by whom
 * (`client`: over the API; `timeout`: the wrapper denied it when its time ran out).
 */
export type ApprovalAnswerRecord = Schemas["ApprovalAnswer"] & Pick<Schemas["ApprovalDecision"], "answered_at" | "by">;

/** An `approval_decision` line in output.log: the answer the run went on with. */
export type ApprovalDecisionLine = Schemas["ApprovalDecision"] & { type: "approval_decision" };

/** Approval ids are made by the wrapper; anything else is refused before it reaches a path (openapi.yaml's pattern). */
const APPROVAL_ID = new RegExp(parameters.ApprovalId.pattern);

/** The file names (inside the task's runs/ folder) of an approval's request and answer. */
export const approvalRequestFileName = (run: number, approvalId: string) => `${run}.approval-${approvalId}.json`;
export const approvalAnswerFileName = (run: number, approvalId: string) => `${run}.approval-${approvalId}.answer.json`;

const APPROVAL_FILE = /^(0|[1-9][0-9]{0,5})\.approval-(.+?)(\.answer)?\.json$/;

/** The run, approval and kind of an approval file name; undefined for any other name. */
export function parseApprovalFileName(name: string): { run: number; approvalId: string; answer: boolean } | undefined {
  const match = APPROVAL_FILE.exec(name);
  if (!match || !APPROVAL_ID.test(match[2] as string)) return undefined;
  return { run: Number(match[1]), approvalId: match[2] as string, answer: match[3] !== undefined };
}

/** Parses an approval request (file or log line); undefined when the text is not one. */
export function parseApprovalRequest(text: string): ApprovalRequestLine | undefined {
  const parsed = jsonObject(text);
  if (parsed?.type !== "approval") return undefined;
  const { approval_id, run, tool, input, requested_at, expires_at } = parsed;
  if (typeof approval_id !== "string" || !APPROVAL_ID.test(approval_id)) return undefined;
  if (!Number.isInteger(run) || typeof tool !== "string" || !isObject(input) || typeof requested_at !== "number")
    return undefined;
  if (expires_at !== undefined && typeof expires_at !== "number") return undefined;
  return parsed as unknown as ApprovalRequestLine;
}

/** Parses an approval answer file; undefined when the text is not one (partly written, or foreign). */
export function parseApprovalAnswer(text: string): ApprovalAnswerRecord | undefined {
  const parsed = jsonObject(text);
  if (!parsed) return undefined;
  const { decision, message, updated_input, answered_at, by } = parsed;
  if (decision !== "allow" && decision !== "deny") return undefined;
  if (message !== undefined && typeof message !== "string") return undefined;
  if (updated_input !== undefined && !isObject(updated_input)) return undefined;
  if (typeof answered_at !== "number" || (by !== "client" && by !== "timeout")) return undefined;
  return parsed as unknown as ApprovalAnswerRecord;
}

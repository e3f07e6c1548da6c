/**
 * The run protocol: what the server, its run wrapper and every reader of a task's output.log
 * agree on. The server writes a run spec for the wrapper; the wrapper runs claude, appends
 * claude's output to output.log, ends the run's part of the log with one exit marker line
 * (`__CLAUDE_EXIT_CODE_N__`, the seed API's format) and leaves a run exit record.
 *
 * Published as `@claude-task-api/sdk/protocol` because readers of output.log (the SDK's
 * stream parser, the server, the stress audit) must all parse the marker the same way.
 */

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
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof parsed !== "object" || parsed === null) return undefined;
  const exit = parsed as Partial<RunExit>;
  if (!isExitCode(exit.exit_code) || typeof exit.finished_at !== "number") return undefined;
  return exit as RunExit;
}

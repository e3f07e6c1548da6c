/** Every exit code the CLI uses, in one place so the README table and the code agree. */
import type { TaskStatus } from "@claude-task-api/sdk";

export const ExitCode = {
  /** Success (for run --wait / wait: the task completed). */
  Ok: 0,
  /** Anything else: server error (5xx), unexpected failure. */
  Failure: 1,
  /** Bad command line, bad flag value, bad config file, unknown profile, or a 400 from the server. */
  Usage: 2,
  /** The server rejected the token (401/403), or no token is available. */
  Auth: 3,
  /** No such task (404). */
  NotFound: 4,
  /** The server could not be reached or did not answer in time. */
  Connection: 5,
  /** The task is not in a state that allows this (409, e.g. killing a finished task). */
  Conflict: 6,
  /** run --wait / wait / --follow: the task ended with status `error`. */
  TaskError: 10,
  /** run --wait / wait / --follow: the task ended with status `killed`. */
  TaskKilled: 11,
  /** wait --timeout / run --wait --timeout: still running when the time was up. */
  WaitTimeout: 12,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** Exit code for a task that has settled with this status. */
export function exitCodeForStatus(status: TaskStatus): ExitCodeValue {
  switch (status) {
    case "completed":
      return ExitCode.Ok;
    case "error":
      return ExitCode.TaskError;
    case "killed":
      return ExitCode.TaskKilled;
    default:
      return ExitCode.Failure;
  }
}

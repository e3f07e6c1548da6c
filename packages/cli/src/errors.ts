/**
 * The one place that turns failures into an exit code and a one-line message that says what to
 * do next. Commands throw; only runCli catches.
 */
import {
  BadRequestError,
  ConflictError,
  ConnectionError,
  NotFoundError,
  ServerError,
  TaskApiError,
  TimeoutError,
  UnauthorizedError,
  WaitTimeoutError,
} from "@claude-task-api/sdk";
import { ExitCode, type ExitCodeValue } from "./exit-codes.js";

/** An error the CLI raises itself, with its exit code and a message for people. */
export class CliError extends Error {
  override name = "CliError";
  constructor(
    message: string,
    readonly exitCode: ExitCodeValue,
  ) {
    super(message);
  }
}

/** A bad command line or flag value (exit 2). */
export class UsageError extends CliError {
  override name = "UsageError";
  constructor(message: string) {
    super(message, ExitCode.Usage);
  }
}

/** What the mapping needs to know to give useful advice. */
export interface ErrorContext {
  url: string;
  tokenSource: string | undefined;
}

/** Maps any thrown value to an exit code and a one-line message. */
export function describeError(error: unknown, context: ErrorContext): { exitCode: ExitCodeValue; message: string } {
  if (error instanceof CliError) return { exitCode: error.exitCode, message: error.message };
  if (error instanceof WaitTimeoutError) {
    return {
      exitCode: ExitCode.WaitTimeout,
      message: `${error.message}; it keeps running: wait again, follow it with "claude-tasks logs -f ${error.taskId}", or stop it with "claude-tasks kill ${error.taskId}"`,
    };
  }
  if (error instanceof TimeoutError) {
    return {
      exitCode: ExitCode.Connection,
      message: `${context.url} did not answer in time; check the server, or that --url / CLAUDE_TASKS_URL is right`,
    };
  }
  if (error instanceof ConnectionError) {
    return {
      exitCode: ExitCode.Connection,
      message: `cannot reach ${context.url} (${causeOf(error)}); check --url / CLAUDE_TASKS_URL / the profile, and that the server is running`,
    };
  }
  // A named token that is known but may not do this: the server's words say what it lacks.
  if (error instanceof UnauthorizedError && NAMED_TOKEN_REFUSALS.has(String(error.code))) {
    return { exitCode: ExitCode.Auth, message: `${serverMessage(error)} (${error.code})` };
  }
  if (error instanceof UnauthorizedError) {
    const hint = context.tokenSource
      ? `the token from ${context.tokenSource} was rejected; get the current one with "claude-tasks token"`
      : 'no token is set; pass --token, set CLAUDE_API_TOKEN or add one to a profile ("claude-tasks token" says how to get it)';
    return { exitCode: ExitCode.Auth, message: `unauthorized: ${hint}` };
  }
  if (error instanceof NotFoundError) {
    const message =
      error.code === "task_not_found"
        ? `${serverMessage(error)}; run "claude-tasks list" to see task ids`
        : error.code === "approval_not_found"
          ? `${serverMessage(error)}; "claude-tasks show ${taskIdOf(error)}" lists the approvals it waits for`
          : error.code === "schedule_not_found"
            ? `${serverMessage(error)}; run "claude-tasks schedule list" to see schedule ids`
            : `${context.url} answered 404 for ${error.request?.method ?? ""} ${pathOf(error)}; is --url the task API's host?`;
    return { exitCode: ExitCode.NotFound, message };
  }
  if (error instanceof ConflictError) return { exitCode: ExitCode.Conflict, message: conflictMessage(error) };
  if (error instanceof BadRequestError)
    return { exitCode: ExitCode.Usage, message: `rejected by the server: ${serverMessage(error)}` };
  if (error instanceof ServerError) {
    return {
      exitCode: ExitCode.Failure,
      message: `the server failed (${error.status}): ${serverMessage(error)}; try again, or check the server's log`,
    };
  }
  if (error instanceof TaskApiError) return { exitCode: ExitCode.Failure, message: error.message };
  const text = error instanceof Error ? error.message : String(error);
  return { exitCode: ExitCode.Failure, message: `unexpected error: ${text}` };
}

const NAMED_TOKEN_REFUSALS = new Set(["insufficient_scope", "token_expired", "token_revoked"]);

/** The server's 409 message, with what to do instead. */
function conflictMessage(error: TaskApiError): string {
  const id = taskIdOf(error);
  const next: Record<string, string> = {
    task_finished: `nothing to kill; see how it ended with "claude-tasks show ${id}", continue it with "claude-tasks send ${id} …", or delete it with "claude-tasks purge ${id}"`,
    task_not_finished: `stop it first with "claude-tasks kill ${id}", then purge it`,
    idempotency_conflict: "use a new --idempotency-key for a different prompt or options",
    approval_already_answered: `see what the run did with "claude-tasks logs ${id}"`,
    approval_closed: `the run it belonged to has ended; see "claude-tasks show ${id}"`,
  };
  const hint = typeof error.code === "string" ? next[error.code] : undefined;
  return hint ? `${serverMessage(error)}; ${hint}` : serverMessage(error);
}

function taskIdOf(error: TaskApiError): string {
  return /\/tasks\/([^/?]+)/.exec(pathOf(error))?.[1] ?? "<id>";
}

function serverMessage(error: TaskApiError): string {
  const body = error.body as { error?: unknown } | undefined;
  return typeof body?.error === "string" ? body.error : error.message;
}

function causeOf(error: TaskApiError): string {
  const match = /\(([^)]+)\)$/.exec(error.message);
  return match?.[1] ?? "no response";
}

function pathOf(error: TaskApiError): string {
  try {
    return new URL(error.request?.url ?? "").pathname;
  } catch {
    return error.request?.url ?? "";
  }
}

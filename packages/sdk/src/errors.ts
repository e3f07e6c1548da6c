/**
 * One error model for every call: HTTP failures become subclasses of TaskApiError that carry
 * the status, the server's stable `code` and its message, so callers can branch with instanceof
 * or on `code` without parsing text.
 */
import type { ErrorCode } from "./types.js";

/** Where a failed request was going; included in messages so logs say which call failed. */
export interface RequestInfo {
  method: string;
  url: string;
}

/** Base class of every error this SDK throws on purpose. */
export class TaskApiError extends Error {
  override name = "TaskApiError";
  /** HTTP status, or undefined when no response arrived. */
  readonly status: number | undefined;
  /** The server's machine code (`task_not_found`, ...), when the body had one. */
  readonly code: ErrorCode | (string & {}) | undefined;
  /** The parsed response body (or its text when it was not JSON). */
  readonly body: unknown;
  readonly request: RequestInfo | undefined;

  constructor(
    message: string,
    init: { status?: number; code?: string; body?: unknown; request?: RequestInfo; cause?: unknown } = {},
  ) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.status = init.status;
    this.code = init.code;
    this.body = init.body;
    this.request = init.request;
  }
}

/** 400, 413 and other 4xx: the request itself was wrong; retrying will not help. */
export class BadRequestError extends TaskApiError {
  override name = "BadRequestError";
}

/** 401/403: the bearer token is missing or wrong. */
export class UnauthorizedError extends TaskApiError {
  override name = "UnauthorizedError";
}

/** 404: no such task (or wrong base URL). */
export class NotFoundError extends TaskApiError {
  override name = "NotFoundError";
}

/** 409: the task is not in a state that allows this (for example killing a finished task). */
export class ConflictError extends TaskApiError {
  override name = "ConflictError";
}

/** 5xx: the server failed. GETs are retried before this is thrown. */
export class ServerError extends TaskApiError {
  override name = "ServerError";
}

/** No HTTP response at all: refused, reset, DNS failure, TLS failure. */
export class ConnectionError extends TaskApiError {
  override name = "ConnectionError";
}

/** A single request took longer than `timeoutMs`. */
export class TimeoutError extends ConnectionError {
  override name = "TimeoutError";
}

/** `waitForTask` gave up before the task finished; the task itself keeps running. */
export class WaitTimeoutError extends TaskApiError {
  override name = "WaitTimeoutError";
  readonly taskId: string;
  constructor(taskId: string, timeoutMs: number) {
    super(`task ${taskId} still running after ${timeoutMs} ms`);
    this.taskId = taskId;
  }
}

/** Picks the error class for an HTTP status. */
export function errorClassForStatus(status: number): typeof TaskApiError {
  if (status === 401 || status === 403) return UnauthorizedError;
  if (status === 404) return NotFoundError;
  if (status === 409) return ConflictError;
  if (status >= 500) return ServerError;
  if (status >= 400) return BadRequestError;
  return TaskApiError;
}

/** Builds the typed error for a non-2xx response from its already-read body text. */
export function errorFromResponse(status: number, statusText: string, text: string, request: RequestInfo): TaskApiError {
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Proxies answer HTML or plain text; keep it verbatim as the body.
  }
  const fields = isRecord(body) ? body : {};
  const serverMessage = typeof fields.error === "string" ? fields.error : undefined;
  const code = typeof fields.code === "string" ? fields.code : undefined;
  const detail = serverMessage ?? (statusText || `HTTP ${status}`);
  const ErrorClass = errorClassForStatus(status);
  return new ErrorClass(`${request.method} ${pathOf(request.url)}: ${status} ${detail}`, {
    status,
    code,
    body,
    request,
  });
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

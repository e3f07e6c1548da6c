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

/**
 * 401 or 403. Catch this for both; branch on AuthenticationError (401: the token is missing or
 * wrong) and PermissionDeniedError (403: the token is fine but this is not allowed).
 * @deprecated as a thrown class: the SDK throws its subclasses; kept so `instanceof` checks still work.
 */
export class UnauthorizedError extends TaskApiError {
  override name = "UnauthorizedError";
}

/** 401: the bearer token is missing or wrong. */
export class AuthenticationError extends UnauthorizedError {
  override name = "AuthenticationError";
}

/** 403: the request was understood and is not allowed (for example a proxy refused it). */
export class PermissionDeniedError extends UnauthorizedError {
  override name = "PermissionDeniedError";
}

/** 429: too many requests. Retried (after `Retry-After`) before this is thrown. */
export class RateLimitError extends TaskApiError {
  override name = "RateLimitError";
  /** How long the server asked to wait (from `Retry-After`), when it said. */
  readonly retryAfterMs: number | undefined;
  constructor(message: string, init: ConstructorParameters<typeof TaskApiError>[1] & { retryAfterMs?: number | undefined } = {}) {
    super(message, init);
    this.retryAfterMs = init.retryAfterMs;
  }
}

/** The caller aborted (its AbortSignal fired); `cause` is the signal's reason. */
export class APIUserAbortError extends TaskApiError {
  override name = "APIUserAbortError";
  constructor(reason?: unknown) {
    super("Request was aborted.", reason === undefined ? {} : { cause: reason });
  }
}

/** The error to throw for an aborted signal: the SDK's own, whatever the reason was. */
export function abortError(signal: AbortSignal | undefined): APIUserAbortError {
  const reason = signal?.reason;
  return reason instanceof APIUserAbortError ? reason : new APIUserAbortError(reason);
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
  if (status === 401) return AuthenticationError;
  if (status === 403) return PermissionDeniedError;
  if (status === 429) return RateLimitError;
  if (status === 404) return NotFoundError;
  if (status === 409) return ConflictError;
  if (status >= 500) return ServerError;
  if (status >= 400) return BadRequestError;
  return TaskApiError;
}

/** Builds the typed error for a non-2xx response from its already-read body text. */
export function errorFromResponse(
  status: number,
  statusText: string,
  text: string,
  request: RequestInfo,
  headers?: Headers,
): TaskApiError {
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
  const message = `${request.method} ${pathOf(request.url)}: ${status} ${detail}`;
  if (status === 429) return new RateLimitError(message, { status, code, body, request, retryAfterMs: retryAfterMs(headers) });
  const ErrorClass = errorClassForStatus(status);
  return new ErrorClass(message, { status, code, body, request });
}

/** `Retry-After` (seconds or an HTTP date) or `retry-after-ms`, in ms; undefined when absent or unreadable. */
export function retryAfterMs(headers: Headers | undefined, now = Date.now()): number | undefined {
  const ms = Number.parseFloat(headers?.get("retry-after-ms") ?? "");
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const value = headers?.get("retry-after")?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
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

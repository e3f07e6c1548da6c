/**
 * The fetch that openapi-fetch calls: adds the per-attempt timeout, retries what is safe to
 * retry, and turns every failure into a typed error. Keeping this below openapi-fetch means the
 * resource methods only ever see successful responses.
 */
import {
  abortError,
  ConnectionError,
  errorFromResponse,
  RateLimitError,
  type RequestInfo,
  TaskApiError,
  TimeoutError,
} from "./errors.js";
import type { ResolvedOptions } from "./options.js";

/** Methods that change nothing on the server, so a repeat is harmless. */
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
const BACKOFF_BASE_MS = 250;
const BACKOFF_MAX_MS = 4_000;
/** A server asking for a longer pause than this gets the error at once: the caller decides. */
const MAX_RETRY_AFTER_MS = 60_000;

/** Builds the fetch function handed to openapi-fetch. */
export function createTransport(options: ResolvedOptions): (request: Request) => Promise<Response> {
  return async (request) => {
    const info: RequestInfo = { method: request.method, url: request.url };
    // Bodies are small JSON documents: read once so every attempt can resend them.
    const body = request.body === null ? undefined : await request.arrayBuffer();
    const userSignal = request.signal;
    for (let attempt = 0; ; attempt++) {
      try {
        return await attemptOnce(options, request, body, userSignal, info);
      } catch (error) {
        if (userSignal.aborted) throw abortError(userSignal);
        // A create with an idempotency key cannot start a second task, so it may be repeated too.
        const repeatable = SAFE_METHODS.has(info.method) || request.headers.has("idempotency-key");
        if (attempt >= options.retries || !isRetryable(error, repeatable)) throw error;
        const asked = error instanceof TaskApiError ? serverRetryAfterMs(error) : undefined;
        if (asked !== undefined && asked > MAX_RETRY_AFTER_MS) throw error;
        await sleep(asked ?? backoffMs(attempt), userSignal);
      }
    }
  };
}

async function attemptOnce(
  options: ResolvedOptions,
  request: Request,
  body: ArrayBuffer | undefined,
  userSignal: AbortSignal,
  info: RequestInfo,
): Promise<Response> {
  // One controller per attempt, aborted by the caller's signal or by our timer; the listener is
  // removed afterwards so a long-lived caller signal does not collect one per request.
  const controller = new AbortController();
  const onUserAbort = () => controller.abort(userSignal.reason);
  userSignal.addEventListener("abort", onUserAbort, { once: true });
  let timedOut = false;
  const timer =
    options.timeoutMs > 0
      ? setTimeout(() => {
          timedOut = true;
          controller.abort();
        }, options.timeoutMs)
      : undefined;
  const fail = (error: unknown) => connectionFailure(error, timedOut, userSignal, options.timeoutMs, info);
  try {
    let response: Response;
    try {
      response = await options.fetch(request.url, {
        method: request.method,
        headers: request.headers,
        body,
        signal: controller.signal,
        redirect: request.redirect,
        credentials: request.credentials,
      });
    } catch (error) {
      throw fail(error);
    }
    // Read the whole body inside the timeout so a stalled stream cannot hang the caller.
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      throw fail(error);
    }
    if (!response.ok) throw errorFromResponse(response.status, response.statusText, text, info, response.headers);
    const headers = new Headers(response.headers);
    // The text is already decoded: the original length and encoding no longer describe it.
    headers.delete("content-length");
    headers.delete("content-encoding");
    const hasBody = response.status !== 204 && response.status !== 304;
    return new Response(hasBody ? text : null, { status: response.status, statusText: response.statusText, headers });
  } finally {
    if (timer !== undefined) clearTimeout(timer);
    userSignal.removeEventListener("abort", onUserAbort);
  }
}

function connectionFailure(
  error: unknown,
  timedOut: boolean,
  userSignal: AbortSignal,
  timeoutMs: number,
  info: RequestInfo,
): unknown {
  if (userSignal.aborted) return abortError(userSignal);
  if (timedOut) {
    return new TimeoutError(`${info.method} ${info.url}: no response within ${timeoutMs} ms`, { request: info, cause: error });
  }
  const reason = describeCause(error);
  return new ConnectionError(`${info.method} ${info.url}: cannot connect (${reason})`, { request: info, cause: error });
}

/**
 * Connection errors and 5xx are retried on safe methods (and idempotent creates). A refused
 * connection, a 408 and a 429 are retried for any method, because the server did not act on the
 * request; anything else on a POST may have run, so it is not repeated.
 */
function isRetryable(error: unknown, repeatable: boolean): boolean {
  if (!(error instanceof TaskApiError)) return false;
  if (error instanceof ConnectionError) {
    return repeatable || (!(error instanceof TimeoutError) && causeCode(error.cause) === "ECONNREFUSED");
  }
  if (error.status === 408 || error.status === 429) return true;
  return repeatable && error.status !== undefined && error.status >= 500;
}

/** The pause a 429 asked for with Retry-After. */
function serverRetryAfterMs(error: TaskApiError): number | undefined {
  return error instanceof RateLimitError ? error.retryAfterMs : undefined;
}

/** Exponential backoff with full jitter for the attempt-th retry (0-based): 250 ms, 500 ms, … up to 4 s. */
export function backoffMs(attempt: number): number {
  const exponential = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** attempt);
  // Full jitter: spreads retries of many clients hitting one restarting server.
  return exponential / 2 + Math.random() * (exponential / 2);
}

/** Resolves after `ms`, or rejects with APIUserAbortError when the signal aborts first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError(signal));
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError(signal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

function causeCode(error: unknown): string | undefined {
  // undici wraps the socket error: TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } }).
  for (let current = error, depth = 0; current && depth < 4; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function describeCause(error: unknown): string {
  const code = causeCode(error);
  if (code) return code;
  // "fetch failed" says nothing; the innermost cause ("bad port", a TLS error) does.
  let message = error instanceof Error ? error.message : String(error);
  for (let current = (error as { cause?: unknown })?.cause, depth = 0; current && depth < 4; depth++) {
    if (current instanceof Error && current.message) message = current.message;
    current = (current as { cause?: unknown }).cause;
  }
  return message;
}

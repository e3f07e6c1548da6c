/**
 * A LineSource over the server's event stream (`GET /api/claude/tasks/{id}/events`): every log
 * line arrives as one event whose id is the byte offset after it. When the connection drops
 * (reset, server restart, a proxy's idle cut) it reconnects with `Last-Event-ID`, so the server
 * resumes exactly after the last line yielded: nothing is lost or repeated. Reconnects back off
 * exponentially and are bounded; a server without the endpoint falls back to polling.
 */
import {
  abortError,
  ConnectionError,
  errorFromResponse,
  type RequestInfo,
  ServerError,
  TaskApiError,
  TimeoutError,
} from "./errors.js";
import type { FollowStatus, LineSource } from "./follow.js";
import type { ResolvedOptions } from "./options.js";
import { formatExitMarker, isExitCode } from "./protocol.js";
import { readSse } from "./sse.js";
import { backoffMs, sleep } from "./transport.js";

/** The server sends a heartbeat comment every 15 s: three missed ones mean the connection is dead. */
export const EVENTS_IDLE_TIMEOUT_MS = 45_000;
/** Consecutive failed connections before following gives up (about a minute of backoff). */
export const DEFAULT_MAX_RECONNECTS = 20;
/** A connection that lasted this long (or delivered a line) was healthy: the failure count restarts. */
const HEALTHY_CONNECTION_MS = 10_000;

const EXIT_EVENT = "exit";
const TEXT_EVENT = "text";

/** Thrown by a connection attempt when the server has no events endpoint (answered a route 404). */
class NoEventsEndpoint extends Error {}

/**
 * Builds the event-stream LineSource. `fallback` serves servers that predate the endpoint;
 * `timing` exists for tests.
 */
export function eventStreamLineSource(
  options: ResolvedOptions,
  fallback: LineSource,
  timing: { idleTimeoutMs?: number } = {},
): LineSource {
  const idleTimeoutMs = timing.idleTimeoutMs ?? EVENTS_IDLE_TIMEOUT_MS;
  return async function* follow(taskId, sourceOptions) {
    const { signal, fromLine, after, tail, onStatus } = sourceOptions;
    const maxReconnects = sourceOptions.maxReconnects ?? DEFAULT_MAX_RECONNECTS;
    let lastEventId = after === undefined ? undefined : String(after);
    let toSkip = fromLine;
    let linesSeen = 0;
    let failures = 0;
    let connectedOnce = false;
    let lastStatusKey = "";
    for (;;) {
      const startedAt = Date.now();
      let progressed = false;
      let failure: unknown;
      // `tail` only until a line arrived: from then on the stream resumes after the last one.
      const startTail = lastEventId === undefined ? tail : undefined;
      const connection = new EventConnection(options, taskId, lastEventId, startTail, signal, idleTimeoutMs);
      try {
        const body = await connection.open();
        connectedOnce = true;
        for await (const message of readSse(body, () => connection.alive())) {
          if (message.event === "end") return;
          if (message.event === "status") {
            const status = parseJson(message.data) as FollowStatus | undefined;
            const key = status ? `${status.status}|${status.runs?.map((r) => r.state).join(",")}` : "";
            if (status && key !== lastStatusKey) {
              lastStatusKey = key;
              onStatus?.(status);
            }
            continue;
          }
          // Log lines are the events with an id; anything else is a kind this SDK does not know.
          if (message.id === undefined) continue;
          const line = lineOf(message.event, message.data);
          lastEventId = message.id;
          progressed = true;
          linesSeen += 1;
          if (toSkip > 0) {
            toSkip -= 1;
            continue;
          }
          yield line;
        }
        failure = new ConnectionError(`${connection.info.method} ${connection.info.url}: the event stream ended early`, {
          request: connection.info,
        });
      } catch (thrown) {
        if (signal?.aborted) throw abortError(signal);
        const error = connection.failure(thrown);
        if (error instanceof NoEventsEndpoint && !connectedOnce && after === undefined) {
          // An older server: poll instead, skipping what was already yielded from this source.
          yield* fallback(taskId, { ...sourceOptions, fromLine: Math.max(fromLine, linesSeen) });
          return;
        }
        if (!isReconnectable(error)) throw error;
        failure = error;
      } finally {
        connection.close();
      }
      if (progressed || Date.now() - startedAt >= HEALTHY_CONNECTION_MS) failures = 0;
      if (failures >= maxReconnects) throw failure;
      await sleep(backoffMs(failures), signal);
      failures += 1;
    }
  };
}

/** The log line an event stands for: the stream-json line itself, an exit marker, or plain text. */
function lineOf(event: string, data: string): string {
  if (event === EXIT_EVENT) {
    const code = (parseJson(data) as { exit_code?: unknown } | undefined)?.exit_code;
    if (isExitCode(code)) return formatExitMarker(code);
  }
  if (event === TEXT_EVENT) {
    const text = parseJson(data);
    if (typeof text === "string") return text;
  }
  return data;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Connection failures, timeouts, 5xx, 408 and 429 are worth another connection; other answers are final. */
function isReconnectable(error: unknown): boolean {
  if (error instanceof ConnectionError || error instanceof ServerError) return true;
  return error instanceof TaskApiError && (error.status === 408 || error.status === 429);
}

/** One HTTP connection to the event stream, with a connect timeout and an idle watchdog. */
class EventConnection {
  readonly info: RequestInfo;
  private readonly controller = new AbortController();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private timedOut = false;
  private readonly onUserAbort: () => void;

  constructor(
    private readonly options: ResolvedOptions,
    taskId: string,
    private readonly lastEventId: string | undefined,
    tail: number | undefined,
    private readonly signal: AbortSignal | undefined,
    private readonly idleTimeoutMs: number,
  ) {
    const query = tail === undefined ? "" : `?tail=${tail}`;
    this.info = { method: "GET", url: `${options.baseUrl}/api/claude/tasks/${encodeURIComponent(taskId)}/events${query}` };
    this.onUserAbort = () => this.controller.abort(signal?.reason);
    signal?.addEventListener("abort", this.onUserAbort, { once: true });
  }

  /** Connects; resolves with the body once the server answered 200. */
  async open(): Promise<ReadableStream<Uint8Array>> {
    if (this.signal?.aborted) throw abortError(this.signal);
    const headers: Record<string, string> = { ...this.options.headers, Accept: "text/event-stream", "Cache-Control": "no-cache" };
    if (this.options.token) headers.Authorization = `Bearer ${this.options.token}`;
    if (this.lastEventId !== undefined) headers["Last-Event-ID"] = this.lastEventId;
    if (this.options.timeoutMs > 0) this.arm(this.options.timeoutMs);
    let response: Response;
    try {
      response = await this.options.fetch(this.info.url, { headers, signal: this.controller.signal });
      if (!response.ok) {
        const error = errorFromResponse(response.status, response.statusText, await response.text(), this.info, response.headers);
        if (error.status === 404 && error.code !== "task_not_found") throw new NoEventsEndpoint(error.message);
        throw error;
      }
    } catch (error) {
      throw this.failure(error);
    }
    if (!response.body) throw new ConnectionError(`${this.info.url}: the event stream has no body`, { request: this.info });
    this.alive();
    return response.body;
  }

  /** Called on every chunk: restarts the idle watchdog. */
  alive(): void {
    this.arm(this.idleTimeoutMs);
  }

  /** Turns an abort or network error into the SDK's error classes (user aborts stay as they are). */
  failure(error: unknown): unknown {
    if (this.signal?.aborted) return abortError(this.signal);
    if (error instanceof TaskApiError || error instanceof NoEventsEndpoint) return error;
    if (this.timedOut) {
      return new TimeoutError(`${this.info.method} ${this.info.url}: no data within the time limit`, {
        request: this.info,
        cause: error,
      });
    }
    const reason = error instanceof Error ? error.message : String(error);
    return new ConnectionError(`${this.info.method} ${this.info.url}: connection lost (${reason})`, {
      request: this.info,
      cause: error,
    });
  }

  close(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.signal?.removeEventListener("abort", this.onUserAbort);
    this.controller.abort();
  }

  private arm(ms: number): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timedOut = true;
      this.controller.abort();
    }, ms);
  }
}

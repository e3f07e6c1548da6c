/**
 * Structured JSON logs, one line each, on stderr so stdout stays free for the banner: pino,
 * writing through an asynchronous destination (sonic-boom) that never blocks the event loop
 * on a slow reader. Info lines are written in batches (when BATCH_BYTES are pending, or every
 * BATCH_MS): one write per line cost a system call per request, which at LOG_LEVEL=info
 * measured about 60 % more CPU per request than batches. Warnings and errors are written at
 * once. A reader that falls behind (a full pipe) makes the destination wait and retry, not
 * drop lines; what is pending is written before the process exits.
 *
 * Two settings keep a line cheap, since the access log writes one per request (measured with
 * tools/bench throughput and a CPU profile under wrk): the destination keeps pending lines as
 * Buffers (sonic-boom's "buffer" mode), because in its string mode it measures the whole pending
 * batch again for every line (Buffer.byteLength of a growing string, flattened each time); and
 * the ISO time is formatted once per millisecond, not once per line.
 *
 * The rest of the server sees only `Logger` (message first, then fields), so the domain does
 * not depend on pino's API.
 */
import pino, { type DestinationStream } from "pino";

export type LogLevel = "debug" | "info" | "warn" | "error" | "silent";
type WrittenLevel = Exclude<LogLevel, "silent">;

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  /** Whether lines of this level are written; lets a hot path skip building their fields. */
  enabled(level: WrittenLevel): boolean;
  /**
   * A logger whose lines carry `fields` first, then their own: pino serialises them once, so a
   * hot path that repeats the same few values (the access log's method, route and status) keeps one.
   */
  child(fields: Record<string, unknown>): Logger;
}

// 32 KiB rather than 8: a quarter of the writes, about 3 % fewer CPU seconds per request at
// LOG_LEVEL=info (tools/bench/src/cpu-per-request.mjs, ten rounds). sonic-boom writes at most
// maxWrite bytes at once (16 KiB by default) and needs minLength below it.
const BATCH_BYTES = 32 * 1024;
const BATCH_MS = 20;

/**
 * stderr, written asynchronously in batches; pino hands over strings, kept as Buffers until
 * written. Pending lines are flushed BATCH_MS after they came, by a timer that exists only
 * while lines are pending: sonic-boom's own `periodicFlush` runs on a fixed interval and on an
 * empty buffer still writes (`write(2, NULL, 0)`), so an idle server woke 50 times a second.
 * A flush asked for while a write is in flight does nothing in sonic-boom, and the lines that
 * came meanwhile stay pending after it: when it drains with bytes still pending (counted from
 * its `write` events), the timer is set again.
 */
const stderrDestination = (): DestinationStream & { flush(cb?: (err?: Error) => void): void } => {
  const boom = pino.destination({
    dest: 2,
    sync: false,
    minLength: BATCH_BYTES,
    maxWrite: 2 * BATCH_BYTES,
    contentMode: "buffer",
  });
  let pendingBytes = 0;
  let flushTimer: NodeJS.Timeout | undefined;
  const flushSoon = () => {
    if (flushTimer) return;
    // Never keeps the process alive: what is pending at exit is written by pino's exit handler.
    flushTimer = setTimeout(() => {
      flushTimer = undefined;
      boom.flush();
    }, BATCH_MS).unref();
  };
  boom.on("write", (written: number) => {
    pendingBytes -= written;
  });
  boom.on("drain", () => {
    if (pendingBytes > 0) flushSoon();
  });
  // sonic-boom's types only know strings; in "buffer" mode it takes Buffers. Looked up at each
  // call: on EPIPE pino replaces the stream's methods with no-ops.
  const buffers = boom as unknown as { write(data: Buffer): boolean };
  return {
    write: (line) => {
      const data = Buffer.from(line);
      pendingBytes += data.length;
      buffers.write(data);
      flushSoon();
    },
    flush: (cb) => boom.flush(cb),
  };
};

let timeOfMs = -1;
let timeText = "";
/** pino's `,"time":"<ISO 8601>"`, formatted once per millisecond: lines that share one share the text. */
const isoTime = (): string => {
  const now = Date.now();
  if (now !== timeOfMs) {
    timeOfMs = now;
    timeText = `,"time":"${new Date(now).toISOString()}"`;
  }
  return timeText;
};

/** Writes what is pending now, if the destination batches at all. */
const flusher = (destination: DestinationStream) => {
  const flush = (destination as { flush?: (cb?: (err?: Error) => void) => void }).flush;
  // No callback: sonic-boom answers one with an fsync of the file once the batch is written.
  return typeof flush === "function" ? () => flush.call(destination) : () => {};
};

/** A logger at `level`, writing to stderr (or to `destination`, for tests). */
export function createLogger(level: LogLevel = "info", destination: DestinationStream = stderrDestination()): Logger {
  const log = pino(
    {
      level,
      // `"level":"info"` and an ISO time, as the lines always read; no pid or hostname.
      base: undefined,
      formatters: { level: (label) => ({ level: label }) },
      timestamp: isoTime,
    },
    destination,
  );
  return wrap(log, flusher(destination));
}

/** The `Logger` face of a pino logger (or child) that writes to a destination flushed by `flush`. */
function wrap(log: pino.Logger, flush: () => void): Logger {
  const at =
    (lvl: WrittenLevel, urgent: boolean) =>
    (msg: string, fields?: Record<string, unknown>): void => {
      if (fields) log[lvl](fields, msg);
      else log[lvl](msg);
      if (urgent && log.isLevelEnabled(lvl)) flush();
    };
  return {
    debug: at("debug", false),
    info: at("info", false),
    warn: at("warn", true),
    error: at("error", true),
    enabled: (lvl) => log.isLevelEnabled(lvl),
    child: (fields) => wrap(log.child(fields), flush),
  };
}

const nowhere: DestinationStream = { write: () => {} };
export const silentLogger: Logger = createLogger("silent", nowhere);

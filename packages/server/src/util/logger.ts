import { writeSync } from "node:fs";

/** Structured JSON logs, one line each, on stderr so stdout stays free for the banner. */
const LEVELS = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 } as const;
export type LogLevel = keyof typeof LEVELS;

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  /** Whether lines of this level are written; lets a hot path skip building their fields. */
  enabled(level: Exclude<LogLevel, "silent">): boolean;
  /**
   * A line whose fields the caller has already written as JSON members (`"a":1,"b":"x"`), for
   * a hot path that can do that faster than JSON.stringify (one line per request).
   */
  prepared(level: Exclude<LogLevel, "silent">, msg: string, members: string): void;
}

/**
 * Writes to stderr in batches instead of once per line: stderr is a pipe in a pod, and pipe
 * writes are synchronous in Node, so a line per request would cost a system call per request
 * under load. A batch goes out after FLUSH_MS, at once when it reaches FLUSH_BYTES, and at
 * once with any warning or error (rare, and wanted promptly); what is pending is written
 * before the process exits, so only a kill -9 can lose the last FLUSH_MS of info lines.
 */
const FLUSH_MS = 20;
const FLUSH_BYTES = 64 * 1024;

/** How long one batch may wait for a stalled reader of stderr before it is dropped. */
const STALL_LIMIT_MS = 10_000;
const stallClock = new Int32Array(new SharedArrayBuffer(4));

/**
 * Writes all of `bytes` to stderr. Once anything in the process has touched process.stderr,
 * a pipe there is non-blocking: a write can take part of a batch, or none (EAGAIN) while the
 * reader (the container runtime) is behind. Node blocks on its own stdio writes to pipes; so
 * does this, in 1 ms steps, rather than lose or cut lines. Only a reader stalled for
 * STALL_LIMIT_MS loses the batch, so that a dead log pipe cannot hang the server.
 */
function writeAll(bytes: Buffer): void {
  let offset = 0;
  let stalledMs = 0;
  while (offset < bytes.length) {
    try {
      offset += writeSync(2, bytes, offset);
      stalledMs = 0;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EAGAIN" || stalledMs >= STALL_LIMIT_MS) return; // stderr is gone
      Atomics.wait(stallClock, 0, 0, 1);
      stalledMs += 1;
    }
  }
}

function batchedStderr(): (line: string, urgent: boolean) => void {
  // A string, not an array to join: V8 appends to it without copying until it is written.
  let pending = "";
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (pending === "") return;
    const text = pending;
    pending = "";
    writeAll(Buffer.from(text));
  };
  process.once("exit", flush);
  return (line, urgent) => {
    pending += line;
    if (urgent || pending.length >= FLUSH_BYTES) flush();
    // unref: a pending batch never keeps the process alive; "exit" writes it.
    else timer ??= setTimeout(flush, FLUSH_MS).unref();
  };
}

/** The ISO time, formatted once per millisecond: a busy server logs many lines in each. */
let lastMs = 0;
let lastIso = "";
function isoNow(): string {
  const now = Date.now();
  if (now !== lastMs) {
    lastMs = now;
    lastIso = new Date(now).toISOString();
  }
  return lastIso;
}

/**
 * `{"time":…,"level":…,"msg":…, …fields}`, without copying the fields into a new object. A
 * field named time, level or msg comes later in the line, so it wins in JSON.parse as it would
 * have in an object spread.
 */
function formatLine(level: string, msg: string, members: string): string {
  const head = `{"time":"${isoNow()}","level":"${level}","msg":${JSON.stringify(msg)}`;
  return members ? `${head},${members}}\n` : `${head}}\n`;
}

/** An object's JSON without its braces ("" for none or an empty one). */
const membersOf = (fields: Record<string, unknown> | undefined) => (fields ? JSON.stringify(fields).slice(1, -1) : "");

export function createLogger(level: LogLevel = "info", write: (line: string, urgent: boolean) => void = batchedStderr()): Logger {
  const min = LEVELS[level];
  const log = (lvl: Exclude<LogLevel, "silent">) => (msg: string, fields?: Record<string, unknown>) => {
    if (LEVELS[lvl] < min) return;
    write(formatLine(lvl, msg, membersOf(fields)), LEVELS[lvl] >= LEVELS.warn);
  };
  return {
    debug: log("debug"),
    info: log("info"),
    warn: log("warn"),
    error: log("error"),
    enabled: (lvl) => LEVELS[lvl] >= min,
    prepared: (lvl, msg, members) => {
      if (LEVELS[lvl] >= min) write(formatLine(lvl, msg, members), LEVELS[lvl] >= LEVELS.warn);
    },
  };
}

export const silentLogger: Logger = createLogger("silent");

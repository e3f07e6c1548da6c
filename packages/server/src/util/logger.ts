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
}

/**
 * Writes to stderr once per event-loop turn instead of once per line: stderr is a pipe in a
 * pod, and pipe writes are synchronous in Node, so a line per request would cost a system
 * call per request under load. Whatever is pending is written before the process exits.
 */
function batchedStderr(): (line: string) => void {
  let pending: string[] = [];
  const flush = () => {
    if (pending.length === 0) return;
    const text = pending.join("");
    pending = [];
    try {
      writeSync(2, text);
    } catch {
      // stderr is gone; nothing else to tell.
    }
  };
  process.once("exit", flush);
  return (line) => {
    if (pending.push(line) === 1) setImmediate(flush);
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
 * `{"time":…,"level":…,"msg":…, …fields}`, without copying the fields into a new object (one
 * line per request). A field named time, level or msg comes later in the line, so it wins in
 * JSON.parse as it would have in an object spread.
 */
function formatLine(level: string, msg: string, fields: Record<string, unknown> | undefined): string {
  const head = `{"time":"${isoNow()}","level":"${level}","msg":${JSON.stringify(msg)}`;
  const rest = fields ? JSON.stringify(fields) : "{}";
  return rest.length > 2 ? `${head},${rest.slice(1)}\n` : `${head}}\n`;
}

export function createLogger(level: LogLevel = "info", write: (line: string) => void = batchedStderr()): Logger {
  const min = LEVELS[level];
  const log = (lvl: Exclude<LogLevel, "silent">) => (msg: string, fields?: Record<string, unknown>) => {
    if (LEVELS[lvl] < min) return;
    write(formatLine(lvl, msg, fields));
  };
  return {
    debug: log("debug"),
    info: log("info"),
    warn: log("warn"),
    error: log("error"),
    enabled: (lvl) => LEVELS[lvl] >= min,
  };
}

export const silentLogger: Logger = createLogger("silent");

/**
 * Structured JSON logs, one line each, on stderr so stdout stays free for the banner: pino,
 * writing through an asynchronous destination (sonic-boom). Lines are written as soon as the
 * previous write finished, so they batch by themselves under load and never block the event
 * loop on a slow reader; a reader that falls behind (a full pipe) makes the destination wait
 * and retry, not drop lines; what is pending is written before the process exits.
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
}

/** stderr, written asynchronously. */
const stderrDestination = () => pino.destination({ dest: 2, sync: false });

/** A logger at `level`, writing to stderr (or to `destination`, for tests). */
export function createLogger(level: LogLevel = "info", destination: DestinationStream = stderrDestination()): Logger {
  const log = pino(
    {
      level,
      // `"level":"info"` and an ISO time, as the lines always read; no pid or hostname.
      base: undefined,
      formatters: { level: (label) => ({ level: label }) },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
  const at =
    (lvl: WrittenLevel) =>
    (msg: string, fields?: Record<string, unknown>): void =>
      fields ? log[lvl](fields, msg) : log[lvl](msg);
  return {
    debug: at("debug"),
    info: at("info"),
    warn: at("warn"),
    error: at("error"),
    enabled: (lvl) => log.isLevelEnabled(lvl),
  };
}

const nowhere: DestinationStream = { write: () => {} };
export const silentLogger: Logger = createLogger("silent", nowhere);

/**
 * One structured log line and one metrics observation per request, and the audit line of those
 * the audit log records (audit-hook.ts), once the answer is made (the request frame calls it).
 * Routes are logged as their pattern (never the raw URL, which may hold ids in odd shapes), and
 * nothing from headers or bodies: the token and prompts never reach the log.
 */
import type { Context } from "hono";
import { routePath } from "hono/route";
import type { Logger } from "../util/logger.js";
import type { AppEnv } from "./app-env.js";
import { auditRequest, isAudited } from "./audit-hook.js";

const TASK_ID_IN_PATH = /\/tasks\/([0-9]{1,12}-[0-9a-f]{8})(?:\/|$)/;

/**
 * Records the request that `res` answers (`started`: performance.now() when it came). A promise
 * only when an audit line is written: before the answer goes out, so a client that saw it can
 * rely on its line being there.
 */
export function recordRequest(c: Context<AppEnv>, res: Response, started: number): void | Promise<void> {
  const matched = routePath(c);
  const route = matched === "/*" || !matched ? "unmatched" : matched;
  if (!isAudited(c, res.status)) return observe(c, route, res.status, started);
  return auditRequest(c, route, res.status).then(
    () => observe(c, route, res.status, started),
    (err: Error) => {
      c.get("services").log.error("audit log write failed", { error: err.message });
      observe(c, route, res.status, started);
    },
  );
}

function observe(c: Context<AppEnv>, route: string, statusCode: number, started: number): void {
  const { log, metrics } = c.get("services");
  const status = String(statusCode);
  const seconds = (performance.now() - started) / 1000;
  metrics?.observeRequest(c.req.method, route, status, seconds);
  // Runs on every request: build the line only when it will be written.
  if (!log.enabled("info")) return;
  const taskId = TASK_ID_IN_PATH.exec(c.req.path)?.[1];
  const duration_ms = Math.round(seconds * 10_000) / 10;
  // The line's own fields as one literal each way, not a spread of one into the other (the copy,
  // and pino's walk of it, measured about 2 µs a request).
  seriesLog(log, c.req.method, route, status).info(
    "request",
    taskId === undefined ? { duration_ms } : { duration_ms, task_id: taskId },
  );
}

/**
 * Per logger, one child per method, route and status, carrying them: their JSON is made once,
 * and the line reads as before (level, time, method, route, status, duration_ms, task_id, msg).
 * As few as the metrics' series: methods Node parses, route patterns, statuses.
 */
const seriesLogs = new WeakMap<Logger, Map<string, Logger>>();

function seriesLog(log: Logger, method: string, route: string, status: string): Logger {
  let children = seriesLogs.get(log);
  if (!children) {
    children = new Map();
    seriesLogs.set(log, children);
  }
  const key = `${method} ${status} ${route}`;
  let child = children.get(key);
  if (!child) {
    child = log.child({ method, route, status });
    children.set(key, child);
  }
  return child;
}

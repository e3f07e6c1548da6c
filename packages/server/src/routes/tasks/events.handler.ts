/**
 * GET /api/claude/tasks/{id}/events: the task's log as server-sent events. Each line of
 * output.log is one event whose id is its end position in the file, so a client that
 * reconnects with Last-Event-ID (or ?after=) resumes exactly after what it saw, even across
 * server restarts; ?tail=N starts with the last N lines. Status changes arrive as `status`
 * events; `end` closes a finished stream.
 */
import { parseExitMarker } from "@claude-task-api/sdk/protocol";
import type { RouteHandler } from "@hono/zod-openapi";
import { streamSSE } from "hono/streaming";
import { AppError } from "../../errors.js";
import type { AppEnv } from "../../http/app-env.js";
import { isLineBoundary, type LogLine } from "../../tasks/output/log-follower.js";
import { tailStart } from "../../tasks/output/output-log.js";
import { isFinishedTask, type TaskRecord } from "../../tasks/task-model.js";
import type * as routes from "./tasks.routes.js";
import { statusView } from "./tasks.views.js";

const HEARTBEAT_MS = 15_000;

/** The SSE event name and data for one log line. */
export function lineEvent(text: string): { event: string; data: string } {
  const exitCode = parseExitMarker(text);
  if (exitCode !== undefined) return { event: "exit", data: JSON.stringify({ exit_code: exitCode }) };
  if (text.startsWith("{")) {
    try {
      const type = (JSON.parse(text) as { type?: unknown }).type;
      if (typeof type === "string" && /^[A-Za-z0-9_.-]{1,64}$/.test(type)) return { event: type, data: text };
    } catch {
      // Not JSON after all: plain output.
    }
  }
  // SSE data may not contain CR either; other output (stderr) travels as a JSON string.
  return { event: "text", data: JSON.stringify(text) };
}

const statusKey = (t: TaskRecord) => `${t.status}|${t.runs.map((r) => r.state).join(",")}`;

export const streamTaskEvents: RouteHandler<typeof routes.streamTaskEvents, AppEnv> = async (c) => {
  const { tasks, paths, followers } = c.get("services");
  const id = c.req.valid("param").task_id;
  const header = c.req.valid("header")["last-event-id"];
  const { after, tail } = c.req.valid("query");
  await tasks.get(id); // 404 before any stream starts
  const log = paths.outputLog(id);
  // Resuming wins over tail: a client reconnecting with the URL it started with continues.
  // Only an id from the client needs checking; tailStart always lands on a line boundary.
  const resumeAfter = header !== undefined ? Number(header) : after;
  if (resumeAfter !== undefined && !(await isLineBoundary(log, resumeAfter))) {
    throw new AppError("validation_failed", `No event of this task has id ${resumeAfter}; resume with an id the stream sent`);
  }
  const from = resumeAfter ?? (tail === undefined ? 0 : await tailStart(log, tail));

  // Proxies (nginx) must pass events through as they come.
  c.header("Cache-Control", "no-cache, no-transform");
  c.header("X-Accel-Buffering", "no");
  return streamSSE(c, async (stream) => {
    let sent = from;
    let lastStatus = "";
    let ended = false;
    // All writes go through one chain so events never interleave or reorder.
    let chain: Promise<void> = Promise.resolve();
    const write = (message: Parameters<typeof stream.writeSSE>[0]) => {
      chain = chain.then(() => (stream.aborted || ended ? undefined : stream.writeSSE(message))).catch(() => {});
      return chain;
    };
    const sendLines = (lines: LogLine[]) => {
      for (const line of lines) {
        if (line.end <= sent) continue;
        sent = line.end;
        void write({ ...lineEvent(line.text), id: String(line.end) });
      }
    };
    const sendStatus = (t: TaskRecord) => {
      const key = statusKey(t);
      if (key === lastStatus) return;
      lastStatus = key;
      void write({ event: "status", data: JSON.stringify(statusView(t)) });
    };

    let finish: () => void = () => {};
    const finished = new Promise<void>((resolve) => {
      finish = resolve;
    });
    const subscription = await followers.subscribe(log, from, sendLines);
    const endIfDone = async (t: TaskRecord) => {
      if (!isFinishedTask(t.status) || ended) return;
      // Everything the last run wrote is on disk before its exit is recorded: read it all first.
      await subscription.flush();
      await write({ event: "end", data: JSON.stringify({ status: t.status }) });
      ended = true;
      finish();
    };
    const unsubscribe = tasks.onChange((t) => {
      if (t.task_id !== id) return;
      sendStatus(t);
      void endIfDone(t);
    });
    const heartbeat = setInterval(() => {
      chain = chain
        .then(() => stream.write(": heartbeat\n\n"))
        .then(
          () => undefined,
          () => undefined,
        );
    }, HEARTBEAT_MS);
    stream.onAbort(() => finish());

    // Read again now that we listen: the task may have finished in between.
    const current = await tasks.get(id);
    sendStatus(current);
    void endIfDone(current);
    await finished;
    clearInterval(heartbeat);
    unsubscribe();
    subscription.close();
    await chain;
  });
};

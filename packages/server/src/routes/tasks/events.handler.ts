/**
 * GET /api/claude/tasks/{id}/events: the task's feed (tasks/output/task-event-feed.ts) as
 * server-sent events. A line's event id is its position in output.log, so a client that
 * reconnects with Last-Event-ID (or ?after=) resumes exactly after what it saw; ?tail=N
 * starts with the last N lines. A run's exit (its real exit marker line, not a copy a tool
 * wrote) arrives as `exit`, status changes as `status` events; `end` closes a finished
 * stream. This file only frames the feed for SSE.
 */
import type { RouteHandler } from "@hono/zod-openapi";
import { streamSSE } from "hono/streaming";
import type * as routes from "../../generated/routes.js";
import type { AppEnv } from "../../http/app-env.js";
import type { FeedItem } from "../../tasks/output/task-event-feed.js";
import { statusView } from "./tasks.views.js";

const HEARTBEAT_MS = 15_000;

/** The SSE event name and data for one log line (a run's exit comes as its own item). */
function lineEvent(text: string): { event: string; data: string } {
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

function sseMessage(item: FeedItem): { event: string; data: string; id?: string } {
  switch (item.type) {
    case "line":
      return { ...lineEvent(item.line.text), id: String(item.line.end) };
    case "exit":
      return { event: "exit", data: JSON.stringify({ exit_code: item.exit_code }), id: String(item.line.end) };
    case "status":
      return { event: "status", data: JSON.stringify(statusView(item.task)) };
    case "end":
      return { event: "end", data: JSON.stringify({ status: item.status }) };
  }
}

export const streamTaskEvents: RouteHandler<typeof routes.streamTaskEvents, AppEnv> = async (c) => {
  const { events, log } = c.get("services");
  const header = c.req.valid("header")["last-event-id"];
  const { after, tail } = c.req.valid("query");
  const id = c.req.valid("param").task_id;
  // Resuming wins over tail: a client reconnecting with the URL it started with continues.
  const feed = await events.open(id, { after: header !== undefined ? Number(header) : after, tail });

  // Proxies (nginx) must pass events through as they come.
  c.header("Cache-Control", "no-cache, no-transform");
  c.header("X-Accel-Buffering", "no");
  return streamSSE(c, async (stream) => {
    // The client may have left while the feed was opened: the request's signal says so even
    // when the stream never starts; the stream's abort covers a client that leaves later.
    const left = new AbortController();
    const leave = () => left.abort();
    if (c.req.raw.signal.aborted) leave();
    c.req.raw.signal.addEventListener("abort", leave, { once: true });
    stream.onAbort(leave);
    // One write at a time, each awaited: the feed sends the next event only once the client
    // took this one (backpressure), and a heartbeat goes out only while nothing is in flight.
    let inFlight = false;
    const write = async (send: () => Promise<unknown>) => {
      inFlight = true;
      try {
        await send();
      } finally {
        inFlight = false;
      }
    };
    const heartbeat = setInterval(() => {
      if (!inFlight && !stream.aborted) void write(() => stream.write(": heartbeat\n\n"));
    }, HEARTBEAT_MS);
    try {
      const ended = await feed.run((item) => write(() => stream.writeSSE(sseMessage(item))), left.signal);
      if (ended === "too_slow") {
        log.warn("event stream client dropped: it fell too far behind", { task_id: id });
        // Its socket is full: nothing more can be written, so the connection is closed outright.
        c.env?.outgoing?.destroy();
        stream.abort();
      }
    } finally {
      clearInterval(heartbeat);
      c.req.raw.signal.removeEventListener("abort", leave);
    }
  });
};

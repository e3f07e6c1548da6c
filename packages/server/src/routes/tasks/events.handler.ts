/**
 * GET /api/claude/tasks/{id}/events: the task's feed (tasks/output/task-event-feed.ts) as
 * server-sent events. A line's event id is its position in output.log, so a client that
 * reconnects with Last-Event-ID (or ?after=) resumes exactly after what it saw; ?tail=N
 * starts with the last N lines. Status changes arrive as `status` events; `end` closes a
 * finished stream. This file only frames the feed for SSE.
 */
import { parseExitMarker } from "@claude-task-api/sdk/protocol";
import type { RouteHandler } from "@hono/zod-openapi";
import { streamSSE } from "hono/streaming";
import type * as routes from "../../generated/routes.js";
import type { AppEnv } from "../../http/app-env.js";
import type { FeedItem } from "../../tasks/output/task-event-feed.js";
import { statusView } from "./tasks.views.js";

const HEARTBEAT_MS = 15_000;

/** The SSE event name and data for one log line. */
function lineEvent(text: string): { event: string; data: string } {
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

function sseMessage(item: FeedItem): { event: string; data: string; id?: string } {
  switch (item.type) {
    case "line":
      return { ...lineEvent(item.line.text), id: String(item.line.end) };
    case "status":
      return { event: "status", data: JSON.stringify(statusView(item.task)) };
    case "end":
      return { event: "end", data: JSON.stringify({ status: item.status }) };
  }
}

export const streamTaskEvents: RouteHandler<typeof routes.streamTaskEvents, AppEnv> = async (c) => {
  const { events } = c.get("services");
  const header = c.req.valid("header")["last-event-id"];
  const { after, tail } = c.req.valid("query");
  // Resuming wins over tail: a client reconnecting with the URL it started with continues.
  const feed = await events.open(c.req.valid("param").task_id, { after: header !== undefined ? Number(header) : after, tail });

  // Proxies (nginx) must pass events through as they come.
  c.header("Cache-Control", "no-cache, no-transform");
  c.header("X-Accel-Buffering", "no");
  return streamSSE(c, async (stream) => {
    // Events and heartbeats share one chain, so they never interleave.
    let chain: Promise<unknown> = Promise.resolve();
    const write = (send: () => Promise<unknown>) => {
      chain = chain.then(() => (stream.aborted ? undefined : send())).catch(() => {});
      return chain.then(() => undefined);
    };
    const heartbeat = setInterval(() => void write(() => stream.write(": heartbeat\n\n")), HEARTBEAT_MS);
    const aborted = new Promise<void>((resolve) => stream.onAbort(resolve));
    await feed.run((item) => write(() => stream.writeSSE(sseMessage(item))), aborted);
    clearInterval(heartbeat);
    await chain;
  });
};

/**
 * The SSE parser and the event-stream follower against a local HTTP server that writes events
 * by hand: chunking, reconnects with Last-Event-ID, the idle watchdog, giving up, fallback.
 */
import type { ServerResponse } from "node:http";
import { fakeTask, json, type LocalRequest, type LocalServer, startLocalServer, unusedUrl } from "@claude-task-api/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { eventStreamLineSource } from "../src/event-stream.js";
import type { LineSource } from "../src/follow.js";
import {
  APIUserAbortError,
  ConnectionError,
  createClient,
  type FollowStatus,
  resolveOptions,
  type SseMessage,
  SseParser,
  UnauthorizedError,
} from "../src/index.js";
import { readSse } from "../src/sse.js";

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const ID = "1707000000-a1b2c3d4";
const EVENTS = `/api/claude/tasks/${ID}/events`;

describe("SseParser", () => {
  const stream = [
    "\uFEFF: a comment\n",
    'event: assistant\r\nid: 10\r\ndata: {"a":1}\r\n\r\n',
    'event: text\rdata: "two"\rdata: lines\rid: 20\r\r',
    "data:no-space\nid: 3\u00000\n\n",
    "retry: 500\nevent: end\ndata: {}\n\n",
    "id: 99\n\n", // no data: nothing is dispatched
    "event: partial\ndata: never finished",
  ].join("");
  const expected: SseMessage[] = [
    { event: "assistant", data: '{"a":1}', id: "10", retry: undefined },
    { event: "text", data: '"two"\nlines', id: "20", retry: undefined },
    { event: "message", data: "no-space", id: undefined, retry: undefined },
    { event: "end", data: "{}", id: undefined, retry: 500 },
  ];

  it("parses LF, CRLF and CR lines, comments, BOM, multi-line data; ignores ids with NUL", () => {
    expect(new SseParser().push(stream)).toEqual(expected);
  });

  it("gives the same events however the text is split (CRLF split across chunks too)", () => {
    for (let size = 1; size <= 7; size++) {
      const parser = new SseParser();
      const messages: SseMessage[] = [];
      for (let i = 0; i < stream.length; i += size) messages.push(...parser.push(stream.slice(i, i + size)));
      expect(messages).toEqual(expected);
    }
  });

  it("readSse decodes UTF-8 split inside a character", async () => {
    const bytes = new TextEncoder().encode("data: héllo ✓\n\n");
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const byte of bytes) controller.enqueue(new Uint8Array([byte]));
        controller.close();
      },
    });
    const messages: SseMessage[] = [];
    for await (const message of readSse(body)) messages.push(message);
    expect(messages.map((m) => m.data)).toEqual(["héllo ✓"]);
  });
});

/** Log lines of a small task, with their event ids (byte offsets after each line). */
const LOG = [
  JSON.stringify({ type: "system", subtype: "init", session_id: "s" }),
  "plain stderr text",
  JSON.stringify({ type: "assistant", message: { content: [{ type: "text", text: "hi" }] } }),
  JSON.stringify({ type: "result", subtype: "success", is_error: false, result: "hi" }),
  "__CLAUDE_EXIT_CODE_0__",
];
let offset = 0;
const OFFSETS = LOG.map((line) => {
  offset += Buffer.byteLength(line) + 1;
  return offset;
});

function sseEvent(index: number): string {
  const line = LOG[index] as string;
  const exit = /^__CLAUDE_EXIT_CODE_(\d+)__$/.exec(line);
  const [event, data] = exit
    ? ["exit", JSON.stringify({ exit_code: Number(exit[1]) })]
    : line.startsWith("{")
      ? [JSON.parse(line).type as string, line]
      : ["text", JSON.stringify(line)];
  return `event: ${event}\ndata: ${data}\nid: ${OFFSETS[index]}\n\n`;
}

const status = (state: string) =>
  `event: status\ndata: ${JSON.stringify({ task_id: ID, status: state, runs: [{ index: 0, state }] })}\n\n`;

/** Serves the log from the request's Last-Event-ID; `plan(n)` says how many lines connection n sends before dropping. */
function logServer(plan: (connection: number) => number | "all") {
  let connection = 0;
  return (req: LocalRequest, res: ServerResponse) => {
    if (!req.url.startsWith(EVENTS)) return json(res, 404, { error: "no", code: "not_found" });
    const from = Number(req.headers["last-event-id"] ?? 0);
    const start = from === 0 ? 0 : OFFSETS.indexOf(from) + 1;
    const count = plan(connection++);
    res.writeHead(200, { "Content-Type": "text/event-stream" });
    res.write(status("running"));
    const end = count === "all" ? LOG.length : Math.min(LOG.length, start + count);
    for (let i = start; i < end; i++) res.write(sseEvent(i));
    if (count === "all") {
      res.write(status("completed"));
      res.end('event: end\ndata: {"status":"completed"}\n\n');
    } else {
      setTimeout(() => res.socket?.destroy(), 50); // the connection drops mid-stream
    }
  };
}

async function collect(lines: AsyncIterable<string>): Promise<string[]> {
  const seen: string[] = [];
  for await (const line of lines) seen.push(line);
  return seen;
}

describe("followOutputLines over the event stream", () => {
  it("yields every log line once, in order, across dropped connections (resuming with Last-Event-ID)", async () => {
    server = await startLocalServer(logServer((n) => (n < 3 ? 1 : "all")));
    const statuses: FollowStatus[] = [];
    const client = createClient({ baseUrl: server.url, token: "t" });
    expect(await collect(client.followOutputLines(ID, { onStatus: (s) => statuses.push(s) }))).toEqual(LOG);
    const events = server.requests.filter((r) => r.url === EVENTS);
    expect(events.map((r) => r.headers["last-event-id"])).toEqual([undefined, ...OFFSETS.slice(0, 3).map(String)]);
    expect(events[0]?.headers.authorization).toBe("Bearer t");
    expect(events[0]?.headers.accept).toBe("text/event-stream");
    // Repeated status events after each reconnect are reported once per change.
    expect(statuses.map((s) => s.status)).toEqual(["running", "completed"]);
  });

  it("skips fromLine lines, starts after an event id, and parses events", async () => {
    server = await startLocalServer(logServer(() => "all"));
    const client = createClient({ baseUrl: server.url });
    expect(await collect(client.followOutputLines(ID, { fromLine: 3 }))).toEqual(LOG.slice(3));
    expect(await collect(client.followOutputLines(ID, { after: OFFSETS[1] }))).toEqual(LOG.slice(2));
    expect(server.requests.at(-1)?.headers["last-event-id"]).toBe(String(OFFSETS[1]));
    const types: string[] = [];
    for await (const event of client.followOutput(ID)) types.push(event.type);
    expect(types).toEqual(["system", "unknown", "assistant", "result", "exit"]);
  });

  it("asks for ?tail=N on the first connection only, then resumes with Last-Event-ID", async () => {
    const urls: string[] = [];
    let connection = 0;
    server = await startLocalServer((req, res) => {
      urls.push(req.url);
      res.writeHead(200, { "Content-Type": "text/event-stream" });
      if (connection++ === 0) {
        res.write(sseEvent(2)); // the server's tail of 3: lines 2, 3, 4; this connection drops after one
        return void setTimeout(() => res.socket?.destroy(), 50);
      }
      expect(req.headers["last-event-id"]).toBe(String(OFFSETS[2]));
      for (let i = 3; i < LOG.length; i++) res.write(sseEvent(i));
      res.end("event: end\ndata: {}\n\n");
    });
    const client = createClient({ baseUrl: server.url });
    expect(await collect(client.followOutputLines(ID, { tail: 3 }))).toEqual(LOG.slice(2));
    expect(urls).toEqual([`${EVENTS}?tail=3`, EVENTS]);
    expect(() => client.followOutputLines(ID, { tail: 0 })).toThrow(RangeError);
    expect(() => client.followOutputLines(ID, { tail: 100_001 })).toThrow(RangeError);
  });

  it("a silent connection is dropped after the idle timeout and resumed", async () => {
    const resumedFrom: Array<string | undefined> = [];
    server = await startLocalServer((req, res) => {
      res.writeHead(200, { "Content-Type": "text/event-stream" });
      const from = req.headers["last-event-id"] as string | undefined;
      resumedFrom.push(from);
      if (from === undefined) return void res.write(sseEvent(0)); // then silence, socket left open
      for (let i = 1; i < LOG.length; i++) res.write(sseEvent(i));
      res.end("event: end\ndata: {}\n\n");
    });
    const options = resolveOptions({ baseUrl: server.url });
    const noFallback: LineSource = () => {
      throw new Error("no fallback expected");
    };
    const source = eventStreamLineSource(options, noFallback, { idleTimeoutMs: 300 });
    expect(await collect(source(ID, { fromLine: 0, intervalMs: 10 }))).toEqual(LOG);
    // Only the watchdog ends a silent connection: the client came back after the event it had.
    // (A stall before that event arrived makes the watchdog drop a first connection earlier;
    // it is then simply opened again.)
    expect(resumedFrom.at(-1)).toBe(String(OFFSETS[0]));
    expect(resumedFrom.filter((from) => from !== undefined)).toHaveLength(1);
  });

  it("gives up after maxReconnects failed connections with a ConnectionError", async () => {
    const client = createClient({ baseUrl: await unusedUrl() });
    const started = Date.now();
    const error = await collect(client.followOutputLines(ID, { maxReconnects: 2 })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250); // it backed off between attempts
  });

  it("does not retry a 401; retries a 503", async () => {
    let calls = 0;
    server = await startLocalServer((_req, res) => {
      calls += 1;
      json(res, 401, { error: "bad token", code: "unauthorized" });
    });
    await expect(collect(createClient({ baseUrl: server.url }).followOutputLines(ID))).rejects.toBeInstanceOf(UnauthorizedError);
    expect(calls).toBe(1);
    await server.close();

    let served = 0;
    server = await startLocalServer((req, res) => {
      if (served++ === 0) return json(res, 503, { error: "restarting", code: "internal_error" });
      logServer(() => "all")(req, res);
    });
    expect(await collect(createClient({ baseUrl: server.url }).followOutputLines(ID))).toEqual(LOG);
  });

  it("stops when the signal aborts, even while connected", async () => {
    server = await startLocalServer((_req, res) => {
      res.writeHead(200, { "Content-Type": "text/event-stream" });
      res.write(status("running"));
    });
    const controller = new AbortController();
    const reason = new Error("enough");
    setTimeout(() => controller.abort(reason), 150);
    const client = createClient({ baseUrl: server.url });
    const error = await collect(client.tasks.followLines(ID, { signal: controller.signal })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect((error as APIUserAbortError).cause).toBe(reason);
  });

  it("falls back to polling a server without the endpoint (route 404), but not for an unknown task", async () => {
    server = await startLocalServer((req, res) => {
      if (req.url === EVENTS) return json(res, 404, { error: "Not found", code: "not_found" });
      if (req.url.startsWith(`${EVENTS.replace("/events", "")}/output`))
        return res.writeHead(200, { "Content-Type": "text/plain" }).end(`${LOG.join("\n")}\n`);
      json(res, 200, fakeTask({ status: "completed" }));
    });
    expect(await collect(createClient({ baseUrl: server.url }).followOutputLines(ID))).toEqual(LOG);
    await server.close();
    server = await startLocalServer((_req, res) => json(res, 404, { error: "Task not found", code: "task_not_found" }));
    await expect(collect(createClient({ baseUrl: server.url }).followOutputLines(ID))).rejects.toThrow("Task not found");
  });
});

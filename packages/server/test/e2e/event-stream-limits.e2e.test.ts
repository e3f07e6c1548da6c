/**
 * Event streams against clients that misbehave: clients that never read must not grow the
 * server, a stuck client is dropped, clients beyond the caps are refused, and clients that
 * leave at once leave no file watch behind.
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { startTestServer, type TestServer, waitFor } from "@claude-task-api/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api } from "../helpers/api.js";
import { seededId, writeFinishedTask } from "../helpers/seed-tasks.js";

let server: TestServer;
let t: ReturnType<typeof api>;

const STALL_SECONDS = 3;
beforeAll(async () => {
  server = await startTestServer({
    env: {
      EVENT_SUBSCRIBER_STALL_SECONDS: String(STALL_SECONDS),
      MAX_EVENT_SUBSCRIBERS_PER_TASK: "40",
      MAX_EVENT_SUBSCRIBERS: "44",
    },
  });
  t = api(server);
});
afterAll(() => server?.stop());

const pid = () => {
  if (server.pid === undefined) throw new Error("the server is not running");
  return server.pid;
};
/** The server's resident memory in MiB (VmRSS). */
const rssMiB = () => Number(/^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid()}/status`, "utf8"))?.[1]) / 1024;

/** inotify watches the server holds (each fs.watch of a folder is one). */
function inotifyWatches(): number {
  let n = 0;
  for (const fd of readdirSync(`/proc/${pid()}/fdinfo`)) {
    try {
      n += readFileSync(`/proc/${pid()}/fdinfo/${fd}`, "utf8")
        .split("\n")
        .filter((l) => l.startsWith("inotify wd:")).length;
    } catch {
      // The descriptor closed while we looked.
    }
  }
  return n;
}

/** A gauge from GET /metrics. */
async function gauge(name: string): Promise<number> {
  const text = (await t.call("GET", "/api/claude/metrics")).text;
  const match = new RegExp(`^${name} (\\d+)$`, "m").exec(text);
  if (!match) throw new Error(`no ${name} in /metrics`);
  return Number(match[1]);
}

/** A raw HTTP client that sends the request and then never reads: its socket fills up. */
function neverReading(urlPath: string): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(server.port, "127.0.0.1", () => {
      socket.write(`GET ${urlPath} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${server.token}\r\n\r\n`);
      socket.pause();
      resolve(socket);
    });
    socket.on("error", () => {});
    socket.once("error", reject);
  });
}

/** Reads whatever the socket still has until the server closes it; the bytes received. */
function drainToClose(socket: net.Socket): Promise<number> {
  return new Promise((resolve) => {
    let bytes = 0;
    socket.on("data", (d: Buffer) => {
      bytes += d.length;
    });
    socket.on("close", () => resolve(bytes));
    socket.resume();
  });
}

/** A finished task from the seed server's era with a log of about `mib` MiB of stream-json lines. */
function bigFinishedTask(mib: number): string {
  const id = seededId(1700000000, 1);
  writeFinishedTask(server.tasksDir, id, 1700000000);
  const line = `${JSON.stringify({ type: "assistant", message: { content: [{ type: "text", text: "x".repeat(1000) }] } })}\n`;
  const log = line.repeat(Math.ceil((mib * 1024 * 1024) / line.length));
  writeFileSync(path.join(server.tasksDir, id, "output.log"), log);
  return id;
}

describe("event streams and clients that misbehave", () => {
  it("clients that never read a 30 MB log cost bounded memory and are dropped once stuck; a tail reads at most MAX_TAIL_BYTES", async () => {
    const id = bigFinishedTask(30);
    await server.restart(); // loads the seeded task
    const logBytes = Number(readFileSync(path.join(server.tasksDir, id, "output.log")).length);
    expect((await t.get(id)).json.status).toBe("completed");
    const before = rssMiB();

    const clients: net.Socket[] = [];
    for (let i = 0; i < 5; i++) clients.push(await neverReading(`/api/claude/tasks/${id}/events`));
    for (let i = 0; i < 5; i++) clients.push(await neverReading(`/api/claude/tasks/${id}/events?tail=100000`));
    // Every client is dropped once it has accepted nothing for EVENT_SUBSCRIBER_STALL_SECONDS;
    // until then the server must not hold their backlog. Watch memory until they are gone (or
    // until it has clearly grown: then there is no need to wait longer to know).
    // Measured: about +55 MiB here while 10 clients fill their sockets; the old server passed
    // 100 MiB within seconds on its way to hundreds.
    const LIMIT_MIB = 100;
    let peak = 0;
    await waitFor(
      "the stuck clients to be dropped, or memory to grow",
      async () => {
        peak = Math.max(peak, rssMiB());
        expect((await t.call("GET", "/healthz")).status).toBe(200);
        if (peak - before >= LIMIT_MIB) return true;
        const open = await gauge("claude_task_event_subscribers").catch(() => -1);
        return open === 0 ? true : undefined;
      },
      60_000,
    );
    peak = Math.max(peak, rssMiB());
    // Holding the backlog of a few clients would pass it (30 MB each).
    expect(peak - before).toBeLessThan(LIMIT_MIB);
    expect(await gauge("claude_task_event_log_watches")).toBe(0);
    // Each connection was closed by the server, long before its stream was complete.
    const received = await Promise.all(clients.map(drainToClose));
    for (const bytes of received) expect(bytes).toBeLessThan(logBytes);

    // A tail reads back at most MAX_TAIL_BYTES (8 MiB by default), whole lines only.
    const tail = await t.output(id, "?tail=100000");
    expect(tail.status).toBe(200);
    expect(Buffer.byteLength(tail.text)).toBeLessThanOrEqual(8 * 1024 * 1024);
    expect(Buffer.byteLength(tail.text)).toBeGreaterThan(7 * 1024 * 1024);
    expect(tail.text.startsWith('{"type":"assistant"')).toBe(true);
    expect(tail.text.endsWith("}\n")).toBe(true);
  }, 180_000);

  // Two runs that wait until killed, shared by the tests that only open and close streams on
  // them: one for the streams of one task, the other to reach the server-wide cap.
  describe("on running tasks", () => {
    let a: string;
    let b: string;
    beforeAll(async () => {
      const start = async (name: string) =>
        (await t.create({ prompt: `${name}\n@sleep 600000\n@reply never` })).json.task_id as string;
      a = await start("stream task a");
      b = await start("stream task b");
      await waitFor("both runs to reach the model", async () =>
        ["stream task a", "stream task b"].every((name) => server.model.requests.some((r) => r.prompt?.includes(name)))
          ? true
          : undefined,
      );
    });
    afterAll(async () => {
      await Promise.all([t.kill(a), t.kill(b)]);
    });

    it("leaves no file watch behind when 20 clients leave at once while the task runs", async () => {
      // Both runs are up and their monitors watch their runs/ folders; no stream is open.
      const baseline = inotifyWatches();
      // Each client sends its request and leaves at once, before the answer.
      const sockets = await Promise.all(Array.from({ length: 20 }, () => neverReading(`/api/claude/tasks/${a}/events`)));
      for (const socket of sockets) socket.destroy();
      // And 20 more that leave after the stream started (by then the server has taken the
      // requests of the first 20 too).
      const started = await Promise.all(
        Array.from({ length: 20 }, async () => {
          const controller = new AbortController();
          const res = await fetch(`${server.url}/api/claude/tasks/${a}/events`, {
            headers: { authorization: `Bearer ${server.token}` },
            signal: controller.signal,
          });
          expect(res.status).toBe(200);
          return controller;
        }),
      );
      for (const controller of started) controller.abort();
      await waitFor(
        "every watch of the streams to be released",
        async () => (inotifyWatches() === baseline ? true : undefined),
        20_000,
      );
      expect(await gauge("claude_task_event_subscribers")).toBe(0);
      expect(await gauge("claude_task_event_log_watches")).toBe(0);
      expect((await t.get(a)).json.status).toBe("running");
    });

    it("refuses clients beyond MAX_EVENT_SUBSCRIBERS_PER_TASK and MAX_EVENT_SUBSCRIBERS with 503 too_many_subscribers", async () => {
      const open = async (id: string) => {
        const controller = new AbortController();
        const res = await fetch(`${server.url}/api/claude/tasks/${id}/events`, {
          headers: { authorization: `Bearer ${server.token}` },
          signal: controller.signal,
        });
        return { res, close: () => controller.abort() };
      };
      const streams = [];
      for (let i = 0; i < 40; i++) streams.push(await open(a));
      expect(streams.map((s) => s.res.status)).toEqual(Array(40).fill(200));
      const perTask = await open(a);
      expect(perTask.res.status).toBe(503);
      expect(await perTask.res.json()).toMatchObject({ code: "too_many_subscribers", error: /MAX_EVENT_SUBSCRIBERS_PER_TASK/ });
      for (let i = 0; i < 4; i++) streams.push(await open(b));
      const total = await open(b);
      expect(total.res.status).toBe(503);
      expect(await total.res.json()).toMatchObject({ code: "too_many_subscribers", error: /MAX_EVENT_SUBSCRIBERS\)/ });
      for (const s of streams) s.close();
      await waitFor("the streams to close", async () =>
        (await gauge("claude_task_event_subscribers")) === 0 ? true : undefined,
      );
      expect((await open(b)).res.status).toBe(200);
    });
  });
});

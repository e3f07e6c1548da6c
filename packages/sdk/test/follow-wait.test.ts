import { fakeTask, json, type LocalServer, startLocalServer } from "@claude-task-api/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { splitLines } from "../src/follow.js";
import { APIUserAbortError, createClient, type StreamEvent, type TaskDetail, WaitTimeoutError } from "../src/index.js";

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const ID = "1707000000-a1b2c3d4";

/**
 * A task whose log grows by one chunk per output request, the last chunk ending with a half
 * written line, and which settles after the script runs out.
 */
function scriptedTask(chunks: string[], finalStatus: "completed" | "error" = "completed") {
  let log = "";
  let served = 0;
  return (req: { url: string }, res: Parameters<Parameters<typeof startLocalServer>[0]>[1]) => {
    const settled = served >= chunks.length;
    if (req.url === `/api/claude/tasks/${ID}`) return json(res, 200, fakeTask({ status: settled ? finalStatus : "running" }));
    if (req.url.startsWith(`/api/claude/tasks/${ID}/output`)) {
      log += chunks[served] ?? "";
      served += 1;
      return res.writeHead(200, { "Content-Type": "text/plain" }).end(log);
    }
    json(res, 404, { error: "no", code: "not_found" });
  };
}

const line = (text: string) => JSON.stringify({ type: "assistant", message: { content: [{ type: "text", text }] } });

describe("followOutputLines / followOutput", () => {
  it("yields each complete line once, holds back a half-written line, ends when the task settles", async () => {
    server = await startLocalServer(
      scriptedTask([
        `${line("a")}\n`,
        `${line("b")}\n{"type":"res`,
        `ult","subtype":"success","is_error":false}\n`,
        "__CLAUDE_EXIT_CODE_0__",
      ]),
    );
    const client = createClient({ baseUrl: server.url });
    const lines: string[] = [];
    for await (const l of client.followOutputLines(ID, { intervalMs: 10 })) lines.push(l);
    expect(lines).toEqual([
      line("a"),
      line("b"),
      '{"type":"result","subtype":"success","is_error":false}',
      "__CLAUDE_EXIT_CODE_0__",
    ]);
  });

  it("parses events and can skip lines already shown", async () => {
    server = await startLocalServer(scriptedTask([`${line("a")}\n${line("b")}\n`, "__CLAUDE_EXIT_CODE_1__\n"], "error"));
    const client = createClient({ baseUrl: server.url });
    const events: StreamEvent[] = [];
    for await (const event of client.followOutput(ID, { intervalMs: 10, fromLine: 1 })) events.push(event);
    expect(events.map((e) => e.type)).toEqual(["assistant", "exit"]);
    expect(events[1]).toEqual({ type: "exit", code: 1 });
  });

  it("starts with the last `tail` lines when polling a server without the event stream", async () => {
    server = await startLocalServer(scriptedTask([`${line("a")}\n${line("b")}\n${line("c")}\n`, `${line("d")}\n`]));
    const client = createClient({ baseUrl: server.url });
    const lines: string[] = [];
    for await (const l of client.followOutputLines(ID, { intervalMs: 10, tail: 2 })) lines.push(l);
    expect(lines).toEqual([line("b"), line("c"), line("d")]);
  });

  it("stops when the signal aborts", async () => {
    server = await startLocalServer((req, res) => {
      if (req.url.includes("/output")) return res.writeHead(200).end("");
      json(res, 200, fakeTask());
    });
    const client = createClient({ baseUrl: server.url });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error("enough")), 100);
    const drain = async () => {
      for await (const _ of client.tasks.follow(ID, { intervalMs: 20, signal: controller.signal })) {
        // nothing is ever written
      }
    };
    await expect(drain()).rejects.toBeInstanceOf(APIUserAbortError);
  });

  it("splitLines keeps the last partial line only once settled", () => {
    expect(splitLines("", true)).toEqual([]);
    expect(splitLines("a\nb", false)).toEqual(["a"]);
    expect(splitLines("a\nb", true)).toEqual(["a", "b"]);
    expect(splitLines("a\n\nb\n", true)).toEqual(["a", "", "b"]);
  });
});

describe("waitForTask", () => {
  it("polls until settled, reporting each status once", async () => {
    let polls = 0;
    server = await startLocalServer((_req, res) => {
      polls += 1;
      if (polls < 3) return json(res, 200, fakeTask({ status: "running" }));
      // Finished but a follow-up is still queued: not settled yet.
      if (polls === 3)
        return json(res, 200, fakeTask({ status: "completed", followups: [{ prompt: "p", sent_at: 1, state: "queued" }] }));
      json(res, 200, fakeTask({ status: "error", followups: [{ prompt: "p", sent_at: 1, state: "error", exit_code: 1 }] }));
    });
    const client = createClient({ baseUrl: server.url });
    const seen: string[] = [];
    const task: TaskDetail = await client.waitForTask(ID, { intervalMs: 10, onStatus: (t) => seen.push(t.status) });
    expect(task.status).toBe("error");
    expect(polls).toBe(4);
    expect(seen).toEqual(["running", "completed", "error"]);
  });

  it("throws WaitTimeoutError when the task outlives timeoutMs", async () => {
    server = await startLocalServer((_req, res) => json(res, 200, fakeTask()));
    const client = createClient({ baseUrl: server.url });
    const error = await client.waitForTask(ID, { intervalMs: 20, timeoutMs: 100 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect((error as WaitTimeoutError).taskId).toBe(ID);
  });
});

describe("isSettled", () => {
  it("queued and running tasks, and finished ones with pending follow-ups, are not settled", async () => {
    const { isSettled } = await import("../src/index.js");
    expect(isSettled({ status: "queued", followups: [] })).toBe(false);
    expect(isSettled({ status: "running", followups: [] })).toBe(false);
    expect(isSettled({ status: "completed", followups: [{ prompt: "p", sent_at: 1, state: "running" }] })).toBe(false);
    expect(isSettled({ status: "killed", followups: [{ prompt: "p", sent_at: 1, state: "killed" }] })).toBe(true);
  });
});

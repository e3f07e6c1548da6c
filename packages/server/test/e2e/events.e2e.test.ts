/** The event stream: live, ordered, resumable across reconnects and server restarts. */
import { startTestServer, type TestServer } from "@claude-task-api/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api } from "../helpers/api.js";
import { openSse, type SseEvent } from "../helpers/sse.js";

let server: TestServer;
let t: ReturnType<typeof api>;

beforeAll(async () => {
  server = await startTestServer();
  t = api(server);
});
afterAll(() => server?.stop());

const events = (id: string, from?: string) =>
  openSse(`${server.url}/api/claude/tasks/${id}/events`, {
    authorization: `Bearer ${server.token}`,
    ...(from !== undefined && { "last-event-id": from }),
  });
const isEnd = (e: SseEvent) => e.event === "end";

/** Read-only tests of a finished task share one run: created by the first that asks. */
let finishedTask: Promise<string> | undefined;
const finished = () => {
  finishedTask ??= (async () => {
    const id = (await t.create({ prompt: "@reply finished already" })).json.task_id as string;
    await t.finished(id);
    return id;
  })();
  return finishedTask;
};
const lineEvents = (all: SseEvent[]) => all.filter((e) => e.id !== undefined);

/** The log's lines as the stream should carry them: [id, data] with id = end offset. */
async function expectedLines(id: string) {
  const log = (await t.output(id)).text;
  let offset = 0;
  return log
    .split("\n")
    .slice(0, -1)
    .map((line) => {
      offset += Buffer.byteLength(line) + 1;
      return String(offset);
    });
}

// Each test reads the stream of its own task, so they run side by side; the restart test alone
// runs by itself (it takes the server away from everyone).
describe("GET /tasks/{id}/events", () => {
  it.concurrent("streams every line live and in order across a follow-up, then ends", async ({ expect }) => {
    const created = await t.create({ prompt: "@sleep 1500\n@reply first" });
    const id = created.json.task_id;
    const stream = await events(id);
    expect(stream.status).toBe(200);
    expect(stream.headers.get("content-type")).toMatch(/^text\/event-stream/);
    expect(stream.headers.get("x-accel-buffering")).toBe("no");
    await t.message(id, "@reply second");
    const all = await stream.collect(isEnd);

    expect(all[0]?.event).toBe("status");
    expect(all.at(-1)).toMatchObject({ event: "end", data: JSON.stringify({ status: "completed" }) });
    const lines = lineEvents(all);
    expect(lines.map((e) => e.id)).toEqual(await expectedLines(id));
    const kinds = lines.map((e) => e.event);
    expect(kinds.filter((k) => k === "system")).toHaveLength(2);
    expect(kinds.filter((k) => k === "exit")).toHaveLength(2);
    const results = lines.filter((e) => e.event === "result").map((e) => JSON.parse(e.data).result);
    expect(results).toEqual(["first", "second"]);
    // The first run's lines all come before the second run's.
    expect(kinds.indexOf("exit")).toBeLessThan(kinds.lastIndexOf("system"));
    const statuses = all
      .filter((e) => e.event === "status")
      .map((e) =>
        JSON.parse(e.data)
          .runs.map((r: { state: string }) => r.state)
          .join(","),
      );
    expect(statuses).toContain("completed,running");
  });

  it.concurrent("sends exit only for the run's real exit, not for a marker line a tool appends to the log", async ({
    expect,
  }) => {
    // The model's Bash finds this task's folder by the prompt's own words and appends a fake marker to its log.
    const find = `grep -l fake-exit-marker-task ${server.tasksDir}/*/task.json`;
    const created = await t.create({
      prompt: `@bash printf '__CLAUDE_EXIT_CODE_7__\\n' >> "$(dirname "$(${find})")/output.log" # fake-exit-marker-task\n@reply done`,
    });
    const id = created.json.task_id;
    const all = await (await events(id)).collect(isEnd);
    const log = (await t.output(id)).text;
    expect(log).toContain("\n__CLAUDE_EXIT_CODE_7__\n"); // the tool did write it, as a whole line
    const exits = all.filter((e) => e.event === "exit");
    expect(exits.map((e) => [JSON.parse(e.data).exit_code, e.id])).toEqual([[0, String(Buffer.byteLength(log))]]);
    // The fake line still reaches the client, as the text it is.
    expect(all.some((e) => e.event === "text" && JSON.parse(e.data) === "__CLAUDE_EXIT_CODE_7__")).toBe(true);
    expect(all.at(-1)).toMatchObject({ event: "end", data: JSON.stringify({ status: "completed" }) });
    expect((await t.get(id)).json.runs[0]).toMatchObject({ state: "completed", exit_code: 0 });
  });

  it.concurrent("ends a killed task's stream after the run's last lines: its stop and its exit", async ({ expect }) => {
    const id = (await t.create({ prompt: "@sleep 30000\n@reply never" })).json.task_id;
    // Killed once claude has started (its `system` line was streamed), while the stream stays open.
    let killed: ReturnType<typeof t.kill> | undefined;
    const rest = await (await events(id)).collect((e) => {
      if (e.event === "system") killed ??= t.kill(id);
      return isEnd(e);
    });
    expect((await killed)?.status).toBe(200);
    expect(rest.at(-1)).toMatchObject({ event: "end", data: JSON.stringify({ status: "killed" }) });
    const exit = rest.find((e) => e.event === "exit");
    expect(exit && JSON.parse(exit.data)).toMatchObject({ exit_code: 143 });
    // Everything the log holds was streamed: the wrapper wrote its last lines before the kill was recorded.
    const log = (await t.output(id)).text;
    expect(lineEvents(rest).at(-1)?.id).toBe(String(Buffer.byteLength(log)));
  });

  it.concurrent("resumes after Last-Event-ID with nothing lost and nothing repeated", async ({ expect }) => {
    const created = await t.create({ prompt: "@sleep 800\n@write a.txt one\n@sleep 800\n@reply done" });
    const id = created.json.task_id;
    const first = await (await events(id)).collect((_e, all) => lineEvents(all).length >= 3);
    const seen = lineEvents(first);
    const rest = await (await events(id, seen.at(-1)?.id)).collect(isEnd);
    const ids = [...seen, ...lineEvents(rest)].map((e) => e.id);
    expect(ids).toEqual(await expectedLines(id));
    const viaQuery = await (
      await openSse(`${server.url}/api/claude/tasks/${id}/events?after=${seen.at(-1)?.id}`, {
        authorization: `Bearer ${server.token}`,
      })
    ).collect(isEnd);
    expect(lineEvents(viaQuery).map((e) => e.id)).toEqual(lineEvents(rest).map((e) => e.id));
  });

  it("resumes across a server restart mid-stream", async () => {
    const created = await t.create({ prompt: "@sleep 2500\n@reply survived the restart" });
    const id = created.json.task_id;
    const before = await (await events(id)).collect((_e, all) => lineEvents(all).length >= 1);
    const last = lineEvents(before).at(-1)?.id;
    await server.kill9();
    await server.restart();
    const after = await (await events(id, last)).collect(isEnd);
    const ids = [...lineEvents(before), ...lineEvents(after)].map((e) => e.id);
    expect(ids).toEqual(await expectedLines(id));
    expect(lineEvents(after).some((e) => e.event === "result" && JSON.parse(e.data).result === "survived the restart")).toBe(
      true,
    );
  });

  it.concurrent("starts with the last N lines with ?tail=N, and a reconnect with that URL resumes instead", async ({
    expect,
  }) => {
    const created = await t.create({ prompt: "@write a.txt one\n@sleep 1200\n@reply the end" });
    const id = created.json.task_id;
    const url = `${server.url}/api/claude/tasks/${id}/events?tail=2`;
    const auth = { authorization: `Bearer ${server.token}` };
    // Once the tool call is on disk (several lines), a tail of 2 gives exactly the newest 2 so far.
    const early = await (await events(id)).collect((_e, all) => lineEvents(all).length >= 3);
    const first = await (await openSse(url, auth)).collect((_e, all) => lineEvents(all).length >= 2);
    const firstIds = lineEvents(first).map((e) => e.id);
    const atStart = (await expectedLines(id)).filter((lineId) => Number(lineId) <= Number(firstIds[1]));
    expect(firstIds.slice(0, 2)).toEqual(atStart.slice(-2));
    expect(Number(firstIds[0])).toBeGreaterThan(Number(lineEvents(early)[0]?.id));
    // EventSource reconnects with the same URL plus Last-Event-ID: that wins over tail.
    const resumed = await (await openSse(url, { ...auth, "last-event-id": firstIds[1] as string })).collect(isEnd);
    const all = await expectedLines(id);
    expect(lineEvents(resumed).map((e) => e.id)).toEqual(all.slice(all.indexOf(firstIds[1] as string) + 1));
    // On a finished task: the last 2 lines, then the end.
    const finished = await (await openSse(url, auth)).collect(isEnd);
    expect(lineEvents(finished).map((e) => e.id)).toEqual(all.slice(-2));
    const zero = await t.call("GET", `/api/claude/tasks/${id}/events?tail=0`);
    expect(zero.status).toBe(400);
  });

  it.concurrent("replays a finished task and ends", async ({ expect }) => {
    const id = await finished();
    const all = await (await events(id)).collect(isEnd);
    expect(lineEvents(all).map((e) => e.id)).toEqual(await expectedLines(id));
    expect(all.at(-1)?.event).toBe("end");
  });

  it.concurrent("serves many subscribers of one task from one reader, all seeing the same events", async ({ expect }) => {
    const created = await t.create({ prompt: "@sleep 1500\n@reply to everyone" });
    const id = created.json.task_id;
    const streams = await Promise.all(Array.from({ length: 25 }, () => events(id)));
    const results = await Promise.all(streams.map((s) => s.collect(isEnd)));
    const expected = await expectedLines(id);
    for (const r of results) expect(lineEvents(r).map((e) => e.id)).toEqual(expected);
  });

  it.concurrent("rejects an id that names no event, and an unknown task", async ({ expect }) => {
    const id = await finished();
    const bad = await t.call("GET", `/api/claude/tasks/${id}/events`, { headers: { "last-event-id": "3" } });
    expect(bad.status).toBe(400);
    expect(bad.json.code).toBe("validation_failed");
    const garbage = await t.call("GET", `/api/claude/tasks/${id}/events`, {
      headers: { "last-event-id": "abc" },
    });
    expect(garbage.status).toBe(400);
    expect((await t.call("GET", "/api/claude/tasks/1700000000-00000000/events")).status).toBe(404);
  });
});

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { parseStreamJson, parseStreamJsonLine, type StreamEvent, summarize } from "../src/index.js";

// The stream-json log both the SDK and the CLI are tested on lives once, in testkit.
const require = createRequire(import.meta.url);

const log = readFileSync(require.resolve("@claude-task-api/testkit/fixtures/handwritten-output.log"), "utf8");

describe("parseStreamJson", () => {
  const events = parseStreamJson(log);

  it("types every line, skipping blank ones", () => {
    expect(events.map((e) => e.type)).toEqual([
      "system",
      "assistant",
      "user",
      "assistant",
      "result",
      "exit",
      "unknown",
      "unknown",
      "result",
      "exit",
    ]);
  });

  it("keeps known events with all their fields", () => {
    const init = events[0];
    expect(init?.type === "system" && init.subtype === "init" && init.tools).toEqual(["Bash", "Read", "Write"]);
    const assistant = events[1];
    if (assistant?.type !== "assistant") throw new Error("expected assistant");
    expect(assistant.message.content).toEqual([
      { type: "text", text: "I'll write the file." },
      { type: "tool_use", id: "toolu_1", name: "Write", input: { file_path: "/tmp/w/hello.txt", content: "hi" } },
    ]);
    const user = events[2];
    expect(user?.type === "user" && user.message.content[0]).toMatchObject({ type: "tool_result", tool_use_id: "toolu_1" });
  });

  it("keeps unknown blocks and lines verbatim", () => {
    const withUnknownBlock = events[3];
    expect(withUnknownBlock?.type === "assistant" && withUnknownBlock.message.content[1]).toEqual({
      type: "unknown",
      data: { type: "server_tool_use", id: "x" },
    });
    expect(events[6]).toEqual({
      type: "unknown",
      line: '{"type":"stream_event","event":{"type":"ping"}}',
      data: { type: "stream_event", event: { type: "ping" } },
    });
    expect(events[7]).toEqual({ type: "unknown", line: "not json at all" });
  });

  it("turns exit markers into exit events", () => {
    expect(parseStreamJsonLine("__CLAUDE_EXIT_CODE_137__")).toEqual({ type: "exit", code: 137 });
    expect(parseStreamJsonLine("   ")).toBeUndefined();
  });

  it("takes only a whole marker line for an exit: output that mentions the marker stays output", () => {
    expect(parseStreamJsonLine("echo __CLAUDE_EXIT_CODE_0__")).toEqual({ type: "unknown", line: "echo __CLAUDE_EXIT_CODE_0__" });
    expect(parseStreamJsonLine(" __CLAUDE_EXIT_CODE_0__")?.type).toBe("unknown");
    expect(parseStreamJsonLine("__CLAUDE_EXIT_CODE_-1__")?.type).toBe("unknown");
  });

  it("accepts string content and CRLF line ends", () => {
    const event = parseStreamJsonLine('{"type":"user","message":{"role":"user","content":"plain"}}\r');
    expect(event).toEqual({ type: "user", message: { role: "user", content: [{ type: "text", text: "plain" }] } });
  });

  it("a known type with the wrong shape is unknown, not a crash", () => {
    expect(parseStreamJsonLine('{"type":"assistant","message":null}')?.type).toBe("unknown");
    expect(parseStreamJsonLine("[1,2]")?.type).toBe("unknown");
  });
});

describe("summarize", () => {
  it("adds cost, turns and duration over all runs; text and error flag come from the last", () => {
    expect(summarize(parseStreamJson(log))).toEqual({
      resultText: undefined,
      isError: true,
      // One session whose running total went down (0.0123, then 0.001): the second run started
      // the conversation over, so both count.
      costUsd: 0.0133,
      turns: 3,
      durationMs: 1500,
      runs: 2,
      exitCode: 1,
      sessionId: "550e8400-e29b-41d4-a716-446655440000",
    });
  });

  it("counts a resumed session's running total once, and a session that started over in full", () => {
    const result = (session: string, total: number) =>
      JSON.stringify({ type: "result", subtype: "success", is_error: false, session_id: session, total_cost_usd: total });
    // Three runs of one conversation as claude reported them (verified), then another session.
    const runs = [result("s1", 0.0997), result("s1", 0.1496), result("s1", 0.1996), result("s2", 0.05)];
    expect(summarize(parseStreamJson(runs.join("\n"))).costUsd).toBeCloseTo(0.1996 + 0.05, 10);
    // The same session id reporting less than before started a new conversation: both count.
    const restarted = [result("s1", 0.1), result("s1", 0.03)];
    expect(summarize(parseStreamJson(restarted.join("\n"))).costUsd).toBeCloseTo(0.13, 10);
  });

  it("is empty for no events", () => {
    const none: StreamEvent[] = [];
    expect(summarize(none)).toMatchObject({ runs: 0, resultText: undefined, costUsd: undefined, exitCode: undefined });
  });
});

describe("a real log (claude 2.1.328 with the scripted model: Write, Bash, reply, then a failing follow-up)", () => {
  const real = readFileSync(new URL("./fixtures/real-two-runs.log", import.meta.url), "utf8");
  const events = parseStreamJson(real);

  it("every line is a known event", () => {
    expect(events.map((e) => e.type)).toEqual([
      "system",
      "assistant",
      "user",
      "assistant",
      "user",
      "assistant",
      "result",
      "exit",
      "system",
      "assistant",
      "result",
      "exit",
    ]);
  });

  it("tool calls and results carry their names, inputs and text", () => {
    const calls = events.flatMap((e) => (e.type === "assistant" ? e.message.content : [])).filter((b) => b.type === "tool_use");
    expect(calls.map((b) => b.type === "tool_use" && [b.name, Object.keys(b.input)])).toEqual([
      ["Write", ["file_path", "content"]],
      ["Bash", ["command", "description"]],
    ]);
    const results = events.flatMap((e) => (e.type === "user" ? e.message.content : []));
    expect(results[1]).toMatchObject({ type: "tool_result", content: "hi\nhello.txt", is_error: false });
  });

  it("summarize: last result text and error, turns added, cumulative session cost not double counted", () => {
    const stats = summarize(events);
    expect(stats).toMatchObject({ isError: true, runs: 2, turns: 4, exitCode: 1, costUsd: 0.150964 });
    expect(stats.resultText).toMatch(/^API Error: 500 boom/);
    expect(summarize(events.slice(0, 8))).toMatchObject({
      resultText: "All done: wrote notes/hello.txt",
      isError: false,
      exitCode: 0,
    });
  });
});

describe("steer and interrupt lines (written by the run wrapper)", () => {
  it("types them, keeps a malformed one as unknown, and leaves them out of the summary", () => {
    const steer = '{"type":"steer","steer_id":"st_0123456789abcdef","run":0,"kind":"steer","prompt":"use pnpm","taken_at":1.5}';
    const interrupt = '{"type":"interrupt","steer_id":"st_0123456789abcdef","run":0,"requested_at":1}';
    expect(parseStreamJsonLine(steer)).toEqual({
      type: "steer",
      steer_id: "st_0123456789abcdef",
      run: 0,
      kind: "steer",
      prompt: "use pnpm",
      taken_at: 1.5,
    });
    expect(parseStreamJsonLine(interrupt)?.type).toBe("interrupt");
    expect(parseStreamJsonLine('{"type":"steer","steer_id":1}')?.type).toBe("unknown");
    const result = '{"type":"result","subtype":"success","is_error":false,"result":"ok","session_id":"s1"}';
    expect(summarize(parseStreamJson([steer, interrupt, result].join("\n")))).toMatchObject({ runs: 1, sessionId: "s1" });
  });
});

// The HTTP surface without the CLI: SSE framing, JSON answers, side routes,
// closing during a delay, and the binary/env helpers.

import { execFileSync } from "node:child_process";
import { isAbsolute } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { claudeBinary, type ScriptedModel, scriptedClaudeEnv, startScriptedModel } from "../src/index.js";

let model: ScriptedModel;
beforeEach(async () => {
  model = await startScriptedModel({
    rules: [{ match: "tool", replies: [{ toolUse: { name: "Write", input: { file_path: "/t/x", content: "c" } } }] }],
  });
});
afterEach(() => model.close());

const body = (prompt: string, extra: object = {}) =>
  JSON.stringify({ model: "claude-test", max_tokens: 100, messages: [{ role: "user", content: prompt }], ...extra });

function post(path: string, payload: string, signal?: AbortSignal) {
  return fetch(`${model.url}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: payload, signal });
}

function parseSse(text: string): { event: string; data: { type: string; [k: string]: unknown } }[] {
  return text
    .trim()
    .split("\n\n")
    .map((chunk) => {
      const [eventLine, dataLine] = chunk.split("\n");
      return { event: eventLine?.replace("event: ", "") ?? "", data: JSON.parse(dataLine?.replace("data: ", "") ?? "") };
    });
}

describe("Messages API surface", () => {
  it("streams a tool_use reply as well-formed SSE", async () => {
    const res = await post("/v1/messages?beta=true", body("use a tool", { stream: true }));
    expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const events = parseSse(await res.text());
    expect(events.every((e) => e.event === e.data.type)).toBe(true);
    expect(events.map((e) => e.event)).toEqual([
      "message_start",
      "content_block_start",
      "content_block_delta",
      "content_block_stop",
      "message_delta",
      "message_stop",
    ]);
    const start = events[0]?.data.message as { model: string; usage: { input_tokens: number } };
    expect(start.model).toBe("claude-test");
    expect(start.usage.input_tokens).toBeGreaterThan(0);
    const delta = events[2]?.data.delta as { type: string; partial_json: string };
    expect(delta.type).toBe("input_json_delta");
    expect(JSON.parse(delta.partial_json)).toEqual({ file_path: "/t/x", content: "c" });
    expect(events[4]?.data).toMatchObject({ delta: { stop_reason: "tool_use" }, usage: { output_tokens: expect.any(Number) } });
  });

  it("splits long text into several text_delta events", async () => {
    model.setRules([{ match: "long", replies: [{ text: "y".repeat(200) }] }]);
    const events = parseSse(await (await post("/v1/messages", body("long", { stream: true }))).text());
    const deltas = events.filter((e) => e.event === "content_block_delta").map((e) => (e.data.delta as { text: string }).text);
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.join("")).toBe("y".repeat(200));
  });

  it("answers a non-streaming call with tools as the conversation, in JSON", async () => {
    const res = await post("/v1/messages", body("plain question", { tools: [{ name: "X", input_schema: {} }] }));
    const json = (await res.json()) as { content: { text: string }[]; stop_reason: string };
    expect(json.content[0]?.text).toBe("Scripted reply to: plain question");
    expect(json.stop_reason).toBe("end_turn");
  });

  it("gives housekeeping calls a fixed answer, never a rule reply", async () => {
    const res = await post("/v1/messages", body("tool title please"));
    const json = (await res.json()) as { content: { text: string }[] };
    expect(json.content[0]?.text).toBe("Scripted side reply");
    expect(model.requests.at(-1)?.kind).toBe("side");
  });

  it("answers count_tokens, probes and unknown paths", async () => {
    const count = (await (await post("/v1/messages/count_tokens", body("hi"))).json()) as { input_tokens: number };
    expect(count.input_tokens).toBeGreaterThan(0);
    expect((await fetch(`${model.url}/api/hello`, { method: "HEAD" })).status).toBe(200);
    const missing = await post("/v2/nothing", "{}");
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ type: "error", error: { type: "not_found_error" } });
    expect(model.requests.map((r) => r.kind)).toEqual(["count_tokens", "probe", "unknown"]);
  });

  it("sends errors in the API shape with x-should-retry: false", async () => {
    model.setRules([{ match: "err", replies: [{ error: { status: 429 } }] }]);
    const res = await post("/v1/messages", body("err", { stream: true }));
    expect(res.status).toBe(429);
    expect(res.headers.get("x-should-retry")).toBe("false");
    expect(await res.json()).toMatchObject({ type: "error", error: { type: "rate_limit_error" } });
  });

  it("close() ends a pending delay at once", async () => {
    model.setRules([{ match: "wait", replies: [{ text: "late", delayMs: 30_000 }] }]);
    const pending = post("/v1/messages", body("wait", { stream: true })).then(
      (r) => r.text(),
      (e: unknown) => e,
    );
    await expect.poll(() => model.requests.length).toBe(1);
    const started = Date.now();
    await model.close();
    await model.close(); // idempotent
    expect(await pending).toBeInstanceOf(Error);
    // Well before the 30 s delay would have ended by itself.
    expect(Date.now() - started).toBeLessThan(15_000);
  });
});

describe("claude binary and env", () => {
  it("finds the pinned CLI", () => {
    const bin = claudeBinary();
    expect(isAbsolute(bin)).toBe(true);
    expect(execFileSync(bin, ["--version"], { encoding: "utf8" })).toContain("2.1.328");
  });

  it("points the CLI at the model", () => {
    const env = scriptedClaudeEnv("http://127.0.0.1:1", "/h");
    expect(env).toMatchObject({ ANTHROPIC_BASE_URL: "http://127.0.0.1:1", HOME: "/h", IS_SANDBOX: "1" });
    expect(env.ANTHROPIC_API_KEY).toBeTruthy();
  });
});

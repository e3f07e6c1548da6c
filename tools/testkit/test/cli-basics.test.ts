// The real CLI against the scripted model: text replies, verbatim prompts, usage.

import { randomUUID } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type ScriptedModel, startScriptedModel } from "../src/index.js";
import { runClaude, tempDirs } from "./helpers/run-claude.js";

let model: ScriptedModel;
let dirs: Awaited<ReturnType<typeof tempDirs>>;

beforeEach(async () => {
  model = await startScriptedModel();
  dirs = await tempDirs();
});
afterEach(async () => {
  await model.close();
  await dirs.cleanup();
});

describe("claude -p against the scripted model", () => {
  it("puts a rule text reply into the result event, with usage and cost", async () => {
    model.setRules([{ match: "greet", replies: [{ text: "Hello from the rule" }] }]);
    const sessionId = randomUUID();
    const run = await runClaude({ modelUrl: model.url, ...dirs, prompt: "please greet me", args: ["--session-id", sessionId] });
    expect(run.code, run.stderr).toBe(0);
    expect(run.result).toMatchObject({
      subtype: "success",
      is_error: false,
      result: "Hello from the rule",
      session_id: sessionId,
    });
    expect(run.result?.total_cost_usd).toBeGreaterThan(0);
    expect(model.requests[0]?.headers["x-claude-code-session-id"]).toBe(sessionId);
    expect(run.result?.usage?.output_tokens).toBeGreaterThan(0);
    const init = run.events.find((e) => e.type === "system" && e.subtype === "init");
    expect(init?.cwd).toBe(dirs.cwd);
  });

  it("delivers a stdin prompt with shell metacharacters verbatim", async () => {
    const prompt = `He said "hi" and 'bye'; $(echo pwned) \`id\` $HOME\n\tsecond line \\ end\nünïcødé ✓\n`;
    const run = await runClaude({ modelUrl: model.url, ...dirs, prompt });
    expect(run.code, run.stderr).toBe(0);
    const turns = model.requests.filter((r) => r.kind === "conversation");
    expect(turns).toHaveLength(1);
    expect(turns[0]?.prompt).toBe(prompt);
    expect(run.result?.result).toBe(`Scripted reply to: ${prompt}`);
  });

  it("records every request, with path and body", async () => {
    const run = await runClaude({ modelUrl: model.url, ...dirs, prompt: "just talk" });
    expect(run.code, run.stderr).toBe(0);
    const turn = model.requests.find((r) => r.kind === "conversation");
    expect(turn?.path).toBe("/v1/messages?beta=true");
    expect(turn?.step).toBe(0);
    expect((turn?.body as { stream?: boolean } | undefined)?.stream).toBe(true);
  });
});

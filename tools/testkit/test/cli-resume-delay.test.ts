// Sessions carry over with --resume; delays hold the answer and end cleanly.

import { randomUUID } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type ScriptedModel, startScriptedModel } from "../src/index.js";
import { runClaude, tempDirs } from "./helpers/run-claude.js";

let model: ScriptedModel;
let dirs: Awaited<ReturnType<typeof tempDirs>>;
const lines: string[] = [];

beforeEach(async () => {
  lines.length = 0;
  model = await startScriptedModel({ log: (l) => lines.push(l) });
  dirs = await tempDirs();
});
afterEach(async () => {
  await model.close();
  await dirs.cleanup();
});

describe("--resume", () => {
  it("keeps the session id and sends the earlier history", async () => {
    const sessionId = randomUUID();
    model.setRules([
      { match: "first", replies: [{ text: "answer one" }] },
      { match: "second", replies: [{ text: "answer two" }] },
    ]);
    const one = await runClaude({ modelUrl: model.url, ...dirs, prompt: "first question", args: ["--session-id", sessionId] });
    const two = await runClaude({ modelUrl: model.url, ...dirs, prompt: "second question", args: ["--resume", sessionId] });
    expect(one.code, one.stderr).toBe(0);
    expect(two.code, two.stderr).toBe(0);
    expect(two.events.every((e) => e.session_id === undefined || e.session_id === sessionId)).toBe(true);
    expect(two.result).toMatchObject({ session_id: sessionId, result: "answer two" });
    const last = model.requests.filter((r) => r.kind === "conversation").at(-1);
    expect(last?.prompt).toBe("second question");
    expect(last?.step).toBe(0);
    const history = JSON.stringify(last?.body);
    expect(history).toContain("first question");
    expect(history).toContain("answer one");
  });
});

describe("delays", () => {
  it("holds the reply for delayMs", async () => {
    model.setRules([{ match: "slow", replies: [{ text: "finally", delayMs: 1500 }] }]);
    const run = await runClaude({ modelUrl: model.url, ...dirs, prompt: "slow one" });
    expect(run.code, run.stderr).toBe(0);
    expect(run.result?.result).toBe("finally");
    expect(run.ms).toBeGreaterThanOrEqual(1500);
  });

  it("gives up waiting when the CLI is killed", async () => {
    model.setRules([{ match: "forever", replies: [{ text: "never sent", delayMs: 50_000 }] }]);
    let killedAt = 0;
    const run = await runClaude({
      modelUrl: model.url,
      ...dirs,
      prompt: "forever",
      onSpawn: (kill) => {
        const timer = setInterval(() => {
          if (model.requests.some((r) => r.kind === "conversation")) {
            clearInterval(timer);
            killedAt = Date.now();
            kill();
          }
        }, 50);
      },
    });
    expect(run.code).not.toBe(0);
    // Ended by the kill, long before the delay: measured from the kill, as claude's start-up
    // alone can take many seconds on a busy machine.
    expect(killedAt).toBeGreaterThan(0);
    expect(Date.now() - killedAt).toBeLessThan(20_000);
    await expect.poll(() => lines.some((l) => l.includes("abandoned")), { timeout: 5000 }).toBe(true);
  });
});

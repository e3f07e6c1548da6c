// Tool use really runs in the CLI; error replies end the run with is_error.

import { readFile } from "node:fs/promises";
import { join } from "node:path";
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

describe("tool use", () => {
  it("a Write tool_use creates the file, and the model then sees the tool_result", async () => {
    const file = join(dirs.cwd, "out", "hello.txt");
    model.setRules([
      {
        match: /write it/,
        replies: [
          { toolUse: { name: "Write", input: { file_path: file, content: "written by claude\n" } } },
          { text: "wrote it" },
        ],
      },
    ]);
    const run = await runClaude({ modelUrl: model.url, ...dirs, prompt: "write it please" });
    expect(run.code, run.stderr).toBe(0);
    expect(await readFile(file, "utf8")).toBe("written by claude\n");
    expect(run.result?.result).toBe("wrote it");
    const turns = model.requests.filter((r) => r.kind === "conversation");
    expect(turns.map((r) => r.step)).toEqual([0, 1]);
    const last = (turns[1]?.body as { messages?: { content: unknown }[] } | undefined)?.messages?.at(-1);
    expect(JSON.stringify(last?.content)).toContain("tool_result");
  });

  it('says "done" when a rule runs out of replies', async () => {
    model.setRules([{ match: () => true, replies: [{ toolUse: { name: "Bash", input: { command: "echo from-bash" } } }] }]);
    const run = await runClaude({ modelUrl: model.url, ...dirs, prompt: "anything" });
    expect(run.code, run.stderr).toBe(0);
    const toolResult = run.events.find((e) => e.type === "user");
    expect(JSON.stringify(toolResult)).toContain("from-bash");
    expect(run.result?.result).toBe("done");
  });
});

describe("error replies", () => {
  it("an HTTP 500 gives exit code 1 and is_error, without retries", async () => {
    model.setRules([{ match: "boom", replies: [{ error: { status: 500, message: "scripted boom" } }] }]);
    const run = await runClaude({ modelUrl: model.url, ...dirs, prompt: "boom" });
    expect(run.code).toBe(1);
    expect(run.result?.is_error).toBe(true);
    expect(run.result?.result).toContain("500");
    expect(run.result?.result).toContain("scripted boom");
    expect(model.requests.filter((r) => r.kind === "conversation")).toHaveLength(1);
  });

  it("an error on a later step fails the run after the tool ran", async () => {
    const file = join(dirs.cwd, "first.txt");
    model.setRules([
      {
        match: "two steps",
        replies: [{ toolUse: { name: "Write", input: { file_path: file, content: "x" } } }, { error: { status: 529 } }],
      },
    ]);
    const run = await runClaude({ modelUrl: model.url, ...dirs, prompt: "two steps" });
    expect(run.code).toBe(1);
    expect(run.result?.is_error).toBe(true);
    expect(await readFile(file, "utf8")).toBe("x");
  });
});

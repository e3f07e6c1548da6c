// Default behaviour: prompt directives steer the model with no rules at all,
// as when the CLI runs in another process (server e2e tests, the demo).

import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ScriptedModel, startScriptedModel } from "../src/index.js";
import { runClaude, tempDirs } from "./helpers/run-claude.js";

let model: ScriptedModel;

beforeAll(async () => {
  model = await startScriptedModel();
});
afterAll(() => model.close());

async function run(prompt: string) {
  const dirs = await tempDirs();
  const before = model.requests.length;
  const result = await runClaude({ modelUrl: model.url, ...dirs, prompt });
  return { ...result, dirs, requests: model.requests.slice(before) };
}

describe("prompt directives via the real CLI", () => {
  it("sleep, write, bash and reply run in order as successive steps", async () => {
    const r = await run(
      "Set things up.\n@sleep 800\n@write notes/a.txt line one\\nline two\n@bash cat notes/a.txt\n@reply all done",
    );
    try {
      expect(r.code, r.stderr).toBe(0);
      expect(r.ms).toBeGreaterThanOrEqual(800);
      expect(await readFile(join(r.dirs.cwd, "notes/a.txt"), "utf8")).toBe("line one\nline two");
      const tools = r.events
        .flatMap((e) => (e.type === "assistant" ? (e.message?.content ?? []) : []))
        .filter((b) => b.type === "tool_use");
      expect(tools.map((b) => b.name)).toEqual(["Write", "Bash"]);
      expect(JSON.stringify(r.events.filter((e) => e.type === "user"))).toContain("line two");
      expect(r.result?.result).toBe("all done");
      expect(r.requests.filter((q) => q.kind === "conversation").map((q) => q.step)).toEqual([0, 1, 2]);
    } finally {
      await r.dirs.cleanup();
    }
  });

  it('@write alone ends with "done"', async () => {
    const r = await run("@write out.md # Title");
    try {
      expect(r.code, r.stderr).toBe(0);
      expect(await readFile(join(r.dirs.cwd, "out.md"), "utf8")).toBe("# Title");
      expect(r.result?.result).toBe("done");
    } finally {
      await r.dirs.cleanup();
    }
  });

  it("@fail makes the CLI exit 1 with is_error", async () => {
    const r = await run("please fail\n@fail 503 overloaded by script");
    try {
      expect(r.code).toBe(1);
      expect(r.result?.is_error).toBe(true);
      expect(r.result?.result).toContain("overloaded by script");
    } finally {
      await r.dirs.cleanup();
    }
  });

  it("without directives, echoes the prompt", async () => {
    const r = await run("What is the answer?");
    try {
      expect(r.code, r.stderr).toBe(0);
      expect(r.result?.result).toBe("Scripted reply to: What is the answer?");
    } finally {
      await r.dirs.cleanup();
    }
  });
});

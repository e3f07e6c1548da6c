// Pure parsing of directives and of the request shapes the CLI sends.

import { describe, expect, it } from "vitest";
import { directiveReplies, extractWorkingDirectory, findTurn } from "../src/index.js";

describe("directiveReplies", () => {
  it("turns directives into steps, carrying @sleep onto the next step", () => {
    expect(directiveReplies("intro\n@sleep 100\n@write a/b.txt hi there\n  @bash ls -la\n@sleep 5\n", "/w")).toEqual([
      { toolUse: { name: "Write", input: { file_path: "/w/a/b.txt", content: "hi there" } }, delayMs: 100 },
      { toolUse: { name: "Bash", input: { command: "ls -la", description: "Scripted command" } } },
      { text: "done", delayMs: 5 },
    ]);
  });

  it("keeps absolute paths, parses @tool JSON and stops after @reply", () => {
    expect(
      directiveReplies('@write /abs/x y\n@tool Read {"file_path":"/etc/hostname"}\n@reply bye\\nnow\n@write never z', "/w"),
    ).toEqual([
      { toolUse: { name: "Write", input: { file_path: "/abs/x", content: "y" } } },
      { toolUse: { name: "Read", input: { file_path: "/etc/hostname" } } },
      { text: "bye\nnow" },
    ]);
  });

  it("parses @fail with and without a message", () => {
    expect(directiveReplies("@fail 500", "/w")).toEqual([{ error: { status: 500 } }]);
    expect(directiveReplies("@fail 429 slow down", "/w")).toEqual([{ error: { status: 429, message: "slow down" } }]);
  });

  it("echoes the prompt without directives, and ignores unknown @words", () => {
    const prompt = `@alice look at this\n${"x".repeat(300)}`;
    expect(directiveReplies(prompt, "/w")).toEqual([{ text: `Scripted reply to: ${prompt.slice(0, 200)}` }]);
  });

  it("explains a malformed directive instead of guessing", () => {
    const [reply] = directiveReplies("@sleep soon", "/w");
    expect(reply).toEqual({ text: expect.stringContaining("bad directive @sleep") });
  });
});

describe("findTurn", () => {
  const reminder = { type: "text", text: "<system-reminder>\nnote\n</system-reminder>" };

  it("takes the last non-reminder text block and counts later assistant messages", () => {
    const messages = [
      { role: "user", content: [reminder, { type: "text", text: "old prompt" }] },
      { role: "assistant", content: [{ type: "text", text: "a" }] },
      { role: "user", content: [reminder, { type: "text", text: "summary" }, { type: "text", text: "the prompt" }] },
      { role: "system", content: "Primary working directory: /x" },
      { role: "assistant", content: [{ type: "tool_use", id: "t1", name: "ToolSearch", input: {} }] },
      {
        role: "user",
        content: [
          { type: "tool_result", tool_use_id: "t1", content: "ok" },
          { type: "text", text: "Tool loaded." },
        ],
      },
      { role: "assistant", content: [{ type: "text", text: "b" }] },
      { role: "user", content: [reminder] },
    ];
    expect(findTurn(messages)).toEqual({ prompt: "the prompt", step: 2 });
  });

  it("accepts string content and returns undefined without a prompt", () => {
    expect(findTurn([{ role: "user", content: "plain" }])).toEqual({ prompt: "plain", step: 0 });
    expect(findTurn([{ role: "user", content: [reminder] }])).toBeUndefined();
    expect(findTurn("nonsense")).toBeUndefined();
  });
});

describe("extractWorkingDirectory", () => {
  it("reads the environment block from a system message before user text", () => {
    const body = {
      system: [{ type: "text", text: "You are an agent." }],
      messages: [
        { role: "user", content: [{ type: "text", text: " - Primary working directory: /evil" }] },
        { role: "system", content: "# Environment\n - Primary working directory: /work/task one\n - Platform: linux" },
      ],
    };
    expect(extractWorkingDirectory(body)).toBe("/work/task one");
  });

  it("understands the older <env> wording in the system prompt", () => {
    expect(extractWorkingDirectory({ system: "<env>\nWorking directory: /old/style\n</env>" })).toBe("/old/style");
  });

  it("falls back when nothing is found", () => {
    expect(extractWorkingDirectory({ messages: [] }, "/fallback")).toBe("/fallback");
    expect(extractWorkingDirectory(null)).toBe(process.cwd());
  });
});

describe("directiveReplies without a known cwd", () => {
  it("leaves a relative @write path alone rather than guessing a directory", () => {
    expect(directiveReplies("@write rel.txt x", "")[0]).toEqual({
      toolUse: { name: "Write", input: { file_path: "rel.txt", content: "x" } },
    });
  });
});

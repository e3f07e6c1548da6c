import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { parseStreamJson } from "@claude-task-api/sdk";
import { describe, expect, it } from "vitest";
import { colorEnabled, createStyle } from "../src/render/style.js";
import { renderTable, truncate } from "../src/render/table.js";
import { formatDuration, relativeTime } from "../src/render/time.js";
import { keyArgument, shorten, TranscriptRenderer } from "../src/render/transcript.js";

// The stream-json log both the SDK and the CLI are tested on lives once, in testkit.
const require = createRequire(import.meta.url);

const plain = createStyle(false);

describe("transcript", () => {
  it("renders assistant text, tool calls with key arguments, shortened results and the result line", () => {
    const log = readFileSync(require.resolve("@claude-task-api/testkit/fixtures/handwritten-output.log"), "utf8");
    const renderer = new TranscriptRenderer(plain);
    const lines = parseStreamJson(log).flatMap((event) => renderer.render(event));
    expect(lines).toEqual([
      "● session 550e8400-e29b-41d4-a716-446655440000 · claude-sonnet · /tmp/w",
      "I'll write the file.",
      "→ Write /tmp/w/hello.txt",
      "  ← Write: File created successfully at: /tmp/w/hello.txt",
      "Done.",
      "✓ run finished (1s · 2 turns · $0.01)",
      "· stream_event event",
      "· not json at all",
      "✗ run failed: max turns reached (300ms · 1 turn · $0.0010)",
      "✗ claude exited with code 1",
    ]);
  });

  it("a resumed run's result shows its own cost, not claude's running total for the session", () => {
    const result = (total: number) =>
      JSON.stringify({
        type: "result",
        subtype: "success",
        is_error: false,
        num_turns: 1,
        session_id: "s",
        total_cost_usd: total,
      });
    const renderer = new TranscriptRenderer(plain);
    const lines = parseStreamJson([result(0.0997), result(0.1496), result(0.1996)].join("\n")).flatMap((e) => renderer.render(e));
    expect(lines).toEqual([
      "✓ run finished (1 turn · $0.10)",
      "✓ run finished (1 turn · $0.05)",
      "✓ run finished (1 turn · $0.05)",
    ]);
  });

  it("reading from the middle (--tail), a resumed run still shows its own cost, taken from the task's runs", () => {
    const result = { type: "result", subtype: "success", is_error: false, num_turns: 1, duration_ms: 900, session_id: "s" };
    const renderer = new TranscriptRenderer(plain);
    const run = (index: number, total: number, own: number) => ({
      index,
      prompt: "p",
      state: "completed" as const,
      sent_at: 1,
      cost_usd: own,
      result: { is_error: false, num_turns: 1, duration_ms: 900, total_cost_usd: total },
    });
    renderer.knowRuns([run(0, 0.0997, 0.0997), run(1, 0.1496, 0.0499)], "s");
    // Only the second run's result is in the tail; a third run finishes while following.
    const tail = [
      JSON.stringify({ ...result, total_cost_usd: 0.1496 }),
      JSON.stringify({ ...result, total_cost_usd: 0.1996, duration_ms: 800 }),
    ];
    expect(parseStreamJson(tail.join("\n")).flatMap((e) => renderer.render(e))).toEqual([
      "✓ run finished (900ms · 1 turn · $0.05)",
      "✓ run finished (800ms · 1 turn · $0.05)",
    ]);
  });

  it("a failed run claude reports as subtype success is labelled failed, and its text is kept to say once", () => {
    const renderer = new TranscriptRenderer(plain);
    const failed = {
      type: "result",
      subtype: "success",
      is_error: true,
      num_turns: 1,
      result: "Not logged in · Please run /login",
    };
    expect(renderer.render(parseStreamJson(JSON.stringify(failed))[0] as never)).toEqual([
      "✗ run failed: Not logged in · Please run /login (1 turn)",
    ]);
    expect(renderer.lastError).toBe("Not logged in · Please run /login");
  });

  it("shortens long tool output and says how much was hidden", () => {
    const text = Array.from({ length: 10 }, (_, i) => `line ${i}`).join("\n");
    expect(shorten(text, 2, 100)).toBe("line 0\nline 1\n… 8 more lines");
    expect(shorten("x".repeat(50), 1, 10)).toBe(`${"x".repeat(9)}…`);
  });

  it("picks the argument that says what a tool does", () => {
    expect(keyArgument("Bash", { command: "npm test", description: "Run tests" })).toBe("npm test");
    expect(keyArgument("Grep", { pattern: "TODO", path: "src" })).toBe("TODO src");
    expect(keyArgument("SomethingNew", { count: 3, target: "x" })).toBe("x");
    // Always one line: the summary of a multi-line command says there is more, and where it is cut.
    expect(keyArgument("Bash", { command: "cd app\n  npm test" })).toBe("cd app ⏎ npm test");
    expect(keyArgument("Bash", { command: `echo ${"x".repeat(100)}\nrm -rf ~` })).toBe(`echo ${"x".repeat(74)}…`);
  });
});

describe("tables, times and colours", () => {
  it("aligns columns and cuts to the width", () => {
    expect(
      renderTable([
        ["ID", "STATUS", "PROMPT"],
        ["1-a", "running", "hello"],
        ["22-bb", "completed", "a long prompt"],
      ]),
    ).toBe("ID     STATUS     PROMPT\n1-a    running    hello\n22-bb  completed  a long prompt");
    expect(truncate("abcdefghij", 5)).toBe("abcd…");
  });

  it("relative times and durations", () => {
    const now = 1_000_000_000_000;
    expect(relativeTime(now / 1000 - 2, now)).toBe("just now");
    expect(relativeTime(now / 1000 - 90, now)).toBe("1m 30s ago");
    expect(relativeTime(now / 1000 - 3 * 3600, now)).toBe("3h ago");
    expect(formatDuration(26 * 3600 * 1000)).toBe("1d 2h");
  });

  it("colour only on a TTY, never with NO_COLOR or --no-color", () => {
    expect(colorEnabled({ write() {}, isTTY: true }, {}, true)).toBe(true);
    expect(colorEnabled({ write() {}, isTTY: false }, {}, true)).toBe(false);
    expect(colorEnabled({ write() {}, isTTY: true }, { NO_COLOR: "1" }, true)).toBe(false);
    expect(colorEnabled({ write() {}, isTTY: true }, {}, false)).toBe(false);
    expect(createStyle(true).red("x")).toBe("\x1b[31mx\x1b[39m");
  });
});

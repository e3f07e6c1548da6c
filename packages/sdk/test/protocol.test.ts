import { describe, expect, it } from "vitest";
import { formatExitMarker, parseExitMarker } from "../src/protocol.js";

describe("run protocol: exit marker", () => {
  it("round-trips every exit status", () => {
    for (const code of [0, 1, 2, 127, 137, 255]) expect(parseExitMarker(formatExitMarker(code))).toBe(code);
    expect(formatExitMarker(3)).toBe("__CLAUDE_EXIT_CODE_3__");
  });

  it("counts a marker only as a whole line", () => {
    expect(parseExitMarker("__CLAUDE_EXIT_CODE_0__\r")).toBe(0);
    for (const line of [
      "echo __CLAUDE_EXIT_CODE_0__",
      "__CLAUDE_EXIT_CODE_0__ trailing",
      " __CLAUDE_EXIT_CODE_0__",
      '{"type":"assistant","text":"__CLAUDE_EXIT_CODE_0__"}',
      "__CLAUDE_EXIT_CODE_0__\n",
    ]) {
      expect(parseExitMarker(line), line).toBeUndefined();
    }
  });

  it("refuses codes no process can exit with", () => {
    for (const line of [
      "__CLAUDE_EXIT_CODE_-1__",
      "__CLAUDE_EXIT_CODE_256__",
      "__CLAUDE_EXIT_CODE_007__",
      "__CLAUDE_EXIT_CODE___",
    ]) {
      expect(parseExitMarker(line), line).toBeUndefined();
    }
    expect(() => formatExitMarker(-1)).toThrow(RangeError);
    expect(() => formatExitMarker(1.5)).toThrow(RangeError);
  });
});

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { lastExitMarker, lastResultError, readTailLines, tailStart } from "../../src/tasks/output/output-log.js";

/** A byte cap no test log reaches. */
const MAX = 1024 ** 3;
const dir = mkdtempSync(path.join(tmpdir(), "cta-log-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, content: string) => {
  const p = path.join(dir, name);
  writeFileSync(p, content);
  return p;
};

describe("readTailLines", () => {
  const lines = Array.from({ length: 1000 }, (_, i) => `line ${i} ${"x".repeat(i % 300)}`);
  const text = `${lines.join("\n")}\n`;

  it.each([1, 2, 50, 999, 1000, 5000])("returns exactly the last %i lines, like tail -n", async (n) => {
    expect(await readTailLines(file("a.log", text), n, MAX)).toBe(`${lines.slice(-n).join("\n")}\n`);
  });

  it("handles a last line without a newline", async () => {
    expect(await readTailLines(file("b.log", "a\nb\nc"), 2, MAX)).toBe("b\nc");
  });

  it("handles lines longer than its read chunk", async () => {
    const long = "y".repeat(200_000);
    expect(await readTailLines(file("c.log", `start\n${long}\nend\n`), 2, MAX)).toBe(`${long}\nend\n`);
  });

  it("returns an empty string for a missing or empty file", async () => {
    expect(await readTailLines(path.join(dir, "missing.log"), 5, MAX)).toBe("");
    expect(await readTailLines(file("empty.log", ""), 5, MAX)).toBe("");
  });

  it("keeps multi-byte characters intact", async () => {
    expect(await readTailLines(file("u.log", "ünï\ncødé 🙂\n"), 1, MAX)).toBe("cødé 🙂\n");
  });
});

describe("tailStart", () => {
  it.each([1, 3, 4, 10])("is the byte position where the last %i lines begin", async (n) => {
    const text = "one\ntwö\nthree\nfour\n";
    const p = file("t.log", text);
    const start = await tailStart(p, n, MAX);
    expect(Buffer.from(text).subarray(start).toString()).toBe(await readTailLines(p, n, MAX));
    expect(start === 0 || Buffer.from(text)[start - 1] === 0x0a).toBe(true);
  });

  it("is 0 for a missing file, and counts a half-written last line as a line", async () => {
    expect(await tailStart(path.join(dir, "missing.log"), 3, MAX)).toBe(0);
    expect(await tailStart(file("p.log", "a\nb\npartial"), 1, MAX)).toBe(4);
  });
});

describe("the byte cap of a tail", () => {
  // 200 lines of 100 bytes (99 + newline): 20,000 bytes.
  const text = `${Array.from({ length: 200 }, (_, i) => `${String(i).padStart(3, "0")}${"x".repeat(96)}`).join("\n")}\n`;

  it("reads back at most maxBytes, starting at the first whole line inside them", async () => {
    const p = file("cap.log", text);
    const tail = await readTailLines(p, 100_000, 1050);
    // 1,050 bytes hold the last 10 lines whole and part of an 11th, which is left out.
    expect(
      tail
        .split("\n")
        .slice(0, -1)
        .map((l) => l.slice(0, 3)),
    ).toEqual(Array.from({ length: 10 }, (_, i) => String(190 + i)));
    expect(await tailStart(p, 100_000, 1050)).toBe(20_000 - 1000);
    // Under the cap, the count decides.
    expect(await readTailLines(p, 3, 1050)).toBe(text.slice(-300));
  });

  it("leaves out a last line longer than the cap", async () => {
    const p = file("long-cap.log", `short\n${"y".repeat(5000)}\n`);
    expect(await readTailLines(p, 5, 1000)).toBe("");
    expect(await tailStart(p, 5, 1000)).toBe(5007);
  });
});

describe("exit markers and result errors", () => {
  it("reads the last marker only when the log ends with one", async () => {
    expect(await lastExitMarker(file("m1.log", "x\n__CLAUDE_EXIT_CODE_0__\ny\n__CLAUDE_EXIT_CODE_3__\n"))).toBe(3);
    expect(await lastExitMarker(file("m2.log", '__CLAUDE_EXIT_CODE_0__\n{"type":"system"}\n'))).toBeUndefined();
    // Output that merely mentions the marker is not the run's end.
    expect(await lastExitMarker(file("m3.log", "x\nsaid __CLAUDE_EXIT_CODE_0__ here\n"))).toBeUndefined();
    expect(await lastExitMarker(file("m4.log", '{"text":"__CLAUDE_EXIT_CODE_0__"}\n'))).toBeUndefined();
  });

  it("finds the text of the last failing result", async () => {
    const log =
      '{"type":"result","is_error":true,"result":"old"}\n{"type":"result","is_error":true,"errors":["No conversation found"]}\n';
    expect(await lastResultError(file("r1.log", log))).toBe("No conversation found");
    expect(await lastResultError(file("r2.log", '{"type":"result","is_error":false,"result":"fine"}\n'))).toBeUndefined();
  });
});

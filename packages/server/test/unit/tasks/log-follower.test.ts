/** Following output.log: catch-up, live lines, partial lines, resume positions, shared followers. */
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { isLineBoundary, LogFollowers, type LogLine, readLinesPaced } from "../../../src/tasks/output/log-follower.js";

const root = mkdtempSync(path.join(tmpdir(), "cta-follow-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const logFile = (content?: string) => {
  const file = path.join(root, `${n++}.log`);
  if (content !== undefined) writeFileSync(file, content);
  return file;
};

/** Collects lines; `until(k)` resolves once k lines have arrived. */
function collector() {
  const lines: LogLine[] = [];
  let waiting: { count: number; resolve: () => void } | undefined;
  return {
    lines,
    listener: (batch: LogLine[]) => {
      lines.push(...batch);
      if (waiting && lines.length >= waiting.count) waiting.resolve();
    },
    until: (count: number) =>
      new Promise<void>((resolve) => {
        if (lines.length >= count) return resolve();
        waiting = { count, resolve };
      }),
  };
}

/** Catches up from the file at the reader's pace, then joins the live lines (as a feed does). */
async function subscribe(followers: LogFollowers, file: string, from: number, listener: (lines: LogLine[]) => void) {
  const follow = followers.follow(file);
  let position = from;
  for (;;) {
    const target = await follow.joinAt(position, listener);
    if (target === undefined) return follow;
    position = await readLinesPaced(file, position, target, async (line) => {
      listener([line]);
      return true;
    });
  }
}

describe("LogFollowers", () => {
  it("delivers what is there, then appended lines as they are written, each with its end position", async () => {
    const file = logFile("a\nbb\n");
    const followers = new LogFollowers();
    const c = collector();
    const sub = await subscribe(followers, file, 0, c.listener);
    expect(c.lines).toEqual([
      { end: 2, text: "a" },
      { end: 5, text: "bb" },
    ]);
    appendFileSync(file, "ccc\n");
    await c.until(3);
    expect(c.lines[2]).toEqual({ end: 9, text: "ccc" });
    sub.close();
  });

  it("holds a partial line back until its newline is written", async () => {
    const file = logFile("whole\nhal");
    const c = collector();
    const sub = await subscribe(new LogFollowers(), file, 0, c.listener);
    await sub.flush();
    expect(c.lines.map((l) => l.text)).toEqual(["whole"]);
    appendFileSync(file, "f\n");
    await c.until(2);
    expect(c.lines[1]).toEqual({ end: 11, text: "half" });
    sub.close();
  });

  it("resumes exactly after a position, and waits for a log that does not exist yet", async () => {
    const file = logFile("one\ntwo\nthree\n");
    const c = collector();
    const sub = await subscribe(new LogFollowers(), file, 4, c.listener);
    expect(c.lines.map((l) => l.text)).toEqual(["two", "three"]);
    sub.close();

    const later = logFile();
    const d = collector();
    const waiting = await subscribe(new LogFollowers(), later, 0, d.listener);
    writeFileSync(later, "first\n");
    await d.until(1);
    expect(d.lines).toEqual([{ end: 6, text: "first" }]);
    waiting.close();
  });

  it("shares one follower between subscribers that joined at different positions", async () => {
    const file = logFile("x\n");
    const followers = new LogFollowers();
    const early = collector();
    const late = collector();
    const a = await subscribe(followers, file, 0, early.listener);
    appendFileSync(file, "y\n");
    await early.until(2);
    const b = await subscribe(followers, file, 2, late.listener);
    appendFileSync(file, "z\n");
    await Promise.all([early.until(3), late.until(2)]);
    expect(early.lines.map((l) => l.text)).toEqual(["x", "y", "z"]);
    expect(late.lines.map((l) => l.text)).toEqual(["y", "z"]);
    a.close();
    // The other subscriber keeps getting lines after one leaves.
    appendFileSync(file, "w\n");
    await late.until(3);
    expect(early.lines).toHaveLength(3);
    b.close();
  });
});

describe("following without holding the file", () => {
  it("reads a long log one line at a time, only as fast as the reader takes lines, and stops when told", async () => {
    const file = logFile(`${Array.from({ length: 5000 }, (_, i) => `line ${i} ${"x".repeat(200)}`).join("\n")}\n`);
    const seen: LogLine[] = [];
    let release: () => void = () => {};
    const reading = readLinesPaced(file, 0, Number.MAX_SAFE_INTEGER, async (line) => {
      seen.push(line);
      if (seen.length === 3) await new Promise<void>((resolve) => (release = resolve));
      return seen.length < 10;
    });
    await vi.waitFor(() => expect(seen).toHaveLength(3));
    // The reader is stuck on the third line: nothing more was read out for it meanwhile.
    await new Promise((r) => setTimeout(r, 50));
    expect(seen).toHaveLength(3);
    release();
    // It stopped at the 10th line: the position it answers is the end of the 9th delivered.
    expect(await reading).toBe(seen[8]?.end);
    expect(seen).toHaveLength(10);
  });

  it("keeps one watch per file while anyone follows it, and none once everybody left", async () => {
    const file = logFile("a\n");
    const followers = new LogFollowers();
    const one = followers.follow(file);
    const two = followers.follow(file);
    expect(followers.size).toBe(1);
    one.close();
    one.close();
    expect(followers.size).toBe(1);
    two.close();
    expect(followers.size).toBe(0);
  });
});

describe("isLineBoundary", () => {
  it("is true at 0 and just after a newline, false inside a line or past the end", async () => {
    const file = logFile("ab\ncd\n");
    expect(await Promise.all([0, 1, 3, 4, 6, 7].map((o) => isLineBoundary(file, o)))).toEqual([
      true,
      false,
      true,
      false,
      true,
      false,
    ]);
  });
});

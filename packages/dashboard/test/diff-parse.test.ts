/** The review view's reading of `git diff` output: files, paths (also quoted, deleted, binary) and lines. */
import { describe, expect, it } from "vitest";
import { parseDiff } from "../src/diff-parse.js";

const diff = [
  "diff --git a/src/app.ts b/src/app.ts",
  "index 1111111..2222222 100644",
  "--- a/src/app.ts",
  "+++ b/src/app.ts",
  "@@ -1 +1 @@",
  "-export const answer = 41;",
  "+export const answer = 42;",
  "\\ No newline at end of file",
  "diff --git a/gone.txt b/gone.txt",
  "deleted file mode 100644",
  "--- a/gone.txt",
  "+++ /dev/null",
  "@@ -1 +0,0 @@",
  "-+++ b/not-a-header",
  'diff --git "a/caf\\303\\251 \\"q\\"\\t.md" "b/caf\\303\\251 \\"q\\"\\t.md"',
  "new file mode 100644",
  "--- /dev/null",
  '+++ "b/caf\\303\\251 \\"q\\"\\t.md"',
  "@@ -0,0 +1,2 @@",
  "+--- not a header either",
  "+ context-looking",
  "diff --git a/logo.png b/logo.png",
  "new file mode 100644",
  "Binary files /dev/null and b/logo.png differ",
  "",
].join("\n");

describe("parseDiff", () => {
  const files = parseDiff(diff);

  it("finds every file with its path, deleted, quoted and binary ones too", () => {
    expect(files.map((f) => f.path)).toEqual(["src/app.ts", "gone.txt", 'caf\u00e9 "q"\t.md', "logo.png"]);
  });

  it("keeps hunk headers, added, deleted and note lines, with the sign taken off", () => {
    expect(files[0]?.lines).toEqual([
      { kind: "hunk", text: "@@ -1 +1 @@" },
      { kind: "del", text: "export const answer = 41;" },
      { kind: "add", text: "export const answer = 42;" },
      { kind: "note", text: "No newline at end of file" },
    ]);
  });

  it("reads lines inside a hunk as content, even when they look like headers", () => {
    expect(files[1]?.lines[1]).toEqual({ kind: "del", text: "+++ b/not-a-header" });
    expect(files[2]?.lines.slice(1)).toEqual([
      { kind: "add", text: "--- not a header either" },
      { kind: "add", text: " context-looking" },
    ]);
  });

  it("says a binary file changed rather than showing nothing", () => {
    expect(files[3]?.lines).toEqual([{ kind: "note", text: "Binary file changed" }]);
  });

  it("reads an empty diff as no files", () => {
    expect(parseDiff("")).toEqual([]);
  });
});

/** A unified diff (`git diff` output) split into files and hunks, for the review view. */

export interface DiffLine {
  kind: "add" | "del" | "context" | "hunk" | "note";
  text: string;
}

export interface DiffFile {
  path: string;
  lines: DiffLine[];
}

/** `b/src/a.ts` → `src/a.ts`; git quotes unusual names (`"b/sp ace\t"`): shown as git wrote them, less the prefix. */
function stripPrefix(name: string): string {
  const quoted = name.startsWith('"');
  const inner = quoted ? name.slice(1, name.endsWith('"') ? -1 : undefined) : name;
  return inner.replace(/^[ab]\//, "");
}

/** The files of a diff, in order; each keeps its hunk headers, changed and context lines. */
export function parseDiff(text: string): DiffFile[] {
  const files: DiffFile[] = [];
  let file: DiffFile | undefined;
  let inHunk = false;
  for (const line of text.split("\n")) {
    if (line.startsWith("diff --git ")) {
      // The path from `--- a/` / `+++ b/` below is exact; this one is a fallback (binary files have neither).
      const m = /^diff --git (?:"?a\/.*?"?) ("?b\/.*"?)$/.exec(line);
      file = { path: m ? stripPrefix(m[1] as string) : line.slice(11), lines: [] };
      files.push(file);
      inHunk = false;
    } else if (!file) {
    } else if (line.startsWith("@@")) {
      inHunk = true;
      file.lines.push({ kind: "hunk", text: line });
    } else if (!inHunk) {
      if (line.startsWith("+++ ") && line !== "+++ /dev/null") file.path = stripPrefix(line.slice(4));
      else if (line.startsWith("--- ") && line !== "--- /dev/null" && file.lines.length === 0)
        file.path = stripPrefix(line.slice(4));
      else if (line.startsWith("Binary files")) file.lines.push({ kind: "note", text: "Binary file changed" });
    } else if (line.startsWith("+")) file.lines.push({ kind: "add", text: line.slice(1) });
    else if (line.startsWith("-")) file.lines.push({ kind: "del", text: line.slice(1) });
    else if (line.startsWith(" ")) file.lines.push({ kind: "context", text: line.slice(1) });
    else if (line.startsWith("\\")) file.lines.push({ kind: "note", text: line.slice(2) });
  }
  return files;
}

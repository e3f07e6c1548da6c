/** A unified diff (`git diff` output) split into files and hunks, for the review view. */

export interface DiffLine {
  kind: "add" | "del" | "context" | "hunk" | "note";
  text: string;
}

export interface DiffFile {
  path: string;
  lines: DiffLine[];
}

const ESCAPES: Record<string, number> = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, "\\": 92 };

/** A name as git quotes it (`"caf\303\251.md"`: C escapes, octal UTF-8 bytes) back to the name. */
function unquote(quoted: string): string {
  const bytes: number[] = [];
  const body = quoted.slice(1, quoted.endsWith('"') ? -1 : undefined);
  for (let i = 0; i < body.length; i++) {
    const ch = body[i] as string;
    if (ch !== "\\") {
      bytes.push(...new TextEncoder().encode(ch));
      continue;
    }
    const octal = /^[0-7]{3}/.exec(body.slice(i + 1))?.[0];
    if (octal) bytes.push(Number.parseInt(octal, 8));
    else bytes.push(ESCAPES[body[i + 1] as string] ?? (body.charCodeAt(i + 1) || 92));
    i += octal ? 3 : 1;
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}

/** `b/src/a.ts` → `src/a.ts`, unquoted when git quoted it. */
const stripPrefix = (name: string) => (name.startsWith('"') ? unquote(name) : name).replace(/^[ab]\//, "");

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

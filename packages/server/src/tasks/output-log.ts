/**
 * Reads the end of a task's output.log without reading the whole file, so the cost of a
 * task detail or `?tail=N` does not grow with the size of the log.
 */
import { open } from "node:fs/promises";

const CHUNK = 64 * 1024;
const NEWLINE = 0x0a;

/** The last `count` lines of the file (with their newlines), or "" when it does not exist. */
export async function readTailLines(file: string, count: number): Promise<string> {
  const handle = await open(file, "r").catch((err: NodeJS.ErrnoException) => {
    if (err.code === "ENOENT") return undefined;
    throw err;
  });
  if (!handle) return "";
  try {
    const { size } = await handle.stat();
    const chunks: Buffer[] = [];
    let position = size;
    let newlines = 0;
    let skipFinalNewline = true;
    // A final newline ends the last line rather than starting an empty one.
    while (position > 0) {
      const length = Math.min(CHUNK, position);
      position -= length;
      const buf = Buffer.allocUnsafe(length);
      await handle.read(buf, 0, length, position);
      for (let i = length - 1; i >= 0; i--) {
        if (buf[i] !== NEWLINE) {
          skipFinalNewline = false;
          continue;
        }
        if (skipFinalNewline && position + i === size - 1) continue;
        newlines++;
        if (newlines === count) {
          chunks.unshift(buf.subarray(i + 1));
          return Buffer.concat(chunks).toString("utf8");
        }
      }
      chunks.unshift(buf);
    }
    return Buffer.concat(chunks).toString("utf8");
  } finally {
    await handle.close();
  }
}

/** Reads at most the last `bytes` of the file as text ("" when missing). */
export async function readTailBytes(file: string, bytes: number): Promise<string> {
  const handle = await open(file, "r").catch(() => undefined);
  if (!handle) return "";
  try {
    const { size } = await handle.stat();
    const length = Math.min(bytes, size);
    const buf = Buffer.allocUnsafe(length);
    await handle.read(buf, 0, length, size - length);
    return buf.toString("utf8");
  } finally {
    await handle.close();
  }
}

const EXIT_MARKER = /__CLAUDE_EXIT_CODE_(\d+)__/g;

/** The exit code in the last `__CLAUDE_EXIT_CODE_N__` marker near the end of the log, if the log ends with one. */
export async function lastExitMarker(file: string): Promise<number | undefined> {
  const tail = (await readTailBytes(file, 4096)).trimEnd();
  const lastLine = tail.slice(tail.lastIndexOf("\n") + 1);
  const match = [...lastLine.matchAll(EXIT_MARKER)].pop();
  return match ? Number(match[1]) : undefined;
}

/** The text of the last failing stream-json `result` event near the end of the log, if any. */
export async function lastResultError(file: string): Promise<string | undefined> {
  const lines = (await readTailBytes(file, CHUNK)).split("\n").reverse();
  for (const line of lines) {
    if (!line.startsWith("{")) continue;
    try {
      const event = JSON.parse(line) as { type?: unknown; is_error?: unknown; result?: unknown; errors?: unknown };
      if (event.type !== "result") continue;
      if (event.is_error !== true) return undefined;
      if (typeof event.result === "string" && event.result) return event.result;
      // Runs that fail before any turn report `errors` instead of a `result` text.
      const first = Array.isArray(event.errors) ? event.errors[0] : undefined;
      return typeof first === "string" ? first : undefined;
    } catch {
      // A partial first line of the window, or non-JSON output: not a result.
    }
  }
  return undefined;
}

export const exitMarkerLine = (code: number) => `__CLAUDE_EXIT_CODE_${code}__\n`;

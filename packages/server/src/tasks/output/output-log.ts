/**
 * Reads the end of a task's output.log without reading the whole file, so the cost of a
 * task detail or `?tail=N` does not grow with the size of the log.
 */
import { open, stat } from "node:fs/promises";
import { parseExitMarker } from "@claude-task-api/sdk/protocol";
import type { ResultSummary } from "../task-model.js";

const CHUNK = 64 * 1024;
const NEWLINE = 0x0a;

/**
 * The last `count` lines of the file (with their newlines), or "" when it does not exist.
 * Reads back at most `maxBytes`: older lines (and a last line longer than that) are left out.
 */
export async function readTailLines(file: string, count: number, maxBytes: number): Promise<string> {
  const tail = await scanTail(file, count, maxBytes, true);
  return tail ? Buffer.concat(tail.chunks).toString("utf8") : "";
}

/**
 * The byte position where the last `count` lines of the file begin: a line boundary, 0 when
 * the file has fewer lines or does not exist. Looks back at most `maxBytes`.
 */
export async function tailStart(file: string, count: number, maxBytes: number): Promise<number> {
  return (await scanTail(file, count, maxBytes, false))?.start ?? 0;
}

/** The end of the last complete line among the first `size` bytes (0 when there is none). */
export async function lastLineEnd(file: string, size: number): Promise<number> {
  const handle = await open(file, "r").catch(() => undefined);
  if (!handle) return 0;
  try {
    let position = size;
    while (position > 0) {
      const length = Math.min(CHUNK, position);
      position -= length;
      const buf = Buffer.allocUnsafe(length);
      await handle.read(buf, 0, length, position);
      const i = buf.lastIndexOf(NEWLINE);
      if (i !== -1) return position + i + 1;
    }
    return 0;
  } finally {
    await handle.close();
  }
}

/**
 * Reads backwards from the end until `count` lines are found or `maxBytes` were read: where
 * the lines start (always a line boundary), and their bytes when `keep` asks for them.
 */
async function scanTail(
  file: string,
  count: number,
  maxBytes: number,
  keep: boolean,
): Promise<{ start: number; chunks: Buffer[] } | undefined> {
  const handle = await open(file, "r").catch((err: NodeJS.ErrnoException) => {
    if (err.code === "ENOENT") return undefined;
    throw err;
  });
  if (!handle) return undefined;
  try {
    const { size } = await handle.stat();
    const floor = Math.max(0, size - maxBytes);
    const chunks: Buffer[] = [];
    let position = size;
    let newlines = 0;
    let skipFinalNewline = true;
    // The line boundary nearest the floor seen so far: where a tail cut by maxBytes starts.
    let earliestBoundary = size;
    // A final newline ends the last line rather than starting an empty one.
    while (position > floor) {
      const length = Math.min(CHUNK, position - floor);
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
        earliestBoundary = position + i + 1;
        if (newlines === count) {
          if (keep) chunks.unshift(buf.subarray(i + 1));
          return { start: earliestBoundary, chunks };
        }
      }
      if (keep) chunks.unshift(buf);
    }
    if (floor === 0) return { start: 0, chunks };
    // Cut by maxBytes: start at the first whole line inside the window.
    const cut = earliestBoundary - floor;
    return { start: earliestBoundary, chunks: keep ? [Buffer.concat(chunks).subarray(cut)] : [] };
  } finally {
    await handle.close();
  }
}

/** The file's size in bytes, 0 when it does not exist. */
export const fileSize = (file: string) =>
  stat(file).then(
    (s) => s.size,
    () => 0,
  );

/**
 * The exit code of the exit marker line the log ends with, if its last line is one, written
 * at or after byte `from` (the start of the run in question).
 */
export async function lastExitMarker(file: string, from = 0): Promise<number | undefined> {
  const size = await fileSize(file);
  const tail = (await readRange(file, Math.max(from, size - 4096), size)).trimEnd();
  return parseExitMarker(tail.slice(tail.lastIndexOf("\n") + 1));
}

/** The bytes [from, to) of the file as text, with `to` capped at the file's size. */
async function readRange(file: string, from: number, to?: number): Promise<string> {
  const handle = await open(file, "r").catch(() => undefined);
  if (!handle) return "";
  try {
    const stop = Math.min(to ?? Number.POSITIVE_INFINITY, (await handle.stat()).size);
    const length = Math.max(0, stop - from);
    const buf = Buffer.allocUnsafe(length);
    await handle.read(buf, 0, length, from);
    return buf.toString("utf8");
  } finally {
    await handle.close();
  }
}

const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : undefined);
const str = (v: unknown) => (typeof v === "string" ? v : undefined);

/** Summarises a stream-json `result` event; runs that fail before any turn only have `errors`. */
function summarizeResult(event: Record<string, unknown>): ResultSummary {
  const errors = Array.isArray(event.errors) ? event.errors.filter((e): e is string => typeof e === "string") : [];
  const text = str(event.result) || errors[0];
  const usage = event.usage && typeof event.usage === "object" ? (event.usage as Record<string, unknown>) : undefined;
  const summary: ResultSummary = { is_error: event.is_error === true };
  if (text !== undefined) summary.text = text;
  if (str(event.subtype) !== undefined) summary.subtype = str(event.subtype);
  if (num(event.num_turns) !== undefined) summary.num_turns = num(event.num_turns);
  if (num(event.duration_ms) !== undefined) summary.duration_ms = num(event.duration_ms);
  if (num(event.total_cost_usd) !== undefined) summary.total_cost_usd = num(event.total_cost_usd);
  if (usage) summary.usage = usage;
  // With --json-schema: Claude's StructuredOutput input, as claude parsed and checked it.
  if (event.structured_output !== undefined) summary.structured_output = event.structured_output;
  return summary;
}

const RESULT_WINDOW = 256 * 1024;

/**
 * The last stream-json `result` event of one run's output (bytes [start, end) of the log;
 * the whole log by default), looking back at most 256 KiB from its end.
 */
export async function lastResultEvent(file: string, start = 0, end?: number): Promise<ResultSummary | undefined> {
  const to = end ?? (await fileSize(file));
  const text = await readRange(file, Math.max(start, to - RESULT_WINDOW), to);
  for (const line of text.split("\n").reverse()) {
    if (!line.includes('"result"')) continue;
    try {
      const event = JSON.parse(line) as Record<string, unknown>;
      if (event.type === "result") return summarizeResult(event);
    } catch {
      // A partial first line of the window, or non-JSON output: not a result.
    }
  }
  return undefined;
}

/** The text of the last failing stream-json `result` event near the end of the log, if any. */
export async function lastResultError(file: string): Promise<string | undefined> {
  const result = await lastResultEvent(file);
  return result?.is_error ? result.text : undefined;
}

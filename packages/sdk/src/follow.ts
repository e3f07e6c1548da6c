/**
 * Following a task's output. The public functions only promise "an async iterator of new lines
 * (or events) until the task settles"; where the lines come from is a LineSource. Today that is
 * polling GET /output; a later server-sent-events endpoint can become another LineSource without
 * changing followOutput's signature.
 */
import { parseStreamJsonLine, type StreamEvent } from "./stream-json.js";
import { sleep } from "./transport.js";
import { isFinished, type TaskDetail } from "./types.js";

/** Options for followOutput and followOutputLines. */
export interface FollowOptions {
  /** Poll interval in ms. Default 1000. */
  intervalMs?: number;
  /** Stops the iteration (it then rejects with the signal's reason). */
  signal?: AbortSignal;
  /** Skip this many lines already seen (e.g. after printing a tail). Default 0: from the start. */
  fromLine?: number;
}

/** The two calls a polling follower needs; the client passes its own methods. */
export interface OutputReader {
  get(id: string, options: { signal?: AbortSignal; wait?: number }): Promise<TaskDetail>;
  output(id: string, options: { signal?: AbortSignal }): Promise<string>;
}

/** Yields raw log lines of one task, from `fromLine` on, until the task settles. */
export type LineSource = (
  id: string,
  options: Required<Pick<FollowOptions, "intervalMs" | "fromLine">> & { signal?: AbortSignal },
) => AsyncIterable<string>;

export const DEFAULT_FOLLOW_INTERVAL_MS = 1_000;

/** True when the task has finished and no follow-up is queued or running. */
export function isSettled(task: Pick<TaskDetail, "status" | "followups">): boolean {
  if (!isFinished(task.status)) return false;
  return !task.followups.some((followup) => followup.state === "queued" || followup.state === "running");
}

/** A LineSource that polls the full output and yields only complete lines it has not yielded yet. */
export function pollingLineSource(reader: OutputReader): LineSource {
  return async function* poll(id, { intervalMs, fromLine, signal }) {
    let emitted = fromLine;
    for (;;) {
      // Status before output: if the task was settled before we read the log, the log we then
      // read is complete, so nothing written at the very end can be missed.
      const settled = isSettled(await reader.get(id, { signal }));
      const lines = splitLines(await reader.output(id, { signal }), settled);
      for (; emitted < lines.length; emitted++) yield lines[emitted] as string;
      if (settled) return;
      await sleep(intervalMs, signal);
    }
  };
}

/**
 * Splits a log into lines. While the task runs, the text after the last newline may be half
 * written, so it is held back; once the task has settled it is a real last line.
 */
export function splitLines(text: string, includePartial: boolean): string[] {
  if (text === "") return [];
  const lines = text.split("\n");
  const last = lines.pop() as string;
  if (includePartial && last !== "") lines.push(last);
  return lines;
}

/** Iterates raw lines from a source with defaults applied. */
export function followLines(source: LineSource, id: string, options: FollowOptions = {}): AsyncIterableIterator<string> {
  const fromLine = options.fromLine ?? 0;
  if (!Number.isInteger(fromLine) || fromLine < 0) throw new RangeError(`fromLine must be an integer >= 0, got ${fromLine}`);
  return iterate(source(id, { intervalMs: options.intervalMs ?? DEFAULT_FOLLOW_INTERVAL_MS, fromLine, signal: options.signal }));
}

/** Iterates parsed events from raw lines; blank lines are skipped, exit markers become `exit` events. */
export async function* followEvents(lines: AsyncIterable<string>): AsyncIterableIterator<StreamEvent> {
  for await (const line of lines) {
    const event = parseStreamJsonLine(line);
    if (event) yield event;
  }
}

async function* iterate<T>(items: AsyncIterable<T>): AsyncIterableIterator<T> {
  yield* items;
}

/**
 * Following a task's output. The public functions only promise "an async iterator of new lines
 * (or events) until the task settles"; where the lines come from is a LineSource. The client
 * uses the server's event stream (event-stream.ts), and polling GET /output (below) for servers
 * that predate it.
 */
import { operations } from "./generated/contract.js";
import { parseStreamJsonLine, type StreamEvent } from "./stream-json.js";
import { sleep } from "./transport.js";
import { isFinished, type RunState, type TaskDetail, type TaskStatus } from "./types.js";

/** What an event stream's `status` event says: the task's status and each run's state. */
export interface FollowStatus {
  task_id: string;
  status: TaskStatus;
  finished_at?: number;
  error?: string;
  runs: Array<{ index: number; state: RunState; exit_code?: number }>;
}

/** Options for followOutput and followOutputLines. */
export interface FollowOptions {
  /** Poll interval in ms, used only against servers without the event stream. Default 1000. */
  intervalMs?: number | undefined;
  /** Stops the iteration (it then rejects with APIUserAbortError). */
  signal?: AbortSignal | undefined;
  /** Skip this many lines already seen (e.g. after printing a tail). Default 0: from the start. */
  fromLine?: number | undefined;
  /**
   * Start after this event id, i.e. the byte offset just after a line of output.log (ids are
   * stable across server restarts). `fromLine` then counts from there. Default: the beginning.
   */
  after?: number | undefined;
  /**
   * Start with the last `tail` lines of the log rather than all of it (1 to 100,000; ignored
   * with `after`). `fromLine` then counts from there. Only those lines are transferred.
   */
  tail?: number | undefined;
  /** Called with the task's status and run states when the stream starts and whenever they change. */
  onStatus?: ((status: FollowStatus) => void) | undefined;
  /**
   * Consecutive failed reconnects (dropped connection, server restarting) before giving up
   * with the last error. Default 20 (about a minute of exponential backoff).
   */
  maxReconnects?: number | undefined;
}

/** The two calls a polling follower needs; the client passes its own methods. */
export interface OutputReader {
  get(id: string, options: { signal?: AbortSignal; wait?: number }): Promise<TaskDetail>;
  output(id: string, options: { signal?: AbortSignal }): Promise<string>;
}

/** FollowOptions with defaults applied, as a LineSource receives them. */
export type LineSourceOptions = Required<Pick<FollowOptions, "intervalMs" | "fromLine">> &
  Pick<FollowOptions, "signal" | "after" | "tail" | "onStatus" | "maxReconnects">;

/** Yields raw log lines of one task, from `fromLine` on, until the task settles. */
export type LineSource = (id: string, options: LineSourceOptions) => AsyncIterable<string>;

export const DEFAULT_FOLLOW_INTERVAL_MS = 1_000;
/** The most lines `tail` may ask for (the server's limit, from openapi.yaml). */
export const MAX_TAIL_LINES = operations.streamTaskEvents.parameters.tail.maximum;

/** True when the task has finished and no follow-up is queued or running. */
export function isSettled(task: Pick<TaskDetail, "status" | "followups">): boolean {
  if (!isFinished(task.status)) return false;
  return task.followups.every((followup) => isFinished(followup.state));
}

/**
 * A LineSource that polls the full output and yields only complete lines it has not yielded yet
 * (for servers without the event stream; `after` is not supported there).
 */
export function pollingLineSource(reader: OutputReader): LineSource {
  return async function* poll(id, { intervalMs, fromLine, tail, signal, onStatus }) {
    // With `tail`, where to start is known only once the log has been read.
    let emitted: number | undefined = tail === undefined ? fromLine : undefined;
    let lastStatus = "";
    for (;;) {
      // Status before output: if the task was settled before we read the log, the log we then
      // read is complete, so nothing written at the very end can be missed.
      const task = await reader.get(id, { signal });
      const key = `${task.status}|${task.runs?.map((r) => r.state).join(",")}`;
      if (key !== lastStatus) {
        lastStatus = key;
        onStatus?.(statusOf(task));
      }
      const settled = isSettled(task);
      const lines = splitLines(await reader.output(id, { signal }), settled);
      emitted ??= Math.max(0, lines.length - (tail as number)) + fromLine;
      for (; emitted < lines.length; emitted++) yield lines[emitted] as string;
      if (settled) return;
      await sleep(intervalMs, signal);
    }
  };
}

function statusOf(task: TaskDetail): FollowStatus {
  return {
    task_id: task.task_id,
    status: task.status,
    ...(task.finished_at !== undefined && { finished_at: task.finished_at }),
    ...(task.error !== undefined && { error: task.error }),
    runs: (task.runs ?? []).map((r) => ({
      index: r.index,
      state: r.state,
      ...(r.exit_code !== undefined && { exit_code: r.exit_code }),
    })),
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
  const { after, tail, maxReconnects } = options;
  if (after !== undefined && (!Number.isInteger(after) || after < 0))
    throw new RangeError(`after must be an integer >= 0, got ${after}`);
  if (tail !== undefined && (!Number.isInteger(tail) || tail < 1 || tail > MAX_TAIL_LINES))
    throw new RangeError(`tail must be an integer from 1 to ${MAX_TAIL_LINES}, got ${tail}`);
  if (maxReconnects !== undefined && (!Number.isInteger(maxReconnects) || maxReconnects < 0))
    throw new RangeError(`maxReconnects must be an integer >= 0, got ${maxReconnects}`);
  return iterate(
    source(id, {
      intervalMs: options.intervalMs ?? DEFAULT_FOLLOW_INTERVAL_MS,
      fromLine,
      signal: options.signal,
      after,
      // Resuming after an event already says where to start.
      tail: after === undefined ? tail : undefined,
      onStatus: options.onStatus,
      maxReconnects,
    }),
  );
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

/**
 * Follows a task's append-only output.log and hands complete lines to subscribers. One
 * follower per task, shared by all its subscribers (hundreds of event streams cost one file
 * watch and one read per change). New lines are read when inotify reports a change, so they
 * reach subscribers within milliseconds of being written.
 *
 * A line's position is the byte offset just after it, which stays valid across server
 * restarts; a subscriber that resumes from a position gets exactly the lines after it.
 */
import { type FSWatcher, watch } from "node:fs";
import { open } from "node:fs/promises";
import path from "node:path";
import { fileSize, lastLineEnd } from "./output-log.js";

export interface LogLine {
  /** Byte offset just after this line (and its newline). */
  end: number;
  text: string;
}

type Listener = (lines: LogLine[]) => void;

const READ_CHUNK = 1024 * 1024;
/** What one subscriber reading at its own pace holds at a time. */
const PACED_CHUNK = 64 * 1024;
// inotify is reliable on local disks; this slow re-check only guards against a missed event.
const SAFETY_RECHECK_MS = 5000;

/** Reads the complete lines in [from, to) in chunks; returns where the last complete line ended. */
async function readLines(file: string, from: number, to: number, deliver: Listener): Promise<number> {
  const handle = await open(file, "r").catch(() => undefined);
  if (!handle) return from;
  try {
    let position = from;
    let carry = Buffer.alloc(0);
    let consumed = from;
    while (position < to) {
      const length = Math.min(READ_CHUNK, to - position);
      const buf = Buffer.allocUnsafe(length);
      const { bytesRead } = await handle.read(buf, 0, length, position);
      if (bytesRead === 0) break;
      position += bytesRead;
      const data = carry.length ? Buffer.concat([carry, buf.subarray(0, bytesRead)]) : buf.subarray(0, bytesRead);
      const lines: LogLine[] = [];
      let start = 0;
      for (let i = data.indexOf(0x0a); i !== -1; i = data.indexOf(0x0a, start)) {
        consumed += i + 1 - start;
        lines.push({ end: consumed, text: data.toString("utf8", start, i) });
        start = i + 1;
      }
      carry = Buffer.from(data.subarray(start));
      if (lines.length) deliver(lines);
    }
    return consumed;
  } finally {
    await handle.close();
  }
}

/** True when `offset` is 0 or directly after a newline of the file (the end of some line). */
export async function isLineBoundary(file: string, offset: number): Promise<boolean> {
  if (offset === 0) return true;
  if (offset > (await fileSize(file))) return false;
  const handle = await open(file, "r").catch(() => undefined);
  if (!handle) return false;
  try {
    const buf = Buffer.alloc(1);
    await handle.read(buf, 0, 1, offset - 1);
    return buf[0] === 0x0a;
  } finally {
    await handle.close();
  }
}

/**
 * Reads the complete lines in [from, to) one chunk at a time, waiting for `deliver` after each
 * line, so a slow reader holds one chunk in memory, never the file. Stops early when `deliver`
 * answers false. Returns the end of the last line delivered.
 */
export async function readLinesPaced(
  file: string,
  from: number,
  to: number,
  deliver: (line: LogLine) => Promise<boolean>,
): Promise<number> {
  const handle = await open(file, "r").catch(() => undefined);
  if (!handle) return from;
  try {
    let position = from;
    let carry = Buffer.alloc(0);
    let delivered = from;
    while (position < to) {
      const length = Math.min(PACED_CHUNK, to - position);
      const buf = Buffer.allocUnsafe(length);
      const { bytesRead } = await handle.read(buf, 0, length, position);
      if (bytesRead === 0) break;
      position += bytesRead;
      const data = carry.length ? Buffer.concat([carry, buf.subarray(0, bytesRead)]) : buf.subarray(0, bytesRead);
      let start = 0;
      for (let i = data.indexOf(0x0a); i !== -1; i = data.indexOf(0x0a, start)) {
        const line = { end: delivered + i + 1 - start, text: data.toString("utf8", start, i) };
        if (!(await deliver(line))) return delivered;
        delivered = line.end;
        start = i + 1;
      }
      carry = Buffer.from(data.subarray(start));
    }
    return delivered;
  } finally {
    await handle.close();
  }
}

class LogFollower {
  private offset = 0;
  private listeners = new Set<Listener>();
  private chain: Promise<unknown> = Promise.resolve();
  private watcher: FSWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;
  /** Handles open on this follower, joined or still catching up. */
  users = 0;

  constructor(private readonly file: string) {}

  /** Runs `work` after everything queued before it, so reads and joins never interleave. */
  private serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.chain.then(work, work);
    this.chain = next.catch(() => {});
    return next;
  }

  start(): void {
    // Watch the directory: the log may not exist yet, and atomic writers replace files.
    try {
      this.watcher = watch(path.dirname(this.file), (_event, name) => {
        if (!name || name === path.basename(this.file)) void this.poll();
      });
      this.watcher.on("error", () => {});
    } catch {
      // The task directory vanished; the safety re-check still runs.
    }
    this.timer = setInterval(() => void this.poll(), SAFETY_RECHECK_MS);
    this.timer.unref();
  }

  stop(): void {
    this.watcher?.close();
    clearInterval(this.timer);
  }

  /** Reads whatever complete lines were appended since the last read and broadcasts them. */
  poll(): Promise<void> {
    return this.serial(() => this.readNew());
  }

  private async readNew(): Promise<void> {
    const size = await fileSize(this.file);
    if (size <= this.offset) return;
    // Nobody listens yet (the first subscriber of a long log): skip to the end without reading it.
    if (this.listeners.size === 0) {
      this.offset = await lastLineEnd(this.file, size);
      return;
    }
    this.offset = await readLines(this.file, this.offset, size, (lines) => {
      for (const listener of this.listeners) listener(lines);
    });
  }

  /**
   * In order with reads: when `position` has caught up with what was broadcast, adds
   * `listener` for every line after it and answers undefined; otherwise answers the position
   * the caller must first read up to from the file (at its own pace).
   */
  joinAt(position: number, listener: Listener): Promise<number | undefined> {
    return this.serial(async () => {
      await this.readNew();
      if (position < this.offset) return this.offset;
      this.listeners.add(listener);
      return undefined;
    });
  }

  leave(listener: Listener): void {
    this.listeners.delete(listener);
  }
}

export interface LogFollow {
  /** See LogFollower.joinAt: undefined once joined, else where to read up to first. */
  joinAt(position: number, listener: Listener): Promise<number | undefined>;
  /** Stops live delivery to `listener` (it may join again later). */
  leave(listener: Listener): void;
  /** Reads (and broadcasts) anything written so far. */
  flush(): Promise<void>;
  close(): void;
}

/** One follower (one file watch) per log file while anyone follows it. */
export class LogFollowers {
  private followers = new Map<string, LogFollower>();

  /** Files watched right now (for metrics and tests: it returns to 0 when every client left). */
  get size(): number {
    return this.followers.size;
  }

  /** Starts following `file` (or shares the follower already there) until `close`. */
  follow(file: string): LogFollow {
    let follower = this.followers.get(file);
    if (!follower) {
      follower = new LogFollower(file);
      this.followers.set(file, follower);
      follower.start();
    }
    const shared = follower;
    shared.users++;
    const listeners = new Set<Listener>();
    let closed = false;
    return {
      joinAt: (position, listener) => {
        listeners.add(listener);
        return shared.joinAt(position, listener);
      },
      leave: (listener) => {
        listeners.delete(listener);
        shared.leave(listener);
      },
      flush: () => shared.poll(),
      close: () => {
        if (closed) return;
        closed = true;
        for (const listener of listeners) shared.leave(listener);
        shared.users--;
        if (shared.users === 0 && this.followers.get(file) === shared) {
          shared.stop();
          this.followers.delete(file);
        }
      },
    };
  }
}

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
import { fileSize } from "./output-log.js";

export interface LogLine {
  /** Byte offset just after this line (and its newline). */
  end: number;
  text: string;
}

type Listener = (lines: LogLine[]) => void;

const READ_CHUNK = 1024 * 1024;
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

class LogFollower {
  private offset = 0;
  private listeners = new Set<Listener>();
  private chain: Promise<unknown> = Promise.resolve();
  private watcher: FSWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;

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
    return this.serial(async () => {
      const size = await fileSize(this.file);
      if (size <= this.offset) return;
      this.offset = await readLines(this.file, this.offset, size, (lines) => {
        for (const listener of this.listeners) listener(lines);
      });
    });
  }

  /** Delivers every line after `from` (catching up from the file first), then new lines as they come. */
  join(from: number, listener: Listener): Promise<void> {
    return this.serial(async () => {
      // Bring the shared position up to date first, so the catch-up read covers everything before it.
      const size = await fileSize(this.file);
      if (size > this.offset) this.offset = await readLines(this.file, this.offset, size, (l) => this.broadcast(l));
      if (from < this.offset) await readLines(this.file, from, this.offset, listener);
      this.listeners.add(listener);
    });
  }

  private broadcast(lines: LogLine[]) {
    for (const listener of this.listeners) listener(lines);
  }

  leave(listener: Listener): number {
    this.listeners.delete(listener);
    return this.listeners.size;
  }
}

/** One follower per log file while anyone listens. */
export class LogFollowers {
  private followers = new Map<string, LogFollower>();

  /**
   * Subscribes to the lines of `file` after byte offset `from`. Resolves once the catch-up is
   * delivered; the returned `flush` reads anything written so far, `close` unsubscribes.
   */
  async subscribe(file: string, from: number, listener: Listener): Promise<{ flush: () => Promise<void>; close: () => void }> {
    let follower = this.followers.get(file);
    if (!follower) {
      follower = new LogFollower(file);
      this.followers.set(file, follower);
      follower.start();
    }
    const shared = follower;
    await shared.join(from, listener);
    let closed = false;
    return {
      flush: () => shared.poll(),
      close: () => {
        if (closed) return;
        closed = true;
        if (shared.leave(listener) === 0 && this.followers.get(file) === shared) {
          shared.stop();
          this.followers.delete(file);
        }
      },
    };
  }
}

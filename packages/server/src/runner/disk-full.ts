/**
 * Writes that wait out a full disk: a run's output must never be lost because the disk filled
 * up for a while. No event says space came back, so a refused write is simply tried again.
 */
import { writeSync } from "node:fs";

/** How soon a write refused for lack of space is tried again. */
const DISK_FULL_RETRY_MS = 250;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `write` until it succeeds, waiting out a full disk; any other error is thrown. */
export async function whileDiskFull<T>(write: () => T | Promise<T>): Promise<T> {
  for (;;) {
    try {
      return await write();
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== "ENOSPC" && code !== "EDQUOT") throw err;
      await pause(DISK_FULL_RETRY_MS);
    }
  }
}

/** Appends all of `data` (a write may take only part of it when the disk fills up). */
export async function appendAll(fd: number, data: Buffer): Promise<void> {
  let offset = 0;
  while (offset < data.length) offset += await whileDiskFull(() => writeSync(fd, data, offset));
}

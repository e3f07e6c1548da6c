/**
 * A run's part of output.log, as the wrapper writes it: bytes in arrival order, copied to the
 * tmux pane too (so `tmux attach` shows the run live), and closed with the exit marker on a
 * line of its own once every byte before it is on disk.
 */
import { closeSync, fstatSync, openSync } from "node:fs";
import { formatExitMarker } from "@claude-task-api/sdk/protocol";
import { appendAll } from "./disk-full.js";
import type { SecretRedactor } from "./secret-redactor.js";

export class RunLog {
  private readonly fd: number;
  private lastByte = 0x0a;
  /** Settles when everything appended so far is on disk. */
  private written: Promise<void> = Promise.resolve();

  /** `redactor`: the run's secrets, replaced by their names before any byte is written (secret-redactor.ts). */
  constructor(
    path: string,
    private readonly redactor?: SecretRedactor,
  ) {
    this.fd = openSync(path, "a", 0o600);
    process.stdout.on("error", () => {});
  }

  /** Appends `chunk` after everything before it; returns when it is on disk. */
  append(chunk: Buffer): Promise<void> {
    return this.write(this.redactor ? this.redactor.push(chunk) : chunk);
  }

  private write(chunk: Buffer): Promise<void> {
    if (chunk.length > 0) this.lastByte = chunk[chunk.length - 1] as number;
    this.written = this.written.then(() => appendAll(this.fd, chunk));
    try {
      process.stdout.write(chunk);
    } catch {
      // The pane may be gone (session killed); the log is what matters.
    }
    return this.written;
  }

  /** `value` as it may be shown outside the run: without the run's secrets (secret-redactor.ts). */
  redacted<T>(value: T): T | Record<string, never> {
    return this.redactor ? this.redactor.redactJson(value) : value;
  }

  /** Appends one line of text (a newline is added). */
  appendLine(text: string): Promise<void> {
    return this.append(Buffer.from(`${text}\n`));
  }

  /**
   * Waits for every byte so far, then writes the exit marker (readers take it only as a whole
   * line) and closes. `announce` is told first where the marker will end, so a reader meeting
   * the line can tell it from a copy a tool appended; returns where it did end.
   */
  async close(exitCode: number, announce?: (markerEnd: number) => Promise<void>): Promise<number> {
    if (this.redactor) void this.write(this.redactor.flush());
    await this.written;
    const marker = Buffer.from(`${this.lastByte === 0x0a ? "" : "\n"}${formatExitMarker(exitCode)}\n`);
    await announce?.(fstatSync(this.fd).size + marker.length);
    await appendAll(this.fd, marker);
    const end = fstatSync(this.fd).size;
    closeSync(this.fd);
    return end;
  }
}

/** A one-line spinner with elapsed time on stderr; silent when stderr is not a terminal. */
import type { OutStream } from "../io.js";
import { formatDuration } from "./time.js";

const FRAMES = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

export interface Spinner {
  /** Changes the text after the spinner, and optionally the moment its clock counts from (ms). */
  update(text: string, sinceMs?: number): void;
  /** Clears the line and stops. */
  stop(): void;
}

/** Starts a spinner on a TTY stream; on anything else returns one that does nothing. */
export function startSpinner(stream: OutStream, text: string): Spinner {
  if (!stream.isTTY) return { update() {}, stop() {} };
  let started = Date.now();
  let frame = 0;
  let current = text;
  const draw = () => {
    stream.write(`\r\x1b[K${FRAMES[frame++ % FRAMES.length]} ${current} · ${formatDuration(Math.max(0, Date.now() - started))}`);
  };
  // Ctrl-C must not leave a half-drawn spinner line behind the shell's prompt.
  const onInterrupt = () => {
    clearInterval(timer);
    stream.write("\r\x1b[K");
    process.exit(130);
  };
  process.once("SIGINT", onInterrupt);
  draw();
  const timer = setInterval(draw, 100);
  timer.unref?.();
  return {
    update(next, sinceMs) {
      current = next;
      if (sinceMs !== undefined) started = sinceMs;
    },
    stop() {
      clearInterval(timer);
      process.removeListener("SIGINT", onInterrupt);
      stream.write("\r\x1b[K");
    },
  };
}

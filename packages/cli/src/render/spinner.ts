/** A one-line spinner with elapsed time on stderr; silent when stderr is not a terminal. */
import type { OutStream } from "../io.js";
import { formatDuration } from "./time.js";

const FRAMES = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

export interface Spinner {
  /** Changes the text after the spinner. */
  update(text: string): void;
  /** Clears the line and stops. */
  stop(): void;
}

/** Starts a spinner on a TTY stream; on anything else returns one that does nothing. */
export function startSpinner(stream: OutStream, text: string): Spinner {
  if (!stream.isTTY) return { update() {}, stop() {} };
  const started = Date.now();
  let frame = 0;
  let current = text;
  const draw = () => {
    stream.write(`\r\x1b[K${FRAMES[frame++ % FRAMES.length]} ${current} · ${formatDuration(Date.now() - started)}`);
  };
  draw();
  const timer = setInterval(draw, 100);
  timer.unref?.();
  return {
    update(next) {
      current = next;
    },
    stop() {
      clearInterval(timer);
      stream.write("\r\x1b[K");
    },
  };
}

/** ANSI colours, only on a TTY and never with NO_COLOR (https://no-color.org). */
import type { TaskStatus } from "@claude-task-api/sdk";
import type { OutStream } from "../io.js";

export interface Style {
  enabled: boolean;
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  cyan(text: string): string;
  magenta(text: string): string;
}

/** Whether to colour output written to this stream. */
export function colorEnabled(stream: OutStream, env: Record<string, string | undefined>, flag: boolean): boolean {
  if (!flag) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  return stream.isTTY === true && env.TERM !== "dumb";
}

/** A Style that colours when `enabled`, else returns text unchanged. */
export function createStyle(enabled: boolean): Style {
  const wrap = (open: number, close: number) => (text: string) => (enabled ? `\x1b[${open}m${text}\x1b[${close}m` : text);
  return {
    enabled,
    bold: wrap(1, 22),
    dim: wrap(2, 22),
    red: wrap(31, 39),
    green: wrap(32, 39),
    yellow: wrap(33, 39),
    cyan: wrap(36, 39),
    magenta: wrap(35, 39),
  };
}

/** A status word in its colour. */
export function paintStatus(style: Style, status: TaskStatus | string): string {
  switch (status) {
    case "completed":
      return style.green(status);
    case "error":
      return style.red(status);
    case "killed":
    case "interrupted":
      return style.magenta(status);
    case "running":
    case "queued":
      return style.yellow(status);
    default:
      return status;
  }
}

/** Visible width of text that may contain ANSI colour codes. */
export function visibleLength(text: string): number {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching ANSI escapes is the point
  return [...text.replace(/\x1b\[[0-9;]*m/g, "")].length;
}

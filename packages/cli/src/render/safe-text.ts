/**
 * Text that came from a task (model output, tool input and output, prompts, labels, the server's
 * messages about them) is hostile wherever the CLI prints it: an escape sequence can rewrite the
 * screen, the window title or the clipboard, a carriage return can hide what came before it on
 * the line, and bidi controls can reorder what a person reads. This is the one module that
 * makes such text harmless; the CLI's own colours are added after it, so they keep working.
 *
 * Notation after gh's asciisanitizer: caret notation for C0 controls and DEL (ESC → `^[`,
 * CR → `^M`, BEL → `^G`, DEL → `^?`), cat -v's `M-` prefix for C1 controls (CSI U+009B →
 * `M-^[`, which gh would show like ESC), `<U+202E>` for bidi and line-separator controls.
 * Tab and newline stay.
 */

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const UNSAFE = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
// The same set without C0 (JSON.stringify already escapes those as \u00XX).
const UNSAFE_IN_JSON = /[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** The text with every control character shown as inert, visible notation (tab and newline kept). */
export function safeText(text: string): string {
  return text.replace(UNSAFE, visible);
}

/** A copy of a value (as parsed from JSON) with every string in it, keys included, made safe. */
export function safeView<T>(value: T): T {
  if (typeof value === "string") return safeText(value) as T;
  if (Array.isArray(value)) return value.map((item) => safeView(item)) as T;
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [safeText(key), safeView(item)])) as T;
  }
  return value;
}

/**
 * JSON text that reads harmlessly on a terminal and parses to the same value: the C1, DEL and
 * bidi characters JSON.stringify leaves raw are written as \u escapes (only ever inside strings).
 */
export function safeJson(json: string): string {
  return json.replace(UNSAFE_IN_JSON, (ch) => `\\u${hex(ch)}`);
}

/** Exact bytes for a pipe or file (diffs for git apply, logs to keep); made safe for a terminal. */
export function safeForStream(text: string, isTTY: boolean | undefined): string {
  return isTTY ? safeText(text) : text;
}

function visible(ch: string): string {
  const code = ch.charCodeAt(0);
  if (code < 0x20) return `^${String.fromCharCode(code + 0x40)}`;
  if (code === 0x7f) return "^?";
  if (code <= 0x9f) return `M-^${String.fromCharCode(code - 0x40)}`;
  return `<U+${hex(ch).toUpperCase()}>`;
}

function hex(ch: string): string {
  return ch.charCodeAt(0).toString(16).padStart(4, "0");
}

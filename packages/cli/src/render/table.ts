/** Aligned plain-text tables; the last column is cut to the terminal width when there is one. */
import { visibleLength } from "./style.js";

/** Renders rows (first row = header, if given) as space-aligned columns. */
export function renderTable(rows: string[][], options: { maxWidth?: number } = {}): string {
  if (rows.length === 0) return "";
  const columns = Math.max(...rows.map((row) => row.length));
  const widths = Array.from({ length: columns }, (_, i) => Math.max(...rows.map((row) => visibleLength(row[i] ?? ""))));
  return rows
    .map((row) => {
      const cells = row.map((cell, i) => (i === row.length - 1 ? cell : pad(cell, widths[i] ?? 0)));
      const line = cells.join("  ");
      return options.maxWidth ? truncate(line, options.maxWidth) : line;
    })
    .join("\n");
}

/** Two-column "label  value" list, for show and config. */
export function renderKeyValues(pairs: Array<[string, string]>): string {
  return renderTable(pairs.map(([key, value]) => [key, value]));
}

function pad(text: string, width: number): string {
  return text + " ".repeat(Math.max(0, width - visibleLength(text)));
}

/** Cuts plain text to `max` characters with an ellipsis; colour codes are kept only when it fits. */
export function truncate(text: string, max: number): string {
  if (visibleLength(text) <= max) return text;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: strip ANSI before cutting
  const plain = [...text.replace(/\x1b\[[0-9;]*m/g, "")];
  return `${plain.slice(0, Math.max(0, max - 1)).join("")}…`;
}

/** Puts multi-line text on one line, for table cells. */
export function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, " ⏎ ").trim();
}

/** Horizontal bars for a terminal: one line per entry, scaled to the largest value. */

/** Eighths of a block, so short bars still differ. */
const PARTS = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"];

/** A bar `width` cells long at most, `value / max` of it filled. */
export function bar(value: number, max: number, width: number): string {
  if (max <= 0 || value <= 0) return "";
  const eighths = Math.max(1, Math.round((value / max) * width * 8));
  return "█".repeat(Math.floor(eighths / 8)) + (PARTS[eighths % 8] ?? "");
}

/**
 * Lines of `label │bar value`; labels padded to one width. Labels must already be safe to print
 * (render/safe-text.ts).
 */
export function renderBars(entries: Array<{ label: string; value: number; text: string }>, width = 40): string {
  const max = Math.max(0, ...entries.map((e) => e.value));
  const labelWidth = Math.max(0, ...entries.map((e) => e.label.length));
  return entries.map((e) => `${e.label.padEnd(labelWidth)} │${bar(e.value, max, width)} ${e.text}`).join("\n");
}

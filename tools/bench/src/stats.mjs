/** Small statistics and formatting helpers shared by the benchmarks. */
export const quantile = (values, q) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};
export const median = (values) => quantile(values, 0.5);
export const fmt = (ms) => `${ms.toFixed(2)} ms`;
export const mib = (v) => `${v.toFixed(1)} MiB`;

/** A verdict cell: "ok (≤ 1.5)" or "MISSED (> 1.5)"; `ok` is what run.mjs counts. */
export const verdict = (ok, target) => ({ ok, text: ok ? `ok (${target})` : `MISSED (${target})` });

/** Prints rows as an aligned text table (also valid Markdown). Verdict cells print their text. */
export function table(header, rows) {
  const all = [header, ...rows].map((r) => r.map((c) => (typeof c === "object" && c !== null ? c.text : String(c))));
  const widths = header.map((_, i) => Math.max(...all.map((r) => r[i].length)));
  const line = (r) => `| ${r.map((c, i) => c.padEnd(widths[i])).join(" | ")} |`;
  return [line(all[0]), `| ${widths.map((w) => "-".repeat(w)).join(" | ")} |`, ...all.slice(1).map(line)].join("\n");
}

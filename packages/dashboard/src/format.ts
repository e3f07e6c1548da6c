/** Small display helpers. */

/** How long ago a unix time (seconds) was, shortly. */
export function age(unixSeconds: number | undefined, now = Date.now()): string {
  if (unixSeconds === undefined) return "";
  const seconds = Math.max(0, Math.round(now / 1000 - unixSeconds));
  if (seconds < 60) return `${seconds}s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m ago`;
  if (seconds < 86400) return `${Math.floor(seconds / 3600)}h ago`;
  return `${Math.floor(seconds / 86400)}d ago`;
}

/** A span of seconds for people: `42s`, `3m 05s`, `2h 10m`. */
export function duration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
}

/** The argument that says what a tool call does (its command, file, pattern or URL), shortened. */
export function keyArgument(input: Record<string, unknown>, maxChars = 80): string {
  const first = input.command ?? input.file_path ?? input.notebook_path ?? input.path ?? input.pattern ?? input.url ?? "";
  const text = typeof first === "string" ? first : "";
  return text.length > maxChars ? `${text.slice(0, maxChars - 3)}...` : text;
}

export const cost = (usd: number | null | undefined) => (usd == null ? "" : `$${usd.toFixed(usd < 1 ? 4 : 2)}`);

/** `team=web, ticket=42` into `{ team: "web", ticket: "42" }`; throws on a malformed entry. */
export function parseLabels(text: string): Record<string, string> | undefined {
  const entries = text
    .split(",")
    .map((e) => e.trim())
    .filter(Boolean);
  if (entries.length === 0) return undefined;
  const labels: Record<string, string> = {};
  for (const entry of entries) {
    const eq = entry.indexOf("=");
    if (eq <= 0) throw new Error(`Label "${entry}" is not key=value`);
    labels[entry.slice(0, eq).trim()] = entry.slice(eq + 1).trim();
  }
  return labels;
}

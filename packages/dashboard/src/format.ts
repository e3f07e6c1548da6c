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

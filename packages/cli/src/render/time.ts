/** Relative times and durations for people ("3m ago", "1h 5m"). */

/** "just now", "42s ago", "5m ago", "3h ago", "2d ago" for a Unix-seconds timestamp. */
export function relativeTime(unixSeconds: number, nowMs: number = Date.now()): string {
  const seconds = Math.round(nowMs / 1000 - unixSeconds);
  if (seconds < 0) return "in the future";
  if (seconds < 5) return "just now";
  return `${formatDuration(seconds * 1000)} ago`;
}

/** A compact duration: "850ms", "12s", "5m 3s", "2h 10m", "3d 4h". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return s % 60 ? `${m}m ${s % 60}s` : `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 24) return m % 60 ? `${h}h ${m % 60}m` : `${h}h`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d}d ${h % 24}h` : `${d}d`;
}

/** Local date and time, to the second: "2024-02-03 22:40:00". */
export function absoluteTime(unixSeconds: number): string {
  const date = new Date(unixSeconds * 1000);
  const two = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())} ${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}`;
}

/** "$0.0123" with enough digits to see small costs. */
export function formatCost(usd: number): string {
  return `$${usd < 0.01 ? usd.toFixed(4) : usd.toFixed(2)}`;
}

/** "1 turn", "2 turns". */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

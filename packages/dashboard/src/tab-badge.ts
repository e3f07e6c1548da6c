/**
 * The tab says how many tasks wait for an approval: "(2) Claude tasks", and the favicon with a
 * count. The badged icon is an SVG in a data: URL (the page's policy allows images from itself
 * and data: only); the count is a number, so nothing else is ever put in the markup.
 */
import { useEffect } from "preact/hooks";

const TITLE = "Claude tasks";
const ICON = "assets/favicon.svg";
// The shape of src/favicon.svg, with room for a badge.
const BASE =
  '<rect width="32" height="32" rx="7" fill="#c15f3c"/><path d="M9 10l6 6-6 6M17 22h7" fill="none" stroke="#fff" stroke-width="3" stroke-linecap="round" stroke-linejoin="round"/>';

function badgedIcon(count: number): string {
  const text = count > 9 ? "9+" : String(count);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">${BASE}<circle cx="22" cy="10" r="10" fill="#d11"/><text x="22" y="14.5" font-family="sans-serif" font-size="${text.length > 1 ? 11 : 14}" font-weight="700" text-anchor="middle" fill="#fff">${text}</text></svg>`;
  return `data:image/svg+xml,${encodeURIComponent(svg)}`;
}

export function useTabBadge(count: number): void {
  useEffect(() => {
    const n = Math.max(0, Math.floor(count));
    document.title = n > 0 ? `(${n}) ${TITLE}` : TITLE;
    const link = document.querySelector<HTMLLinkElement>('link[rel="icon"]');
    if (link) link.href = n > 0 ? badgedIcon(n) : ICON;
  }, [count]);
}

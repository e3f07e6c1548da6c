// The CLI tells the model its working directory in an "# Environment" section:
// in 2.1.328 inside a `role: "system"` entry of `messages` (not in `system`!),
// as " - Primary working directory: /abs/path". Older releases used
// "Working directory: /abs/path" inside `<env>` in the system prompt. We search
// both places for either wording so that a release change degrades gracefully.
// System text is searched before user text, so a prompt quoting such a line
// cannot redirect the model.

import { isAbsolute } from "node:path";

const PATTERN =
  /^[ \t]*(?:-[ \t]*)?(?:Primary working directory|Current working directory|Working directory):[ \t]*(\S.*?)[ \t]*$/m;

function texts(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (!Array.isArray(value)) return [];
  return value.flatMap((b: { text?: unknown }) => (typeof b?.text === "string" ? [b.text] : []));
}

/** The CLI's working directory from a request body, or `fallback` if none is found. */
export function extractWorkingDirectory(body: unknown, fallback: string = process.cwd()): string {
  const b = (body ?? {}) as { system?: unknown; messages?: unknown };
  const messages = Array.isArray(b.messages) ? (b.messages as { role?: unknown; content?: unknown }[]) : [];
  const bySystem = messages.filter((m) => m?.role === "system");
  const others = messages.filter((m) => m?.role !== "system");
  const sources = [b.system, ...bySystem.map((m) => m.content), ...others.map((m) => m?.content)].flatMap(texts);
  for (const text of sources) {
    const dir = PATTERN.exec(text)?.[1];
    if (dir && isAbsolute(dir)) return dir;
  }
  return fallback;
}

/**
 * Refuses request targets whose path could mean two things. URL parsers (WHATWG's, and so
 * @hono/node-server's) resolve `..`, `%2e%2e` and `\` before routing, so
 * `/api/claude/%2e%2e/%2e%2e/oauth/api/claude/auth/token` would be routed to a door the client
 * never named. The check reads the raw target as it came off the socket, before any routing.
 */
import type { Context } from "hono";
import type { AppEnv } from "../app-env.js";
import { errorResponse } from "../error-handler.js";

const ENCODED_SEPARATOR = /%2f|%5c/i;
const ENCODED_DOT = /%2e/gi;
const SUSPECT = /[.%\\]/;

/** The path of a request target: origin-form as is, absolute-form without scheme and authority. */
function targetPath(target: string): string {
  const end = target.search(/[?#]/);
  const path = end === -1 ? target : target.slice(0, end);
  return path.startsWith("/") ? path : path.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, "");
}

/** Why a raw request target is refused, or undefined when its path is plain. */
export function badPathReason(target: string): string | undefined {
  const path = targetPath(target);
  // The common case, checked once: nothing that could form a dot segment or an encoded separator.
  if (!SUSPECT.test(path)) return undefined;
  if (path.includes("\\")) return "a backslash";
  if (ENCODED_SEPARATOR.test(path)) return "an encoded slash or backslash (%2f, %5c)";
  for (const segment of path.split("/")) {
    const decoded = segment.replace(ENCODED_DOT, ".");
    if (decoded === "." || decoded === "..") return `a dot segment (${segment})`;
  }
  return undefined;
}

/** The raw target from Node's socket when served by @hono/node-server; the parsed URL otherwise. */
function rawTarget(c: Context<AppEnv>): string {
  const incoming = (c.env as { incoming?: { url?: string } } | undefined)?.incoming;
  return incoming?.url ?? new URL(c.req.url).pathname;
}

/**
 * For a path that holds dot segments or encoded separators, the 400 bad_path answer; undefined
 * for a plain one. Asked by the request frame before anything else, so the refusal is logged
 * like any other answer.
 */
export function badPathRefusal(c: Context<AppEnv>): Response | undefined {
  const reason = badPathReason(rawTarget(c));
  if (!reason) return undefined;
  // Any body was never read; the connection is not worth keeping for a client like this.
  c.header("Connection", "close");
  return errorResponse(c, "bad_path", `The request path holds ${reason}; send the plain path instead`);
}

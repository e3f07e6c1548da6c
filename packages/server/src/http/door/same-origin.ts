/**
 * Cross-site request refusal for the browser doors. A form on another site can make the
 * owner's browser POST to us with the proxy's session cookie attached; the browser says where
 * a request came from (Sec-Fetch-Site, Origin), and we refuse to change anything unless it
 * came from our own pages (or was typed by the person: `none`).
 */
import type { MiddlewareHandler } from "hono";
import { AppError } from "../../errors.js";
import type { AppEnv } from "../app-env.js";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** True when a request is allowed to change state under the browser doors. */
export function isSameOrigin(header: (name: string) => string | undefined): boolean {
  const site = header("sec-fetch-site");
  if (site === "same-origin" || site === "none") return true;
  const origin = header("origin");
  const host = header("host");
  if (!origin || origin === "null" || !host) return false;
  try {
    return new URL(origin).host.toLowerCase() === host.toLowerCase();
  } catch {
    return false;
  }
}

/** Throws cross_site for a state-changing request that did not come from our own pages. */
export function assertNotCrossSite(method: string, header: (name: string) => string | undefined): void {
  if (SAFE_METHODS.has(method) || isSameOrigin(header)) return;
  throw new AppError(
    "cross_site",
    "Refused a state-changing request from another site: it needs Sec-Fetch-Site: same-origin or an Origin matching the host",
  );
}

export const refuseCrossSite: MiddlewareHandler<AppEnv> = (c, next) => {
  assertNotCrossSite(c.req.method, (n) => c.req.header(n));
  return next();
};

/**
 * Headers for every HTML page we serve (dashboard, API reference). The pages share an origin with
 * the bearer token, so a script injected into one would own the workspace: no inline or foreign
 * scripts, no connections elsewhere, no framing.
 */
import type { Context } from "hono";

export interface PagePolicy {
  /** Extra style sources; the API reference's Vue components set inline styles. */
  inlineStyles?: boolean;
}

export function contentSecurityPolicy(policy: PagePolicy = {}): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    `style-src 'self'${policy.inlineStyles ? " 'unsafe-inline'" : ""}`,
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** Sets the page headers on a response about to be sent from this context. */
export function setPageHeaders(c: Context, policy: PagePolicy = {}): void {
  c.header("Content-Security-Policy", contentSecurityPolicy(policy));
  c.header("X-Content-Type-Options", "nosniff");
  c.header("X-Frame-Options", "DENY");
  // Sign-in links carry their code in the query: never hand a URL of ours to another site.
  c.header("Referrer-Policy", "no-referrer");
  c.header("Cache-Control", "no-cache");
}

/** Headers for a script or stylesheet served beside the pages. */
export function setAssetHeaders(c: Context, contentType: string): void {
  c.header("Content-Type", contentType);
  c.header("X-Content-Type-Options", "nosniff");
  c.header("Cache-Control", "no-cache");
}

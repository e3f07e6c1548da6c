/**
 * The two doors. /api/claude/* opens only for the bearer token; identity headers there are
 * ignored, because that ingress has no OAuth2 proxy and anyone could set them.
 * /oauth/api/claude/* opens only for requests carrying the proxy's identity headers.
 */
import { createMiddleware } from "hono/factory";
import { AppError } from "../errors.js";
import type { AppEnv } from "./app-env.js";

const BEARER = /^Bearer[ ]+([^\s]+)\s*$/i;

// Not async: on every request, and the check itself never waits (one promise fewer per request).
export const requireBearer = createMiddleware<AppEnv>((c, next) => {
  // Requests forwarded by the /oauth mirror were already authenticated by the proxy.
  if (c.env?.proxyIdentity) return next();
  const match = BEARER.exec(c.req.header("authorization") ?? "");
  if (!match) throw new AppError("unauthorized", "Missing bearer token: send Authorization: Bearer <token>");
  if (!c.get("services").tokens.verify(match[1] as string)) throw new AppError("unauthorized", "Invalid bearer token");
  return next();
});

/** The user the OAuth2 proxy vouched for, or undefined. */
export function proxyUser(header: (name: string) => string | undefined): string | undefined {
  const user = header("x-auth-request-user")?.trim() || header("x-auth-request-email")?.trim();
  return user || undefined;
}

export const requireProxyIdentity = createMiddleware<AppEnv>(async (c, next) => {
  if (!proxyUser((n) => c.req.header(n))) {
    throw new AppError(
      "unauthorized",
      "This path needs a browser session through the OAuth2 proxy (no X-Auth-Request-User header); bearer tokens are not accepted here",
    );
  }
  await next();
});

/**
 * The doors' credentials. /api/claude/* opens only for the bearer token; identity headers there
 * are ignored, because that ingress has no OAuth2 proxy and anyone could set them.
 * /oauth/* is guarded as a whole by the proxy door (http/door/proxy-door.ts), /claude/* by the
 * dashboard's session door (http/door/session-door.ts).
 */
import { createMiddleware } from "hono/factory";
import { AppError } from "../errors.js";
import type { AppEnv } from "./app-env.js";

const BEARER = /^Bearer[ ]+([^\s]+)\s*$/i;

// Not async: on every request, and the check itself never waits (one promise fewer per request).
export const requireBearer = createMiddleware<AppEnv>((c, next) => {
  // Requests re-dispatched by the /oauth or /claude doors were already authenticated there.
  if (c.env?.proxyIdentity) return next();
  const match = BEARER.exec(c.req.header("authorization") ?? "");
  if (!match) throw new AppError("unauthorized", "Missing bearer token: send Authorization: Bearer <token>");
  if (!c.get("services").tokens.verify(match[1] as string)) throw new AppError("unauthorized", "Invalid bearer token");
  return next();
});

/**
 * The token routes: only for the owner's browser (the proxy door, or a dashboard session opened
 * with the server's own sign-in link), never for a bearer token.
 */
export const requireProxyIdentity = createMiddleware<AppEnv>(async (c, next) => {
  const identity = c.env?.proxyIdentity ?? c.get("identity");
  if (!identity) {
    throw new AppError(
      "unauthorized",
      "This path needs a browser session through the OAuth2 proxy (no X-Auth-Request-User header); bearer tokens are not accepted here",
    );
  }
  if (!identity.owner) {
    throw new AppError(
      "forbidden_identity",
      "This dashboard session was opened with a link a bearer-token holder asked for; it cannot see or replace the token",
    );
  }
  await next();
});

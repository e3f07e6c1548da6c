/**
 * The /oauth door: requests the OAuth2 proxy authenticated. Identity headers are worth nothing
 * unless the server was told it sits behind the proxy (TRUST_PROXY_HEADERS), the proxy proved
 * itself (PROXY_AUTH_SECRET, when set) and the identity is the workspace owner's
 * (OAUTH_ALLOWED_USERS / OAUTH_ALLOWED_EMAILS, when set).
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import type { DoorConfig } from "../../config.js";
import { AppError } from "../../errors.js";
import type { AppEnv } from "../app-env.js";
import { refuseCrossSite } from "./same-origin.js";

export const PROXY_SECRET_HEADER = "x-auth-request-proxy-secret";

export interface ProxyClaims {
  user: string | undefined;
  email: string | undefined;
}

const digest = (value: string) => createHash("sha256").update(value).digest();

/** Constant-time comparison whatever the lengths (both sides are hashed to 32 bytes first). */
export function secretMatches(sent: string | undefined, expected: string): boolean {
  return timingSafeEqual(digest(sent ?? ""), digest(expected)) && sent !== undefined;
}

/** The identity the proxy vouched for, as the headers say it. */
export function proxyClaims(header: (name: string) => string | undefined): ProxyClaims {
  return {
    user: header("x-auth-request-user")?.trim() || undefined,
    email: header("x-auth-request-email")?.trim() || undefined,
  };
}

/** True when the claims name an allowed identity (anyone, when no list is configured). */
export function isAllowedIdentity(claims: ProxyClaims, door: DoorConfig): boolean {
  if (door.allowedUsers.length === 0 && door.allowedEmails.length === 0) return true;
  if (claims.user && door.allowedUsers.includes(claims.user)) return true;
  return claims.email !== undefined && door.allowedEmails.includes(claims.email.toLowerCase());
}

/** Every check of the /oauth door, in order; the identity's name on success. */
export function checkProxyRequest(header: (name: string) => string | undefined, door: DoorConfig): string {
  if (!door.trustProxyHeaders) {
    throw new AppError(
      "proxy_not_trusted",
      "This server does not sit behind an OAuth2 proxy (TRUST_PROXY_HEADERS is off): use the bearer token on /api/claude, or the dashboard at /claude/",
    );
  }
  if (door.proxySecret !== undefined && !secretMatches(header(PROXY_SECRET_HEADER), door.proxySecret)) {
    throw new AppError(
      "proxy_not_trusted",
      "Missing or wrong X-Auth-Request-Proxy-Secret: the request did not come through the OAuth2 proxy",
    );
  }
  const claims = proxyClaims(header);
  const name = claims.user ?? claims.email;
  if (!name) {
    throw new AppError(
      "unauthorized",
      "This path needs a browser session through the OAuth2 proxy (no X-Auth-Request-User header); bearer tokens are not accepted here",
    );
  }
  if (!isAllowedIdentity(claims, door)) {
    throw new AppError("forbidden_identity", `${name} is not the owner of this workspace`);
  }
  return name;
}

/**
 * Guards everything under /oauth; the routes there (openapi.yaml's `proxyIdentity`) check the
 * identity it leaves.
 */
export const proxyDoor =
  (door: DoorConfig): MiddlewareHandler<AppEnv> =>
  (c, next) => {
    const user = checkProxyRequest((n) => c.req.header(n), door);
    c.set("identity", { door: "proxy", user, owner: true });
    return refuseCrossSite(c, next);
  };

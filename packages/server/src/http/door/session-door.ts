/**
 * The dashboard's own door for local use (no OAuth2 proxy): /claude/login trades a one-time
 * link for an HttpOnly, SameSite=Strict session cookie scoped to /claude, and the page's API
 * calls go to /claude/api/claude/*, where the operations whose openapi.yaml `security` names
 * `dashboardSession` are served with the session as identity. The cookie never reaches /api or /oauth, and a
 * bearer-token client never holds a cookie, so each door keeps one kind of credential.
 */
import type { Context, Handler, MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";
import { type CookieOptions, serialize } from "hono/utils/cookie";
import { AppError } from "../../errors.js";
import type { AppEnv } from "../app-env.js";
import { assertNotCrossSite } from "./same-origin.js";
import type { DashboardSessions } from "./sessions.js";
import { usedLinkPage, wantsHtml } from "./used-link-page.js";

export const SESSION_PREFIX = "/claude";
export const SESSION_COOKIE = "cta_session";
export const LOGIN_PATH = `${SESSION_PREFIX}/login`;

/** The session cookie's attributes; Max-Age 0 clears it. */
const cookieOptions = (c: Context, maxAge: number): CookieOptions => ({
  httpOnly: true,
  sameSite: "Strict",
  path: SESSION_PREFIX,
  maxAge,
  secure: new URL(c.req.url).protocol === "https:",
});

/** The Set-Cookie value for a session ending at `expiresAt` (or, without one, clearing the cookie). */
export function sessionCookie(c: Context, session?: { cookie: string; expiresAt: number }): string {
  if (!session) return serialize(SESSION_COOKIE, "", cookieOptions(c, 0));
  const maxAge = Math.max(0, Math.floor((session.expiresAt - Date.now()) / 1000));
  return serialize(SESSION_COOKIE, session.cookie, cookieOptions(c, maxAge));
}

/** `/claude/login?code=...`: sets the session cookie and redirects to the dashboard's clean URL. */
export const login =
  (sessions: DashboardSessions): Handler<AppEnv> =>
  async (c) => {
    // Link checkers and previews often send HEAD first: only a real GET may use up the link.
    if (c.req.method === "HEAD") return c.body(null, 204);
    const code = c.req.query("code");
    const session = code ? await sessions.redeem(code) : undefined;
    if (!session) {
      if (wantsHtml(c)) return usedLinkPage(c);
      throw new AppError(
        "unauthorized",
        "This sign-in link was already used, has expired or was ended (sign-out everywhere, a regenerated token): run `claude-tasks ui` for a new one",
      );
    }
    c.header("Set-Cookie", sessionCookie(c, session));
    c.header("Referrer-Policy", "no-referrer");
    c.header("Cache-Control", "no-store");
    return c.redirect(`${SESSION_PREFIX}/`, 303);
  };

/**
 * `/claude/api/*`: session required, cross-site writes refused; the routes registered there
 * (openapi.yaml's `dashboardSession`) check the identity it leaves.
 */
export const sessionApi =
  (sessions: DashboardSessions): MiddlewareHandler<AppEnv> =>
  (c, next) => {
    const session = sessions.lookup(getCookie(c, SESSION_COOKIE));
    if (!session) {
      throw new AppError("unauthorized", "Not signed in: open the one-time link that the server or `claude-tasks ui` printed");
    }
    assertNotCrossSite(c.req.method, (n) => c.req.header(n));
    c.set("identity", { door: "session", user: "dashboard session", owner: session.owner });
    return next();
  };

/**
 * The dashboard's own door for local use (no OAuth2 proxy): /claude/login trades a one-time
 * link for an HttpOnly, SameSite=Strict session cookie scoped to /claude, and the page's API
 * calls go to /claude/api/claude/*, which this door re-dispatches to the bearer routes (and the
 * token routes) with the session as identity. The cookie never reaches /api or /oauth, and a
 * bearer-token client never holds a cookie, so each door keeps one kind of credential.
 */
import type { Context, Handler, Hono, MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";
import { type CookieOptions, serialize } from "hono/utils/cookie";
import { AppError } from "../../errors.js";
import type { AppEnv } from "../app-env.js";
import { OAUTH_PREFIX } from "../oauth-mirror.js";
import { assertNotCrossSite } from "./same-origin.js";
import type { DashboardSessions } from "./sessions.js";

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

const TASK_PATHS = /^\/api\/claude\/(tasks(\/.*)?|schedules(\/.*)?|metrics)$/;
const TOKEN_PATHS = /^\/api\/claude\/auth\/token(\/regenerate)?$/;
const REGENERATE_PATH = "/api/claude/auth/token/regenerate";

/** `/claude/api/claude/*`: session required, cross-site writes refused, then served by the shared routes. */
export const sessionApi =
  (app: Hono<AppEnv>, sessions: DashboardSessions): MiddlewareHandler<AppEnv> =>
  async (c, next) => {
    const session = sessions.lookup(getCookie(c, SESSION_COOKIE));
    if (!session) {
      throw new AppError("unauthorized", "Not signed in: open the one-time link that the server or `claude-tasks ui` printed");
    }
    assertNotCrossSite(c.req.method, (n) => c.req.header(n));
    const url = new URL(c.req.url);
    const rest = url.pathname.slice(SESSION_PREFIX.length);
    if (TOKEN_PATHS.test(rest)) url.pathname = `${OAUTH_PREFIX}${rest}`;
    else if (TASK_PATHS.test(rest)) url.pathname = rest;
    else return next();
    const res = await app.fetch(new Request(url, c.req.raw), {
      ...c.env,
      proxyIdentity: { user: "dashboard session", owner: session.owner },
    });
    if (rest !== REGENERATE_PATH || res.status !== 200) return res;
    // Regenerating ended every session, this one too; the person who did it stays signed in
    // with a new one (a copy of the old cookie elsewhere does not).
    const renewed = new Response(res.body, res);
    renewed.headers.append("Set-Cookie", sessionCookie(c, await sessions.start(session.owner)));
    return renewed;
  };

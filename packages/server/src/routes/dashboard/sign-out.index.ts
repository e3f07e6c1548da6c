import { getCookie } from "hono/cookie";
import * as routes from "../../generated/routes.js";
import { createRouter } from "../../http/create-router.js";
import { SESSION_COOKIE, sessionCookie } from "../../http/door/session-door.js";
import type { DashboardSessions } from "../../http/door/sessions.js";

/**
 * Sign-out for the dashboard's own door. The session door in front (session-door.ts) has
 * already refused requests without a live session and cross-site ones.
 */
export const signOutRouter = (sessions: DashboardSessions) =>
  createRouter()
    .openapi(routes.signOut, async (c) => {
      const ended = await sessions.end(getCookie(c, SESSION_COOKIE));
      c.header("Set-Cookie", sessionCookie(c));
      c.header("Cache-Control", "no-store");
      return c.json(ended, 200);
    })
    .openapi(routes.signOutEverywhere, async (c) => {
      const ended = await sessions.endAll();
      c.get("services").log.info("dashboard signed out everywhere", { ...ended });
      c.header("Set-Cookie", sessionCookie(c));
      c.header("Cache-Control", "no-store");
      return c.json(ended, 200);
    });

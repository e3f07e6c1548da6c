import * as routes from "../../generated/routes.js";
import { createRouter } from "../../http/create-router.js";
import { LOGIN_PATH } from "../../http/door/session-door.js";
import type { DashboardSessions } from "../../http/door/sessions.js";

/**
 * Sign-in links for `claude-tasks ui`. A bearer-token holder gets a session that can do what
 * the token can (tasks), not see or replace the token itself.
 */
export const linksRouter = (sessions: DashboardSessions) =>
  createRouter().openapi(routes.createDashboardLink, (c) => {
    const link = sessions.mintLink(false);
    c.header("Cache-Control", "no-store");
    return c.json({ url: `${LOGIN_PATH}?code=${link.code}`, expires_at: new Date(link.expiresAt).toISOString() }, 200);
  });

import { assertScope } from "../../auth/token-limits.js";
import { AppError } from "../../errors.js";
import * as routes from "../../generated/routes.js";
import { namedTokenOf } from "../../http/auth.js";
import { createRouter } from "../../http/create-router.js";
import { LOGIN_PATH } from "../../http/door/session-door.js";
import type { DashboardSessions } from "../../http/door/sessions.js";

/**
 * Sign-in links for `claude-tasks ui`. A bearer-token holder gets a session that can do what
 * the token can (tasks), not see or replace the token itself.
 */
export const linksRouter = (sessions: DashboardSessions) =>
  createRouter().openapi(routes.createDashboardLink, (c) => {
    // The session a link opens can do every task operation: a named token may mint one only if
    // it could do all of that itself, so a link is never a way round its scopes or limits.
    const token = namedTokenOf(c);
    if (token) {
      for (const scope of ["tasks:read", "tasks:write", "approvals:write", "tasks:purge"] as const) assertScope(token, scope);
      if (token.workdirs || token.secrets || token.mcp_servers) {
        throw new AppError("insufficient_scope", "A token with limits cannot open dashboard sessions, which have none");
      }
    }
    const link = sessions.mintLink(false);
    c.header("Cache-Control", "no-store");
    return c.json({ url: `${LOGIN_PATH}?code=${link.code}`, expires_at: new Date(link.expiresAt).toISOString() }, 200);
  });

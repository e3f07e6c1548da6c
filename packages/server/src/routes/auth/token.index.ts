import * as routes from "../../generated/routes.js";
import { createRouter } from "../../http/create-router.js";
import { sessionCookie } from "../../http/door/session-door.js";
import type { DashboardSessions } from "../../http/door/sessions.js";

/**
 * Token endpoints: served only where openapi.yaml's `security` says (the OAuth2 proxy, an owner's
 * dashboard session), never for a bearer token. The answers must never sit in a cache. A new
 * token also ends every dashboard session and unused sign-in link: whoever held the old token
 * (or a link or session it minted) is out, not only the token.
 */
export const tokenRouter = (sessions: DashboardSessions) =>
  createRouter()
    .openapi(routes.getToken, async (c) => {
      c.header("Cache-Control", "no-store");
      return c.json({ token: await c.get("services").tokens.get() }, 200);
    })
    .openapi(routes.regenerateToken, async (c) => {
      const token = await c.get("services").tokens.regenerate();
      const ended = await sessions.endAll();
      c.get("services").log.info("bearer token regenerated", { ...ended });
      // That ended this session too; the person who regenerated from the dashboard stays signed
      // in with a new one (a copy of the old cookie elsewhere does not).
      const identity = c.get("identity");
      if (identity?.door === "session") c.header("Set-Cookie", sessionCookie(c, await sessions.start(identity.owner)));
      c.header("Cache-Control", "no-store");
      return c.json({ token }, 200);
    });

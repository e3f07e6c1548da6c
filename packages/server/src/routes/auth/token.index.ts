import * as routes from "../../generated/routes.js";
import { requireProxyIdentity } from "../../http/auth.js";
import { createRouter } from "../../http/create-router.js";
import type { DashboardSessions } from "../../http/door/sessions.js";

/**
 * Token endpoints: only behind the OAuth2 proxy, never with a bearer token. A new token also
 * ends every dashboard session and unused sign-in link: whoever held the old token (or a link
 * or session it minted) is out, not only the token.
 */
export const tokenRouter = (sessions: DashboardSessions) =>
  createRouter()
    .openapi({ ...routes.getToken, middleware: [requireProxyIdentity] as const }, async (c) =>
      c.json({ token: await c.get("services").tokens.get() }, 200),
    )
    .openapi({ ...routes.regenerateToken, middleware: [requireProxyIdentity] as const }, async (c) => {
      const token = await c.get("services").tokens.regenerate();
      const ended = await sessions.endAll();
      c.get("services").log.info("bearer token regenerated", { ...ended });
      return c.json({ token }, 200);
    });

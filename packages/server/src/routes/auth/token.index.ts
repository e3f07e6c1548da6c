import * as routes from "../../generated/routes.js";
import { createRouter } from "../../http/create-router.js";

/**
 * Token endpoints: served only where openapi.yaml's `security` says (the OAuth2 proxy, an owner's
 * dashboard session), never for a bearer token. The answers must never sit in a cache.
 */
export const tokenRouter = createRouter()
  .openapi(routes.getToken, async (c) => {
    c.header("Cache-Control", "no-store");
    return c.json({ token: await c.get("services").tokens.get() }, 200);
  })
  .openapi(routes.regenerateToken, async (c) => {
    const token = await c.get("services").tokens.regenerate();
    c.get("services").log.info("bearer token regenerated");
    c.header("Cache-Control", "no-store");
    return c.json({ token }, 200);
  });

import * as routes from "../../generated/routes.js";
import { requireProxyIdentity } from "../../http/auth.js";
import { createRouter } from "../../http/create-router.js";

/** Token endpoints: only behind the OAuth2 proxy, never with a bearer token. */
export const tokenRouter = createRouter()
  .openapi({ ...routes.getToken, middleware: [requireProxyIdentity] as const }, async (c) =>
    c.json({ token: await c.get("services").tokens.get() }, 200),
  )
  .openapi({ ...routes.regenerateToken, middleware: [requireProxyIdentity] as const }, async (c) => {
    const token = await c.get("services").tokens.regenerate();
    c.get("services").log.info("bearer token regenerated");
    return c.json({ token }, 200);
  });

import { createRouter } from "../../http/create-router.js";
import * as routes from "./token.routes.js";

/** Token endpoints: only behind the OAuth2 proxy, never with a bearer token. */
export const tokenRouter = createRouter()
  .openapi(routes.getToken, async (c) => c.json({ token: await c.get("services").tokens.get() }, 200))
  .openapi(routes.regenerateToken, async (c) => {
    const token = await c.get("services").tokens.regenerate();
    c.get("services").log.info("bearer token regenerated");
    return c.json({ token }, 200);
  });

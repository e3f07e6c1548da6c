import * as routes from "../../generated/routes.js";
import { createRouter } from "../../http/create-router.js";

/**
 * What the dashboard session behind the request may do, so the page can hide the token
 * actions of a `claude-tasks ui` session (the door refuses them regardless; see http/auth.ts).
 */
export const sessionInfoRouter = createRouter().openapi(routes.getDashboardSession, (c) => {
  c.header("Cache-Control", "no-store");
  return c.json({ token_access: c.get("identity")?.owner === true }, 200);
});

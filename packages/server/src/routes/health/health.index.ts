import * as routes from "../../generated/routes.js";
import { createRouter } from "../../http/create-router.js";

/** Liveness: answers from memory, so a busy disk or tmux never makes the pod look dead. */
export const healthRouter = createRouter().openapi(routes.getHealth, (c) => c.json({ status: "ok" as const }, 200));

import { createRoute, z } from "@hono/zod-openapi";
import { createRouter } from "../../http/create-router.js";

const HealthSchema = z.object({ status: z.enum(["ok"]) }).openapi("Health");

const getHealth = createRoute({
  method: "get",
  path: "/healthz",
  operationId: "getHealth",
  tags: ["health"],
  summary: "Liveness check; needs no auth and never waits on task work",
  security: [],
  responses: { 200: { description: "The server is up", content: { "application/json": { schema: HealthSchema } } } },
});

/** Liveness: answers from memory, so a busy disk or tmux never makes the pod look dead. */
export const healthRouter = createRouter().openapi(getHealth, (c) => c.json({ status: "ok" as const }, 200));

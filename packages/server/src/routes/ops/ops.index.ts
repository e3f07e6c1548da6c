/** Operations endpoints: readiness (no auth) and Prometheus metrics (bearer token). */
import { createRoute, z } from "@hono/zod-openapi";
import { createRouter } from "../../http/create-router.js";
import { errorResponses } from "../shared-schemas.js";

const ReadinessSchema = z
  .object({
    status: z.enum(["ready", "not_ready"]),
    checks: z.object({ tmux: z.string(), claude: z.string(), claude_install: z.string().optional() }),
  })
  .openapi("Readiness");

const getReadiness = createRoute({
  method: "get",
  path: "/readyz",
  operationId: "getReadiness",
  tags: ["health"],
  summary: "Readiness: tmux and the claude binary are usable",
  security: [],
  responses: {
    200: { description: "Ready to run tasks", content: { "application/json": { schema: ReadinessSchema } } },
    503: { description: "Not ready; `checks` says why", content: { "application/json": { schema: ReadinessSchema } } },
  },
});

const getMetrics = createRoute({
  method: "get",
  path: "/api/claude/metrics",
  operationId: "getMetrics",
  tags: ["health"],
  summary: "Prometheus metrics",
  security: [{ bearerAuth: [] }],
  responses: {
    200: { description: "Metrics in the Prometheus text format", content: { "text/plain": { schema: z.string() } } },
    401: errorResponses[401],
  },
});

export const opsRouter = createRouter()
  .openapi(getReadiness, async (c) => {
    const { ready, checks } = await c.get("services").readiness();
    return ready ? c.json({ status: "ready" as const, checks }, 200) : c.json({ status: "not_ready" as const, checks }, 503);
  })
  .openapi(getMetrics, async (c) => {
    const { registry } = c.get("services").metrics;
    c.header("Content-Type", registry.contentType);
    return c.text(await registry.metrics(), 200);
  });

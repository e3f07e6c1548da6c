/** Operations endpoints: readiness (no auth), Prometheus metrics and the workdir settings (bearer token). */
import * as routes from "../../generated/routes.js";
import { createRouter } from "../../http/create-router.js";
import { PLAIN_TEXT_HEADERS } from "../../http/plain-text.js";

export const opsRouter = createRouter()
  .openapi(routes.getReadiness, async (c) => {
    const { ready, checks } = await c.get("services").readiness();
    return ready ? c.json({ status: "ready" as const, checks }, 200) : c.json({ status: "not_ready" as const, checks }, 503);
  })
  .openapi(routes.getServerInfo, async (c) => c.json(await c.get("services").workdirs(), 200))
  .openapi(routes.getMetrics, async (c) => {
    const { registry } = c.get("services").metrics;
    c.header("Content-Type", registry.contentType);
    return c.text(await registry.metrics(), 200, PLAIN_TEXT_HEADERS);
  });

import { createRoute, z } from "@hono/zod-openapi";
import { errorResponses } from "../shared-schemas.js";

export const DashboardLinkSchema = z
  .object({
    url: z.string(),
    expires_at: z.string(),
  })
  .openapi("DashboardLink");

export const createDashboardLink = createRoute({
  method: "post",
  path: "/api/claude/dashboard/links",
  operationId: "createDashboardLink",
  tags: ["dashboard"],
  summary: "A one-time sign-in link for the dashboard at /claude/",
  security: [{ bearerAuth: [] }],
  responses: {
    200: { description: "The link (a path on this server)", content: { "application/json": { schema: DashboardLinkSchema } } },
    401: errorResponses[401],
    500: errorResponses[500],
  },
});

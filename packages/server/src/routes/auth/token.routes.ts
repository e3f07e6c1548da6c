import { createRoute, z } from "@hono/zod-openapi";
import { requireProxyIdentity } from "../../http/auth.js";
import { errorResponses } from "../shared-schemas.js";

export const TokenResponseSchema = z.object({ token: z.string() }).openapi("TokenResponse");

const responses = {
  200: { description: "", content: { "application/json": { schema: TokenResponseSchema } } },
  401: errorResponses[401],
  500: errorResponses[500],
};

export const getToken = createRoute({
  method: "get",
  path: "/oauth/api/claude/auth/token",
  operationId: "getToken",
  tags: ["auth"],
  summary: "The bearer token (created on first use)",
  security: [{ proxyIdentity: [] }],
  middleware: [requireProxyIdentity] as const,
  responses: { ...responses, 200: { ...responses[200], description: "The current token" } },
});

export const regenerateToken = createRoute({
  method: "post",
  path: "/oauth/api/claude/auth/token/regenerate",
  operationId: "regenerateToken",
  tags: ["auth"],
  summary: "Replace the bearer token; the old one stops working at once",
  security: [{ proxyIdentity: [] }],
  middleware: [requireProxyIdentity] as const,
  responses: { ...responses, 200: { ...responses[200], description: "The new token" } },
});

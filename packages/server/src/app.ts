/**
 * Builds the Hono app from ready services. No ports, no process.env: tests call
 * `app.request()` on it, main.ts serves it.
 */
import { bodyLimit } from "hono/body-limit";
import { AppError } from "./errors.js";
import type { Services } from "./http/app-env.js";
import { requireBearer, requireProxyIdentity } from "./http/auth.js";
import { createRouter } from "./http/create-router.js";
import { errorResponse, onError } from "./http/error-handler.js";
import { OAUTH_PREFIX, oauthMirror } from "./http/oauth-mirror.js";
import { requestLog } from "./http/request-log.js";
import { tokenRouter } from "./routes/auth/token.index.js";
import { docsRouter } from "./routes/docs/docs.index.js";
import { healthRouter } from "./routes/health/health.index.js";
import { opsRouter } from "./routes/ops/ops.index.js";
import { tasksRouter } from "./routes/tasks/tasks.index.js";

export interface AppOptions {
  maxBodyBytes: number;
}

export function createApp(services: Services, options: AppOptions) {
  const app = createRouter();
  app.onError(onError);
  app.notFound((c) => errorResponse(c, "not_found", `No route for ${c.req.method} ${c.req.path}`));

  app.use("*", async (c, next) => {
    c.set("services", services);
    await next();
  });
  // Requests re-dispatched by the /oauth mirror are logged once, by their outer request.
  app.use("*", async (c, next) => (c.env?.proxyIdentity ? next() : requestLog(c, next)));
  const limitBody = bodyLimit({
    maxSize: options.maxBodyBytes,
    onError: () => {
      throw new AppError("payload_too_large", `Request body is larger than ${options.maxBodyBytes} bytes`);
    },
  });
  // Only methods with bodies: the limit looks at the raw Request, which @hono/node-server
  // otherwise never has to build for a GET (a measurable cost per request).
  app.use("*", (c, next) =>
    c.req.method === "POST" || c.req.method === "PUT" || c.req.method === "PATCH" ? limitBody(c, next) : next(),
  );

  // Token endpoints never answer on the bearer path, so a leaked token cannot mint another.
  app.all("/api/claude/auth/*", () => {
    throw new AppError("unauthorized", "Token endpoints are only served under /oauth/api/claude/auth/, through the OAuth2 proxy");
  });
  for (const path of ["/api/claude/tasks", "/api/claude/tasks/*", "/api/claude/metrics"]) app.use(path, requireBearer);
  for (const path of [
    "/api/claude/tasks",
    "/api/claude/tasks/*",
    "/api/claude/metrics",
    "/api/claude/openapi.*",
    "/api/claude/docs",
  ]) {
    app.use(`${OAUTH_PREFIX}${path}`, requireProxyIdentity, oauthMirror(app));
  }

  app.route("/", healthRouter);
  app.route("/", opsRouter);
  app.route("/", docsRouter);
  app.route("/", tasksRouter);
  app.route("/", tokenRouter);

  app.openAPIRegistry.registerComponent("securitySchemes", "bearerAuth", { type: "http", scheme: "bearer" });
  app.openAPIRegistry.registerComponent("securitySchemes", "proxyIdentity", {
    type: "apiKey",
    in: "header",
    name: "X-Auth-Request-User",
  });
  return app;
}

export type App = ReturnType<typeof createApp>;

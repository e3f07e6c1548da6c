/**
 * Builds the Hono app from ready services. No ports, no process.env: tests call
 * `app.request()` on it, main.ts serves it.
 */
import { bodyLimit } from "hono/body-limit";
import type { DoorConfig } from "./config.js";
import { AppError } from "./errors.js";
import { DOOR_PREFIXES } from "./generated/doors.js";
import type { Services } from "./http/app-env.js";
import { markAudit } from "./http/audit-hook.js";
import { createRouter } from "./http/create-router.js";
import { allowedHostSet } from "./http/door/allowed-hosts.js";
import { proxyDoor } from "./http/door/proxy-door.js";
import { LOGIN_PATH, login, SESSION_COOKIE, sessionApi } from "./http/door/session-door.js";
import { DashboardSessions } from "./http/door/sessions.js";
import { errorResponse, onError } from "./http/error-handler.js";
import { FramingRouter } from "./http/framing-router.js";
import { requestFrame } from "./http/request-frame.js";
import type { ViolationReport } from "./http/response-check/response-check.js";
import { checkedHandler } from "./http/route-checks.js";
import { namedTokensRouter } from "./routes/auth/named-tokens.index.js";
import { tokenRouter } from "./routes/auth/token.index.js";
import { dashboardRouter } from "./routes/dashboard/dashboard.index.js";
import { linksRouter } from "./routes/dashboard/links.index.js";
import { sessionInfoRouter } from "./routes/dashboard/session.index.js";
import { signOutRouter } from "./routes/dashboard/sign-out.index.js";
import { docsRouter } from "./routes/docs/docs.index.js";
import { healthRouter } from "./routes/health/health.index.js";
import { opsRouter } from "./routes/ops/ops.index.js";
import { schedulesRouter } from "./routes/schedules/schedules.index.js";
import { tasksRouter } from "./routes/tasks/tasks.index.js";

export interface AppOptions {
  maxBodyBytes: number;
  /** The /oauth door's settings; without them identity headers are never trusted. */
  door?: DoorConfig;
  /** Dashboard sign-in links and sessions (main.ts prints the first link). */
  sessions?: DashboardSessions;
  /** Check every response against openapi.yaml and report what breaks it (tests; http/response-check). */
  checkResponses?: ViolationReport;
  /** The address the server listens on, and ALLOWED_HOSTS: with loopback, the names answered in Host. */
  listenAddress?: string;
  allowedHosts?: string[];
}

const CLOSED_DOOR: DoorConfig = { trustProxyHeaders: false, allowedUsers: [], allowedEmails: [], proxySecret: undefined };

export function createApp(services: Services, options: AppOptions) {
  const sessions = options.sessions ?? new DashboardSessions();
  const hosts = allowedHostSet(options.listenAddress, options.allowedHosts ?? []);
  // Every request, once, first: the services; a raw path or Host refused; then the log line,
  // metrics, audit line and (in tests) the response check (http/request-frame.ts).
  const frame = requestFrame({ services, hosts, onError, checkResponses: options.checkResponses });
  const app = createRouter({ router: new FramingRouter(frame) });
  app.onError(onError);
  app.notFound((c) => errorResponse(c, "not_found", `No route for ${c.req.method} ${c.req.path}`));

  const limitBody = bodyLimit({
    maxSize: options.maxBodyBytes,
    onError: () => {
      throw new AppError("payload_too_large", `Request body is larger than ${options.maxBodyBytes} bytes`);
    },
  });
  // The body limit only for methods with bodies: it looks at the raw Request, which
  // @hono/node-server otherwise never has to build for a GET (a measurable cost per request).
  app.on(["POST", "PUT", "PATCH"], "*", limitBody);
  // The browser doors check their credential for their whole prefix and leave the identity;
  // which operations each serves, and to whom, comes from openapi.yaml's `security`
  // (create-router.ts puts each operation's guard before it at each of its doors' URLs).
  app.use(`${DOOR_PREFIXES.proxy}/*`, proxyDoor(options.door ?? CLOSED_DOOR));
  app.get(LOGIN_PATH, checkedHandler([markAudit("dashboardSignIn")], login(sessions)));
  app.use(`${DOOR_PREFIXES.session}/api/*`, sessionApi(sessions));

  app.route("/", healthRouter);
  app.route("/", opsRouter);
  app.route("/", docsRouter);
  app.route("/", tasksRouter);
  app.route("/", schedulesRouter);
  app.route("/", tokenRouter(sessions));
  app.route("/", namedTokensRouter);
  app.route("/", dashboardRouter);
  app.route("/", linksRouter(sessions));
  app.route("/", signOutRouter(sessions));
  app.route("/", sessionInfoRouter);

  app.openAPIRegistry.registerComponent("securitySchemes", "bearerAuth", { type: "http", scheme: "bearer" });
  app.openAPIRegistry.registerComponent("securitySchemes", "proxyIdentity", {
    type: "apiKey",
    in: "header",
    name: "X-Auth-Request-User",
  });
  app.openAPIRegistry.registerComponent("securitySchemes", "dashboardSession", {
    type: "apiKey",
    in: "cookie",
    name: SESSION_COOKIE,
  });
  return app;
}

export type App = ReturnType<typeof createApp>;

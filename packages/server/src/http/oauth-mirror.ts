/**
 * Serves the /api/claude operations (tasks, metrics, docs) also under /oauth/api/claude for
 * browser sessions: once the proxy door has checked the request (http/door/proxy-door.ts), it is
 * re-dispatched to the bearer route with the identity attached, so both doors share one
 * implementation and one spec.
 */
import type { Hono } from "hono";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "./app-env.js";

export const OAUTH_PREFIX = "/oauth";

export const oauthMirror = (app: Hono<AppEnv>) =>
  createMiddleware<AppEnv>(async (c) => {
    const identity = c.get("identity");
    if (!identity) throw new Error("oauthMirror runs only behind the proxy door");
    const url = new URL(c.req.url);
    url.pathname = url.pathname.slice(OAUTH_PREFIX.length);
    const forwarded = new Request(url, c.req.raw);
    return app.fetch(forwarded, { ...c.env, proxyIdentity: identity });
  });

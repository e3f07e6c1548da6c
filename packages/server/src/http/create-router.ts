import { OpenAPIHono, type RouteConfig } from "@hono/zod-openapi";
import type { Handler, MiddlewareHandler } from "hono";
import type { ZodType } from "zod";
import { OPERATION_DOORS, type OperationDoors } from "../generated/doors.js";
import type { AppEnv } from "./app-env.js";
import { auditMark } from "./audit-hook.js";
import { doorGuard, refusedHere } from "./auth.js";
import { validationHook } from "./error-handler.js";
import type { AppRouter } from "./framing-router.js";
import { requireJsonBody, requireJsonBodyIfAny } from "./require-json.js";
import { checkedHandler, checksMiddleware, type RouteCheck } from "./route-checks.js";
import { tokenLimitGuards } from "./token-limit-guards.js";

/**
 * An OpenAPI router whose validation errors all take the shared error shape, and whose
 * operations are served exactly where openapi.yaml's `security` says (generated/doors.ts): at
 * each door's URL, behind that door's guard, which runs before anything reads the request. An
 * operation no bearer token may call answers 401 at its plain path, saying where it is served.
 *
 * Two changes to how @hono/zod-openapi runs a route, both for the time each request costs
 * (tools/bench throughput): path parameters and the query string are checked in one synchronous
 * step, against the same zod schemas, instead of by one async zod-validator middleware each; and
 * an operation's checks (route-checks.ts) run as one step, fused with its handler when nothing
 * else reads the request, so that the route is a single handler. The route is documented exactly
 * as declared; bodies and headers still go through @hono/zod-openapi's validators, after the checks.
 *
 * The routes come from src/generated/routes.ts (openapi.yaml); what openapi.yaml cannot say
 * is added here: a route whose body is JSON first checks that the request declares JSON.
 */
export const createRouter = (options: { router?: AppRouter } = {}) => {
  const router = new OpenAPIHono<AppEnv>({ defaultHook: validationHook, ...options });
  const register = router.openapi;
  const registerAt = (declared: RouteConfig & { hide?: boolean }, guard: RouteCheck, handler: Handler<AppEnv>, hook?: never) => {
    const { params, query } = declared.request ?? {};
    const checks = [
      ...auditMark(declared),
      guard,
      ...tokenLimitGuards(declared.path),
      ...jsonBodyCheck(declared),
      ...(params || query ? [validateUrl(query as ZodType | undefined, params as ZodType | undefined)] : []),
    ];
    const { hide, middleware, ...documented } = declared;
    if (!hide) router.openAPIRegistry.registerPath(documented);
    // Documented as declared above; registered with the URL's validation done by the checks, and
    // with its checks in front of whatever @hono/zod-openapi still validates (a body, headers).
    const route = { ...declared, hide: true, request: { ...declared.request, params: undefined, query: undefined } };
    const validated = route.request.body || route.request.headers || route.request.cookies || middleware;
    if (!validated) return register({ ...route, middleware: undefined }, checkedHandler(checks, handler) as never, hook);
    return register({ ...route, middleware: [checksMiddleware(checks), ...middlewareList(middleware)] }, handler as never, hook);
  };
  router.openapi = ((declared: RouteConfig & { hide?: boolean }, handler: Handler<AppEnv>, hook?: never) => {
    const doors = doorsOf(declared.operationId);
    for (const url of doors.served) {
      // Documented once, at the path openapi.yaml gives it.
      registerAt(
        { ...declared, path: url.path, hide: declared.hide || url.path !== doors.path },
        doorGuard(url, doors.scope),
        handler,
        hook,
      );
    }
    if (doors.refusedAt) router.on(doors.method.toUpperCase(), honoPath(doors.refusedAt), refusedHere(doors));
    return router;
  }) as typeof router.openapi;
  return router;
};

/** An operation's doors; an operation openapi.yaml does not declare is a programming error. */
function doorsOf(operationId: string | undefined): OperationDoors {
  const doors = operationId === undefined ? undefined : OPERATION_DOORS[operationId];
  if (!doors) throw new Error(`route ${operationId ?? "(without operationId)"} is not an operation of openapi.yaml`);
  return doors;
}

const honoPath = (specPath: string) => specPath.replace(/\{([^}]+)\}/g, ":$1");

/**
 * A route that belongs to an operation without being one (the API reference's scripts): served
 * at `subPath` under each of the operation's URLs, behind the same guards.
 */
export function serveBeside(
  router: ReturnType<typeof createRouter>,
  operationId: string,
  subPath: string,
  handler: Handler<AppEnv>,
): void {
  for (const url of doorsOf(operationId).served)
    router.get(`${honoPath(url.path)}${subPath}`, checkedHandler([doorGuard(url, doorsOf(operationId).scope)], handler));
}

const middlewareList = (middleware: RouteConfig["middleware"]): MiddlewareHandler[] =>
  middleware ? (Array.isArray(middleware) ? middleware : [middleware]) : [];

/**
 * Without the check, a body sent as another type would be validated as an empty object. An
 * optional body (an interrupt's) may be left out altogether.
 */
function jsonBodyCheck(route: RouteConfig): RouteCheck[] {
  if (!route.request?.body?.content["application/json"]) return [];
  return [route.request.body.required === false ? requireJsonBodyIfAny : requireJsonBody];
}

/** The query string as zod-validator presents it: a repeated key becomes an array. */
function queryObject(queries: Record<string, string[]>): Record<string, string | string[]> {
  const value: Record<string, string | string[]> = {};
  for (const key in queries) {
    const all = queries[key] as string[];
    value[key] = all.length === 1 ? (all[0] as string) : all;
  }
  return value;
}

function validateUrl(query: ZodType | undefined, params: ZodType | undefined): RouteCheck {
  // Most requests carry no query string: the schema's answer to none is the same every time.
  const noQuery = query?.safeParse({});
  const noQueryData = noQuery?.success ? Object.freeze(noQuery.data as object) : undefined;
  return (c) => {
    if (noQueryData && !c.req.url.includes("?")) c.req.addValidatedData("query", noQueryData);
    else if (query) {
      const data = queryObject(c.req.queries());
      const result = query.safeParse(data);
      if (!result.success) return validationHook({ ...result, data, target: "query" } as never, c) as Response;
      c.req.addValidatedData("query", result.data as object);
    }
    if (params) {
      const data = c.req.param() as Record<string, string>;
      const result = params.safeParse(data);
      if (!result.success) return validationHook({ ...result, data, target: "param" } as never, c) as Response;
      c.req.addValidatedData("param", result.data as object);
    }
  };
}

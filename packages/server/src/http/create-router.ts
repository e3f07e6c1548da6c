import { OpenAPIHono, type RouteConfig } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import type { ZodType } from "zod";
import type { AppEnv } from "./app-env.js";
import { validationHook } from "./error-handler.js";
import { requireJsonBody } from "./require-json.js";

/**
 * An OpenAPI router whose validation errors all take the shared error shape.
 *
 * One change to how @hono/zod-openapi runs a route: path parameters and the query string are
 * checked in one synchronous step, against the same zod schemas, instead of by one async
 * zod-validator middleware each. Those two layers were the largest share of our own time in
 * a GET /tasks/{id} (tools/bench throughput). The route is documented exactly as declared;
 * bodies and headers still go through @hono/zod-openapi's validators.
 *
 * The routes come from src/generated/routes.ts (openapi.yaml); what openapi.yaml cannot say
 * is added here: a route whose body is JSON first checks that the request declares JSON.
 */
export const createRouter = () => {
  const router = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  const register = router.openapi;
  router.openapi = ((declared: RouteConfig & { hide?: boolean }, handler: never, hook?: never) => {
    const route = withJsonBodyCheck(declared);
    const { params, query } = route.request ?? {};
    if (!params && !query) return register(route, handler, hook);
    const { middleware, hide, ...documented } = route;
    if (!hide) router.openAPIRegistry.registerPath(documented);
    return register(
      {
        ...route,
        hide: true,
        request: { ...route.request, params: undefined, query: undefined },
        middleware: [...middlewareList(middleware), validateUrl(query as ZodType | undefined, params as ZodType | undefined)],
      },
      handler,
      hook,
    );
  }) as typeof router.openapi;
  return router;
};

const middlewareList = (middleware: RouteConfig["middleware"]): MiddlewareHandler[] =>
  middleware ? (Array.isArray(middleware) ? middleware : [middleware]) : [];

/** Without the check, a body sent as another type would be validated as an empty object. */
function withJsonBodyCheck<R extends RouteConfig>(route: R): R {
  if (!route.request?.body?.content["application/json"]) return route;
  return { ...route, middleware: [requireJsonBody, ...middlewareList(route.middleware)] };
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

function validateUrl(query: ZodType | undefined, params: ZodType | undefined): MiddlewareHandler<AppEnv> {
  // Most requests carry no query string: the schema's answer to none is the same every time.
  const noQuery = query?.safeParse({});
  const noQueryData = noQuery?.success ? Object.freeze(noQuery.data as object) : undefined;
  return (c, next) => {
    if (noQueryData && !c.req.url.includes("?")) c.req.addValidatedData("query", noQueryData);
    else if (query) {
      const data = queryObject(c.req.queries());
      const result = query.safeParse(data);
      if (!result.success) return Promise.resolve(validationHook({ ...result, data, target: "query" } as never, c) as Response);
      c.req.addValidatedData("query", result.data as object);
    }
    if (params) {
      const data = c.req.param() as Record<string, string>;
      const result = params.safeParse(data);
      if (!result.success) return Promise.resolve(validationHook({ ...result, data, target: "param" } as never, c) as Response);
      c.req.addValidatedData("param", result.data as object);
    }
    return next();
  };
}

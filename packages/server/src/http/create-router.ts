import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "./app-env.js";
import { validationHook } from "./error-handler.js";

/** An OpenAPI router whose validation errors all take the shared error shape. */
export const createRouter = () => new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

import { createMiddleware } from "hono/factory";
import { AppError } from "../errors.js";

/** Bodies must be declared as JSON; otherwise validation would only see an empty object. */
export const requireJsonBody = createMiddleware(async (c, next) => {
  const type = c.req.header("content-type") ?? "";
  if (!/^application\/([\w.+-]+\+)?json\b/i.test(type)) {
    throw new AppError("bad_request", "Send the body as JSON with the header Content-Type: application/json");
  }
  await next();
});

/** The same check for an optional body: a request without one goes through. */
export const requireJsonBodyIfAny = createMiddleware(async (c, next) => {
  const length = c.req.header("content-length");
  const noBody = (length === undefined || length === "0") && c.req.header("transfer-encoding") === undefined;
  if (noBody) return next();
  return requireJsonBody(c, next);
});

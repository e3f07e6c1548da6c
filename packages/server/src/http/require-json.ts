import { AppError } from "../errors.js";
import type { RouteCheck } from "./route-checks.js";

const JSON_TYPE = /^application\/([\w.+-]+\+)?json\b/i;

/** Bodies must be declared as JSON; otherwise validation would only see an empty object. */
export const requireJsonBody: RouteCheck = (c) => {
  if (!JSON_TYPE.test(c.req.header("content-type") ?? "")) {
    throw new AppError("bad_request", "Send the body as JSON with the header Content-Type: application/json");
  }
};

/** The same check for an optional body: a request without one goes through. */
export const requireJsonBodyIfAny: RouteCheck = (c) => {
  const length = c.req.header("content-length");
  const noBody = (length === undefined || length === "0") && c.req.header("transfer-encoding") === undefined;
  if (!noBody) return requireJsonBody(c);
};

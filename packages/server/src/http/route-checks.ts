/**
 * What runs before an operation's handler (its audit mark, its door's guard, its token limits,
 * its URL's validation) as plain checks, run one after another in one step instead of as a
 * chain of Hono middleware. Each middleware layer costs an async call and a promise per request,
 * and a route left with one handler lets Hono answer without its async compose at all: a read
 * whose answer is already known (a finished task's detail) is then written in the same tick its
 * request was parsed (tools/bench throughput).
 */
import type { Context, Handler, MiddlewareHandler } from "hono";
import type { AppEnv } from "./app-env.js";

/**
 * Nothing to go on; a Response to answer with instead; an AppError thrown to refuse; or a promise
 * of either when the check must wait (a limited token's task lookup).
 */
// biome-ignore lint/suspicious/noConfusingVoidType: a check that lets the request go on simply returns.
export type RouteCheck = (c: Context<AppEnv>) => void | Response | Promise<void | Response>;

/** The handler behind its checks, as one handler. */
export function checkedHandler(checks: readonly RouteCheck[], handler: Handler<AppEnv>): Handler<AppEnv> {
  if (checks.length === 0) return handler;
  return (c, next) => runChecks(c, checks, 0, () => handler(c, next));
}

/** The checks as one middleware, for a route whose body or headers Hono's validators read after them. */
export function checksMiddleware(checks: readonly RouteCheck[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => runChecks(c, checks, 0, next);
}

function runChecks<T>(
  c: Context<AppEnv>,
  checks: readonly RouteCheck[],
  from: number,
  then: () => T,
): T | Response | Promise<T | Response> {
  for (let i = from; i < checks.length; i++) {
    const outcome = (checks[i] as RouteCheck)(c);
    if (outcome === undefined) continue;
    if (outcome instanceof Response) return outcome;
    return outcome.then((answer) => answer ?? runChecks(c, checks, i + 1, then));
  }
  return then();
}

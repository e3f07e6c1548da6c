/**
 * The request frame: what every request goes through once, around whatever its route runs.
 * Before: the services, for handlers to reach with c.get("services"); a raw path that could mean
 * two things (door/raw-path.ts) and a Host the server does not go by (door/allowed-hosts.ts,
 * DNS rebinding) are refused before anything reads the request. After: an error becomes its
 * answer (error-handler.ts), the request is logged, measured and audited (request-log.ts), and
 * in tests the answer is checked against openapi.yaml (response-check/).
 *
 * Synchronous when all of that is: a route whose answer is ready (a finished task's detail)
 * is answered without a single promise, and @hono/node-server writes it in the same tick the
 * request was parsed. framing-router.ts puts the frame around each request's route.
 */
import type { Context, ErrorHandler, Handler, MiddlewareHandler, Next } from "hono";
import type { AppEnv, Services } from "./app-env.js";
import { foreignHostRefusal } from "./door/allowed-hosts.js";
import { badPathRefusal } from "./door/raw-path.js";
import { recordRequest } from "./request-log.js";
import { checkResponse, type ViolationReport } from "./response-check/response-check.js";

export interface FrameOptions {
  services: Services;
  /** The names the server answers to in Host (allowedHostSet). */
  hosts: ReadonlySet<string>;
  onError: ErrorHandler<AppEnv>;
  /** Checks every answer against openapi.yaml and reports what breaks it (tests). */
  checkResponses?: ViolationReport;
}

export interface RequestFrame {
  /** A route's lone handler inside the frame, as one handler. */
  around(handler: Handler<AppEnv>): Handler<AppEnv>;
  /** The frame as the first of a request's layers (a door's, Hono's validators), or of none (an unknown path). */
  readonly middleware: MiddlewareHandler<AppEnv>;
}

/**
 * What a handler gives back: its Response, or a promise of it. As middleware, `next()` resolves
 * to something else once the answer is in `c.res`.
 */
type Outcome = unknown;

export function requestFrame({ services, hosts, onError, checkResponses }: FrameOptions): RequestFrame {
  const run = (c: Context<AppEnv>, inner: () => Outcome): Response | Promise<Response> => {
    const started = performance.now();
    c.set("services", services);
    let outcome: Outcome;
    try {
      outcome = badPathRefusal(c) ?? foreignHostRefusal(c, hosts) ?? inner();
    } catch (err) {
      outcome = onError(err as Error, c);
    }
    return settle(c, outcome, started);
  };

  const settle = (c: Context<AppEnv>, outcome: Outcome, started: number): Response | Promise<Response> => {
    if (!(outcome instanceof Promise)) return finish(c, outcome instanceof Response ? outcome : c.res, started);
    return outcome.then(
      (value) => finish(c, value instanceof Response ? value : c.res, started),
      (err: Error) => settle(c, onError(err, c), started),
    );
  };

  const finish = (c: Context<AppEnv>, res: Response, started: number): Response | Promise<Response> => {
    const recorded = recordRequest(c, res, started);
    if (checkResponses) return Promise.resolve(recorded).then(() => checked(c, res, checkResponses));
    return recorded ? recorded.then(() => res) : res;
  };

  return {
    around: (handler) => (c, next: Next) => run(c, () => handler(c, next)),
    middleware: async (c, next) => run(c, next),
  };
}

/** The answer as checked; set on the context too, where a chain of layers takes it from. */
async function checked(c: Context<AppEnv>, res: Response, report: ViolationReport): Promise<Response> {
  const answer = await checkResponse(c, res, report);
  if (answer !== res) c.res = answer;
  return answer;
}

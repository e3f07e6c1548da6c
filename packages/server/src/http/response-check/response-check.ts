/**
 * An opt-in check that every response the server gives is one openapi.yaml declares for its
 * operation: a declared status, a declared media type, a JSON body and headers that match their
 * schemas, and event-stream events whose data match theirs. Errors are checked wherever they come
 * from (guards, validation, the doors, unknown paths): the shared `{error, code}` shape, with the
 * status the error model gives the code.
 *
 * Off in production (it reads every JSON body twice). The test harness turns it on with
 * RESPONSE_CHECK_FILE and fails a suite whose server recorded a violation; in-process tests pass
 * `checkResponses` to createApp. Responses are never changed: a test sees what clients see, and a
 * violation found halfway through an event stream can still be reported.
 */
import type { RouteConfig } from "@hono/zod-openapi";
import type { Context } from "hono";
import { routePath } from "hono/route";
import type { ZodType } from "zod";
import { OPERATION_DOORS } from "../../generated/doors.js";
import * as routes from "../../generated/routes.js";
import { ErrorSchema } from "../../generated/schemas.js";
import type { AppEnv } from "../app-env.js";
import { wantsHtml } from "../door/used-link-page.js";
import { STATUS_BY_CODE } from "../error-handler.js";
import { checkingEvents } from "./event-check.js";

export interface ResponseViolation {
  method: string;
  path: string;
  /** The operation the request reached, if any. */
  operationId?: string;
  status: number;
  problem: string;
}

/** Where a check sends what it found. */
export type ViolationReport = (violation: ResponseViolation) => void;

interface KnownUrl {
  operationId: string;
  responses: RouteConfig["responses"];
}

const ROUTES: Record<string, RouteConfig> = routes;

/**
 * Every route an operation answers at (its doors' URLs and the plain path where it refuses
 * tokens), by method and route pattern as the router matched it. A response belongs to an
 * operation when its route answered it (the route's guard, validation, handler or an error it
 * threw); what was answered before routing reached one (a raw path refused, a door refusing its
 * whole prefix, an unknown path) is checked as an error only.
 */
const KNOWN = new Map<string, KnownUrl>(
  Object.entries(OPERATION_DOORS).flatMap(([operationId, doors]) => {
    const responses = ROUTES[operationId]?.responses ?? {};
    const paths = [...doors.served.map((url) => url.path), ...(doors.refusedAt ? [doors.refusedAt] : [])];
    const method = doors.method.toUpperCase();
    return paths.map((path): [string, KnownUrl] => [
      `${method} ${path.replace(/\{([^}]+)\}/g, ":$1")}`,
      { operationId, responses },
    ]);
  }),
);

const mediaType = (res: Response) => res.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase();

/** zod's issues in one line: where and what, never the value. */
const issues = (error: { issues: Array<{ path: PropertyKey[]; message: string }> }) =>
  error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.map(String).join(".") || "(body)"}: ${issue.message}`)
    .join("; ");

async function jsonProblem(res: Response, schema: ZodType): Promise<string | undefined> {
  let body: unknown;
  try {
    body = JSON.parse(await res.clone().text());
  } catch {
    return "the body is not JSON";
  }
  const result = schema.safeParse(body);
  if (!result.success) return `the body does not match its schema: ${issues(result.error)}`;
  // An error's code must be one the error model answers with this status (a 503 readiness
  // answer is no error body: its schema, checked above, says so).
  const error = ErrorSchema.safeParse(body);
  if (!error.success || schema !== ErrorSchema) return undefined;
  const expected = STATUS_BY_CODE[error.data.code];
  return expected === res.status ? undefined : `code ${error.data.code} is answered with ${expected}, not ${res.status}`;
}

/** What is wrong with an operation's answer, given what its route declares; undefined when nothing. */
async function operationProblem(res: Response, known: KnownUrl, head: boolean): Promise<string | undefined> {
  const declared = known.responses[res.status] ?? known.responses.default;
  if (!declared) return `status ${res.status} is not declared (declared: ${Object.keys(known.responses).join(", ")})`;
  // The generated routes hold every response inline.
  if ("$ref" in declared) return `status ${res.status} is declared by a reference the check cannot follow`;
  for (const [name, schema] of Object.entries(headerSchemas(declared))) {
    const value = res.headers.get(name);
    if (value !== null && !schema.safeParse(value).success) return `header ${name} does not match its schema`;
  }
  const content = declared.content as Record<string, { schema: ZodType }> | undefined;
  if (!content) return res.body === null || head ? undefined : "a body where none is declared";
  const type = mediaType(res);
  const media = type === undefined ? undefined : content[type];
  if (!media) return `content type ${type ?? "(none)"} is not declared (declared: ${Object.keys(content).join(", ")})`;
  if (head) return undefined;
  if (type === "application/json") return jsonProblem(res, media.schema);
  // Text (plain, YAML, HTML) is declared as a string: any text is one. Event streams are checked as they go.
  return undefined;
}

/** The zod object of a response's declared headers, as a map of header name to schema. */
function headerSchemas(declared: { headers?: unknown }): Record<string, ZodType> {
  const headers = declared.headers as { shape?: Record<string, ZodType> } | undefined;
  return Object.fromEntries(Object.entries(headers?.shape ?? {}).map(([name, schema]) => [name.toLowerCase(), schema]));
}

/**
 * Answers outside any operation (pages, assets, unknown paths, the doors' refusals): errors must
 * still be errors, except a page answered to a browser that asked for one (a used sign-in link).
 */
async function otherProblem(res: Response, askedForHtml: boolean): Promise<string | undefined> {
  if (res.status < 400) return undefined;
  if (askedForHtml && mediaType(res) === "text/html") return undefined;
  if (mediaType(res) !== "application/json") return `an error answer of type ${mediaType(res) ?? "(none)"}, not JSON`;
  return jsonProblem(res, ErrorSchema);
}

/**
 * Checks `res`, the answer to the request in `c`, and gives the answer to send: the same one,
 * or for an event stream one whose events are checked as they pass (the request frame calls it).
 */
export async function checkResponse(c: Context<AppEnv>, res: Response, report: ViolationReport): Promise<Response> {
  const head = c.req.method === "HEAD";
  const method = head ? "GET" : c.req.method;
  const path = c.req.path;
  const known = KNOWN.get(`${method} ${routePath(c)}`);
  const violation = (problem: string) =>
    report({ method: c.req.method, path, ...(known && { operationId: known.operationId }), status: res.status, problem });
  const problem = known ? await operationProblem(res, known, head) : await otherProblem(res, wantsHtml(c));
  if (problem) violation(problem);
  if (!head && res.body && mediaType(res) === "text/event-stream") return new Response(checkingEvents(res.body, violation), res);
  return res;
}

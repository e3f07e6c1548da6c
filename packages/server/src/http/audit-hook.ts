/**
 * The audit log's hook in the HTTP layer, keyed by operation rather than written in each route:
 * every operation that is not a GET is marked when the router is built (auditMark), and once
 * the answer is made, before it is sent, the request log (request-log.ts) calls auditRequest,
 * which appends a line for a marked operation whatever its status, and for any refusal (401,
 * 403) on any route. The line holds who (never a credential), from where, what, which task, the
 * status and the error code; of a prompt, only its first 120 characters.
 */
import type { RouteConfig } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { AuditEntry, NewAuditEntry } from "../audit/audit-log.js";
import type { AppEnv } from "./app-env.js";
import type { RouteCheck } from "./route-checks.js";

const PROMPT_CHARS = 120;
const TASK_ID_IN_PATH = /\/tasks\/([0-9]{1,12}-[0-9a-f]{8})(?:\/|$)/;

/** Marks a request for the audit log under `action`. */
export const markAudit =
  (action: string): RouteCheck =>
  (c) => {
    c.set("auditAction", action);
  };

/** The marker of a state-changing operation (none for a GET: reads are recorded only when refused). */
export const auditMark = (route: RouteConfig): RouteCheck[] =>
  route.method === "get" || !route.operationId ? [] : [markAudit(route.operationId)];

/** Whether this answer belongs in the audit log: cheap, on every request. */
export const isAudited = (c: Context<AppEnv>, status: number) =>
  status === 401 || status === 403 || c.get("auditAction") !== undefined;

/** Appends the request's line; resolves once written. */
export async function auditRequest(c: Context<AppEnv>, route: string, status: number): Promise<void> {
  const { audit, metrics } = c.get("services");
  const reason = c.get("errorCode");
  if ((status === 401 || status === 403) && reason) metrics?.observeRefusal(reason);
  const action = actionOf(c);
  const entry: NewAuditEntry = { actor: actorOf(c), action, method: c.req.method, path: route, status };
  const remote = c.env?.incoming?.socket?.remoteAddress;
  if (remote) entry.remote_addr = remote;
  const taskId = c.get("auditTaskId") ?? TASK_ID_IN_PATH.exec(c.req.path)?.[1];
  if (taskId) entry.task_id = taskId;
  if (reason) entry.reason = reason;
  const prompt = promptOf(c);
  if (prompt !== undefined) entry.prompt = Array.from(prompt).slice(0, PROMPT_CHARS).join("");
  await audit.append(entry);
}

function actionOf(c: Context<AppEnv>): string {
  const action = c.get("auditAction");
  if (action === "killTask" && c.req.query("purge") === "true") return "purgeTask";
  return action ?? "refused";
}

function actorOf(c: Context<AppEnv>): AuditEntry["actor"] {
  const principal = c.get("principal");
  if (principal?.kind === "token") return { kind: "token", token_id: principal.token.id, token_name: principal.token.name };
  if (principal) return { kind: "owner_token" };
  const identity = c.get("identity");
  if (identity?.door === "proxy") return { kind: "proxy", user: identity.user };
  if (identity?.door === "session") return { kind: "session", owner: identity.owner };
  return { kind: "anonymous" };
}

/** The prompt of a create or a message, as validated (never read from the raw body here). */
function promptOf(c: Context<AppEnv>): string | undefined {
  try {
    const body = c.req.valid("json" as never) as { prompt?: unknown } | undefined;
    return typeof body?.prompt === "string" ? body.prompt : undefined;
  } catch {
    return undefined;
  }
}

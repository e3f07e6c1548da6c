/** The one mapping from error codes to HTTP statuses, and the handlers that use it. */
import type { Hook } from "@hono/zod-openapi";
import type { Context, ErrorHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { AppError, type ErrorCode, storageError } from "../errors.js";
import type { AppEnv } from "./app-env.js";

export const STATUS_BY_CODE: Record<ErrorCode, ContentfulStatusCode> = {
  bad_request: 400,
  invalid_json: 400,
  validation_failed: 400,
  invalid_workdir: 400,
  unauthorized: 401,
  proxy_not_trusted: 401,
  forbidden_identity: 403,
  bad_path: 400,
  cross_site: 403,
  host_not_allowed: 403,
  not_found: 404,
  task_not_found: 404,
  task_finished: 409,
  task_not_finished: 409,
  task_not_running: 409,
  idempotency_conflict: 409,
  not_a_git_repository: 400,
  invalid_base_ref: 400,
  no_worktree: 409,
  approval_not_found: 404,
  approval_already_answered: 409,
  approval_closed: 409,
  payload_too_large: 413,
  followup_queue_full: 429,
  insufficient_storage: 507,
  too_many_subscribers: 503,
  invalid_cron: 400,
  invalid_timezone: 400,
  schedule_not_found: 404,
  budget_exhausted: 429,
  token_expired: 401,
  token_revoked: 401,
  insufficient_scope: 403,
  token_not_found: 404,
  internal_error: 500,
};

export const errorResponse = (c: Context, code: ErrorCode, message: string) => {
  // For the audit line and the refusal metrics (http/audit-hook.ts), which see only the answer.
  c.set("errorCode", code);
  return c.json({ error: message, code }, STATUS_BY_CODE[code]);
};

/** A body the handler never read leaves the connection unusable; tell the client not to reuse it. */
const hasUnreadBody = (c: Context) =>
  Number(c.req.header("content-length") ?? 0) > 0 || c.req.header("transfer-encoding") !== undefined;

export const onError: ErrorHandler<AppEnv> = (err, c) => {
  const appError = err instanceof AppError ? err : storageError(err);
  if (appError) {
    if (appError.code === "payload_too_large" || (hasUnreadBody(c) && c.req.raw.bodyUsed === false)) {
      c.header("Connection", "close");
    }
    if (appError.retryAfterSeconds !== undefined) c.header("Retry-After", String(Math.ceil(appError.retryAfterSeconds)));
    if (appError.code === "insufficient_storage") c.get("services")?.log.error("disk full", { path: c.req.path });
    // A 500 the domain named (a git command that failed, say) is the operator's to look into.
    if (appError.code === "internal_error") {
      const cause = appError.cause instanceof Error ? appError.cause.message : undefined;
      c.get("services")?.log.error("request failed", { path: c.req.path, error: appError.message, ...(cause && { cause }) });
    }
    return errorResponse(c, appError.code, appError.message);
  }
  if (err instanceof HTTPException) {
    if (err.status === 413) return errorResponse(c, "payload_too_large", "Request body is too large");
    if (err.status === 400) return errorResponse(c, "invalid_json", "Request body is not valid JSON");
    if (err.status === 401) return errorResponse(c, "unauthorized", err.message || "Unauthorized");
  }
  c.get("services")?.log.error("unhandled error", { path: c.req.path, error: err.stack ?? String(err) });
  return errorResponse(c, "internal_error", "Internal server error");
};

/** The value at `path` in what was validated (zod reports no input unless asked to). */
const valueAt = (data: unknown, path: PropertyKey[]) =>
  path.reduce<unknown>(
    (value, key) => (value && typeof value === "object" ? (value as Record<PropertyKey, unknown>)[key] : undefined),
    data,
  );

/** Validation failures of any route become one 400 with every problem named. */
export const validationHook: Hook<unknown, AppEnv, string, unknown> = (result, c) => {
  if (result.success) return;
  // Both zod-validator and create-router's URL check pass the validated input as `data`.
  const input = (result as { data?: unknown }).data;
  const problems = result.error.issues.map((issue) => {
    const where = issue.path.join(".");
    if (issue.code === "unrecognized_keys") return `unknown field(s): ${issue.keys.join(", ")}`;
    if (issue.code === "invalid_type" && valueAt(input, issue.path) === undefined) return `${where} is required`;
    return where ? `${where}: ${issue.message}` : issue.message;
  });
  return errorResponse(c, "validation_failed", problems.join("; "));
};

/**
 * One error model for the whole server. Domain code throws AppError with a code; the HTTP
 * layer maps the code to a status in one table (http/error-handler.ts).
 */
import { schemas } from "@claude-task-api/sdk/contract";

/** Every code an error answer may carry: openapi.yaml's `Error.code` enum. */
export const ERROR_CODES = schemas.Error.properties.code.enum;
export type ErrorCode = (typeof ERROR_CODES)[number];

export class AppError extends Error {
  override name = "AppError";
  /** When set, the answer tells the client when to try again (HTTP Retry-After, in seconds). */
  readonly retryAfterSeconds: number | undefined;
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown; retryAfterSeconds?: number },
  ) {
    super(message, options);
    this.retryAfterSeconds = options?.retryAfterSeconds;
  }
}

/** The seed API's exact text for an unknown task; clients match on it. */
export const taskNotFound = () => new AppError("task_not_found", "Task not found");

/** Disk-full errors from the filesystem, as one error people can act on. */
export function storageError(err: unknown): AppError | undefined {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code !== "ENOSPC" && code !== "EDQUOT") return undefined;
  return new AppError(
    "insufficient_storage",
    "The disk holding TASKS_DIR is full: free some space (or purge old tasks) and try again",
    { cause: err },
  );
}

/** What createClient's methods share: request bodies and queries in the spec's shape, and answers checked. */

import type { ListOptions } from "./client-api.js";
import { TaskApiError } from "./errors.js";
import { type OutputSchemaInput, toJsonSchema } from "./structured-output.js";
import type { ListQuery, Readiness, Task } from "./types.js";

/** The request body with `outputSchema` converted to the spec's `output_schema`. */
export function withOutputSchema<B extends { outputSchema?: OutputSchemaInput; output_schema?: Record<string, unknown> }>(
  input: B,
): Omit<B, "outputSchema"> {
  const { outputSchema, ...body } = input;
  return outputSchema === undefined ? body : { ...body, output_schema: toJsonSchema(outputSchema) };
}

/** Tasks that `create` got back as an idempotent replay (the server's `Idempotent-Replayed: true`). */
export const replayedTasks = new WeakSet<object>();

/**
 * Whether `create` returned this task as a replay of an earlier request with the same
 * idempotency key (so no new task was started).
 */
export function isReplayed(task: Task): boolean {
  return replayedTasks.has(task);
}

/** Turns list options into the spec's query: statuses and labels joined the way the server reads them. */
export function listQuery(options: Omit<ListOptions, "signal">): ListQuery {
  const query: ListQuery = {};
  if (options.status !== undefined) {
    query.status = typeof options.status === "string" ? options.status : options.status.join(",");
  }
  const labels = Object.entries(options.labels ?? {}).map(([key, value]) => {
    if (key === "" || /[:,]/.test(key)) throw new RangeError(`label key ${JSON.stringify(key)} cannot be filtered on`);
    if (value.includes(","))
      throw new RangeError(`label value ${JSON.stringify(value)} contains a comma: it cannot be filtered on`);
    return `${key}:${value}`;
  });
  if (options.label !== undefined) labels.unshift(options.label);
  if (labels.length > 0) query.label = labels.join(",");
  if (options.q !== undefined) query.q = options.q;
  if (options.sort !== undefined) query.sort = options.sort;
  if (options.limit !== undefined) query.limit = options.limit;
  if (options.cursor !== undefined) query.cursor = options.cursor;
  return query;
}

export function isReadiness(body: unknown): body is Readiness {
  return typeof body === "object" && body !== null && "status" in body && "checks" in body;
}

/** How long a wait poll may be held by the server: well inside the request timeout, at most 20 s. */
export function longPollSeconds(timeoutMs: number): number {
  if (timeoutMs === 0) return 20;
  return Math.max(0, Math.min(20, Math.floor(timeoutMs / 1000) - 5));
}

/** Successful responses always carry a body in this API; an empty one means a broken proxy. */
export function expectData<T>(result: { data?: T; response: Response }): T {
  if (result.data === undefined) {
    throw new TaskApiError(`empty response body (HTTP ${result.response.status})`, { status: result.response.status });
  }
  return result.data;
}

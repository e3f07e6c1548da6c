/**
 * createClient: resource-style methods over openapi-fetch. Requests and results are the types
 * generated from openapi.yaml; failures never reach this file because the transport below
 * openapi-fetch throws typed errors for them.
 */
import createFetchClient from "openapi-fetch";
import type { DiffOptions, TaskApiClient, TasksResource } from "./client-api.js";
import { expectData, isReadiness, listQuery, longPollSeconds, replayedTasks, withOutputSchema } from "./client-requests.js";
import { ServerError, TaskApiError } from "./errors.js";
import { eventStreamLineSource } from "./event-stream.js";
import { followEvents, followLines, pollingLineSource } from "./follow.js";
import type { paths } from "./generated/openapi.js";
import { type ClientOptions, resolveOptions } from "./options.js";
import { schedulesResource } from "./schedules.js";
import { auditResource, tokensResource } from "./tokens.js";
import { createTransport } from "./transport.js";
import type { ApprovalAnswer, DiffStat } from "./types.js";
import { usageResource } from "./usage.js";
import { type WaitOptions, waitUntilSettled } from "./wait.js";

export type * from "./client-api.js";
export { isReplayed } from "./client-requests.js";

/** Creates a client; options fall back to CLAUDE_TASKS_URL / CLAUDE_API_TOKEN, then defaults. */
export function createClient(options: ClientOptions = {}): TaskApiClient {
  const resolved = resolveOptions(options);
  const headers: Record<string, string> = { Accept: "application/json", ...resolved.headers };
  if (resolved.token) headers.Authorization = `Bearer ${resolved.token}`;
  const http = createFetchClient<paths>({ baseUrl: resolved.baseUrl, headers, fetch: createTransport(resolved) });
  const taskPath = (taskId: string) => ({ params: { path: { task_id: taskId } } });
  const answerApproval = async (taskId: string, approvalId: string, body: ApprovalAnswer, signal?: AbortSignal) =>
    expectData(
      await http.POST("/api/claude/tasks/{task_id}/approvals/{approval_id}", {
        params: { path: { task_id: taskId, approval_id: approvalId } },
        body,
        signal,
      }),
    );

  const tasks: TasksResource = {
    async create(input, { signal, idempotencyKey } = {}) {
      const params = idempotencyKey === undefined ? {} : { params: { header: { "idempotency-key": idempotencyKey } } };
      const result = await http.POST("/api/claude/tasks", { ...params, body: withOutputSchema(input), signal });
      const task = expectData(result);
      if (result.response.headers.get("idempotent-replayed") === "true") replayedTasks.add(task);
      // The server answered the spec's Task; the type of structured_output is the caller's schema.
      return task as never;
    },
    async list({ signal, ...options } = {}) {
      return expectData(await http.GET("/api/claude/tasks", { params: { query: listQuery(options) }, signal }));
    },
    async *listAll({ signal, pageSize = 100, ...filters } = {}) {
      let cursor: string | undefined;
      do {
        const page = await tasks.list({ ...filters, limit: pageSize, ...(cursor === undefined ? {} : { cursor }), signal });
        yield* page.tasks;
        cursor = page.next_cursor;
      } while (cursor !== undefined);
    },
    async get(taskId, { signal, wait } = {}) {
      const query = wait === undefined ? {} : { wait };
      return expectData(await http.GET("/api/claude/tasks/{task_id}", { params: { path: { task_id: taskId }, query }, signal }));
    },
    async output(taskId, { signal, tail } = {}) {
      const result = await http.GET("/api/claude/tasks/{task_id}/output", {
        params: { path: { task_id: taskId }, query: tail === undefined ? {} : { tail } },
        headers: { Accept: "text/plain" },
        parseAs: "text",
        signal,
      });
      // An empty log has no body at all; openapi-fetch reports that as undefined.
      return result.data ?? "";
    },
    async update(taskId, body, { signal } = {}) {
      return expectData(await http.PATCH("/api/claude/tasks/{task_id}", { ...taskPath(taskId), body, signal }));
    },
    async sendMessage(taskId, input, { signal } = {}) {
      const body = withOutputSchema(input);
      return expectData(await http.POST("/api/claude/tasks/{task_id}/message", { ...taskPath(taskId), body, signal }));
    },
    async steer(taskId, prompt, { signal } = {}) {
      const body = { prompt };
      return expectData(await http.POST("/api/claude/tasks/{task_id}/steer", { ...taskPath(taskId), body, signal }));
    },
    async interrupt(taskId, { signal, prompt } = {}) {
      const body = prompt === undefined ? {} : { prompt };
      return expectData(await http.POST("/api/claude/tasks/{task_id}/interrupt", { ...taskPath(taskId), body, signal }));
    },
    async approve(taskId, approvalId, { signal, updatedInput } = {}) {
      const body =
        updatedInput === undefined ? { decision: "allow" as const } : { decision: "allow" as const, updated_input: updatedInput };
      return answerApproval(taskId, approvalId, body, signal);
    },
    async deny(taskId, approvalId, { signal, message } = {}) {
      const body = message === undefined ? { decision: "deny" as const } : { decision: "deny" as const, message };
      return answerApproval(taskId, approvalId, body, signal);
    },
    async kill(taskId, { signal } = {}) {
      const data = expectData(await http.DELETE("/api/claude/tasks/{task_id}", { ...taskPath(taskId), signal }));
      if (!("status" in data)) throw new TaskApiError("kill answered with a purge result", { body: data });
      return data;
    },
    async purge(taskId, { signal, deleteBranch } = {}) {
      const path = { task_id: taskId };
      const query = deleteBranch ? { purge: "true" as const, delete_branch: "true" as const } : { purge: "true" as const };
      const data = expectData(await http.DELETE("/api/claude/tasks/{task_id}", { params: { path, query }, signal }));
      if (!("purged" in data)) throw new TaskApiError("purge answered with a kill result", { body: data });
      return data;
    },
    wait: ((taskId: string, waitOptions?: WaitOptions) =>
      waitUntilSettled(tasks, taskId, waitOptions, longPollSeconds(resolved.timeoutMs))) as TasksResource["wait"],
    followLines: (taskId, followOptions) => followLines(lineSource, taskId, followOptions),
    follow: (taskId, followOptions) => followEvents(followLines(lineSource, taskId, followOptions)),
    diff: (async (taskId: string, { signal, stat }: DiffOptions = {}) => {
      const params = { path: { task_id: taskId }, query: stat ? { stat: "true" as const } : {} };
      if (stat) return expectData(await http.GET("/api/claude/tasks/{task_id}/diff", { params, signal })) as DiffStat;
      const result = await http.GET("/api/claude/tasks/{task_id}/diff", {
        params,
        headers: { Accept: "text/plain" },
        parseAs: "text",
        signal,
      });
      // No changes: an empty body, which openapi-fetch reports as undefined.
      return (result.data as string | undefined) ?? "";
    }) as TasksResource["diff"],
  };
  const lineSource = eventStreamLineSource(resolved, pollingLineSource(tasks));

  return {
    baseUrl: resolved.baseUrl,
    tasks,
    schedules: schedulesResource(http),
    usage: usageResource(http),
    tokens: tokensResource(http),
    audit: auditResource(http),
    async health({ signal } = {}) {
      return expectData(await http.GET("/healthz", { signal }));
    },
    async ready({ signal } = {}) {
      try {
        return expectData(await http.GET("/readyz", { signal }));
      } catch (error) {
        // 503 carries the same body, saying which check failed: that is an answer, not a failure.
        if (error instanceof ServerError && error.status === 503 && isReadiness(error.body)) return error.body;
        throw error;
      }
    },
    async serverInfo({ signal } = {}) {
      return expectData(await http.GET("/api/claude/server", { signal }));
    },
    async metrics({ signal } = {}) {
      const result = await http.GET("/api/claude/metrics", { headers: { Accept: "text/plain" }, parseAs: "text", signal });
      return result.data ?? "";
    },
    waitForTask: tasks.wait,
    followOutputLines: tasks.followLines,
    followOutput: tasks.follow,
  };
}

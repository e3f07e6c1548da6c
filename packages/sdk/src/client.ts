/**
 * createClient: resource-style methods over openapi-fetch. Requests and results are the types
 * generated from openapi.yaml; failures never reach this file because the transport below
 * openapi-fetch throws typed errors for them.
 */
import createFetchClient from "openapi-fetch";
import { TaskApiError } from "./errors.js";
import { type FollowOptions, followEvents, followLines, pollingLineSource } from "./follow.js";
import type { paths } from "./generated/openapi.js";
import { type ClientOptions, resolveOptions } from "./options.js";
import type { StreamEvent } from "./stream-json.js";
import { createTransport } from "./transport.js";
import type {
  CreateTaskRequest,
  Health,
  KillResponse,
  ListQuery,
  MessageRequest,
  MessageResponse,
  OutputQuery,
  PurgeResponse,
  Task,
  TaskDetail,
  TaskList,
} from "./types.js";
import { type WaitOptions, waitUntilSettled } from "./wait.js";

/** Per-call options. */
export interface CallOptions {
  /** Aborts the call (and its retries). */
  signal?: AbortSignal;
}

/** Options of tasks.output. */
export type OutputOptions = CallOptions & OutputQuery;

/** Options of tasks.create. */
export interface CreateOptions extends CallOptions {
  /**
   * Makes the create safe to retry: the server returns the task the first request with this key
   * created instead of starting another, so 5xx and timeouts are retried like a GET.
   */
  idempotencyKey?: string;
}

/** Options of tasks.list: `status` (e.g. `running,queued`), `limit`/`cursor` paging, `label` filter. */
export type ListOptions = CallOptions & ListQuery;

/** Options of tasks.get. */
export interface GetOptions extends CallOptions {
  /** Hold the answer up to this many seconds (max 60) until the task is finished. */
  wait?: number;
}

/** The task operations of the API, one method per endpoint. */
export interface TasksResource {
  /** Starts a task. Retried only when the connection was refused, or with an idempotency key. */
  create(body: CreateTaskRequest, options?: CreateOptions): Promise<Task>;
  /** Lists tasks, newest first; with `limit`, one page and `next_cursor` when more follow. */
  list(options?: ListOptions): Promise<TaskList>;
  /** Task detail with the last 50 lines of output. */
  get(taskId: string, options?: GetOptions): Promise<TaskDetail>;
  /** The raw output log (stream-json lines and exit markers); `tail` keeps the last N lines. */
  output(taskId: string, options?: OutputOptions): Promise<string>;
  /** Sends a follow-up prompt; it runs now, or after the current run when one is in progress. */
  sendMessage(taskId: string, body: MessageRequest, options?: CallOptions): Promise<MessageResponse>;
  /** Kills a running or queued task; ConflictError when it had already finished. */
  kill(taskId: string, options?: CallOptions): Promise<KillResponse>;
  /** Deletes a finished task's files; ConflictError while it runs or waits. */
  purge(taskId: string, options?: CallOptions): Promise<PurgeResponse>;
}

/** A client bound to one server and token. */
export interface TaskApiClient {
  /** The resolved host every path is appended to. */
  readonly baseUrl: string;
  readonly tasks: TasksResource;
  /** Liveness check (needs no token). */
  health(options?: CallOptions): Promise<Health>;
  /** Resolves with the task once it finished and no follow-up is queued or running. */
  waitForTask(taskId: string, options?: WaitOptions): Promise<TaskDetail>;
  /** New stream-json events of a task as they are written, until it settles. */
  followOutput(taskId: string, options?: FollowOptions): AsyncIterableIterator<StreamEvent>;
  /** Like followOutput, but the exact log lines (including exit markers). */
  followOutputLines(taskId: string, options?: FollowOptions): AsyncIterableIterator<string>;
}

/** Creates a client; options fall back to CLAUDE_TASKS_URL / CLAUDE_API_TOKEN, then defaults. */
export function createClient(options: ClientOptions = {}): TaskApiClient {
  const resolved = resolveOptions(options);
  const headers: Record<string, string> = { Accept: "application/json", ...resolved.headers };
  if (resolved.token) headers.Authorization = `Bearer ${resolved.token}`;
  const http = createFetchClient<paths>({ baseUrl: resolved.baseUrl, headers, fetch: createTransport(resolved) });
  const taskPath = (taskId: string) => ({ params: { path: { task_id: taskId } } });

  const tasks: TasksResource = {
    async create(body, { signal, idempotencyKey } = {}) {
      const params = idempotencyKey === undefined ? {} : { params: { header: { "idempotency-key": idempotencyKey } } };
      return expectData(await http.POST("/api/claude/tasks", { ...params, body, signal }));
    },
    async list({ signal, ...query } = {}) {
      return expectData(await http.GET("/api/claude/tasks", { params: { query }, signal }));
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
    async sendMessage(taskId, body, { signal } = {}) {
      return expectData(await http.POST("/api/claude/tasks/{task_id}/message", { ...taskPath(taskId), body, signal }));
    },
    async kill(taskId, { signal } = {}) {
      const data = expectData(await http.DELETE("/api/claude/tasks/{task_id}", { ...taskPath(taskId), signal }));
      if (!("status" in data)) throw new TaskApiError("kill answered with a purge result", { body: data });
      return data;
    },
    async purge(taskId, { signal } = {}) {
      const path = { task_id: taskId };
      const data = expectData(
        await http.DELETE("/api/claude/tasks/{task_id}", { params: { path, query: { purge: "true" } }, signal }),
      );
      if (!("purged" in data)) throw new TaskApiError("purge answered with a kill result", { body: data });
      return data;
    },
  };
  const lineSource = pollingLineSource(tasks);

  return {
    baseUrl: resolved.baseUrl,
    tasks,
    async health({ signal } = {}) {
      return expectData(await http.GET("/healthz", { signal }));
    },
    waitForTask: (taskId, waitOptions) => waitUntilSettled(tasks, taskId, waitOptions, longPollSeconds(resolved.timeoutMs)),
    followOutputLines: (taskId, followOptions) => followLines(lineSource, taskId, followOptions),
    followOutput: (taskId, followOptions) => followEvents(followLines(lineSource, taskId, followOptions)),
  };
}

/** How long a wait poll may be held by the server: well inside the request timeout, at most 20 s. */
function longPollSeconds(timeoutMs: number): number {
  if (timeoutMs === 0) return 20;
  return Math.max(0, Math.min(20, Math.floor(timeoutMs / 1000) - 5));
}

/** Successful responses always carry a body in this API; an empty one means a broken proxy. */
function expectData<T>(result: { data?: T; response: Response }): T {
  if (result.data === undefined) {
    throw new TaskApiError(`empty response body (HTTP ${result.response.status})`, { status: result.response.status });
  }
  return result.data;
}

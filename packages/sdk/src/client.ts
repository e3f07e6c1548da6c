/**
 * createClient: resource-style methods over openapi-fetch. Requests and results are the types
 * generated from openapi.yaml; failures never reach this file because the transport below
 * openapi-fetch throws typed errors for them.
 */
import createFetchClient from "openapi-fetch";
import { ServerError, TaskApiError } from "./errors.js";
import { eventStreamLineSource } from "./event-stream.js";
import { type FollowOptions, followEvents, followLines, pollingLineSource } from "./follow.js";
import type { paths } from "./generated/openapi.js";
import { type ClientOptions, resolveOptions } from "./options.js";
import type { StreamEvent } from "./stream-json.js";
import { type OutputSchemaInput, type StandardJSONSchema, toJsonSchema, type WithStructuredOutput } from "./structured-output.js";
import { createTransport } from "./transport.js";
import type {
  ApprovalAnswer,
  ApprovalDecision,
  CreateTaskRequest,
  DiffStat,
  Health,
  KillResponse,
  Labels,
  ListQuery,
  MessageRequest,
  MessageResponse,
  OutputQuery,
  PurgeResponse,
  Readiness,
  ServerInfo,
  Task,
  TaskDetail,
  TaskList,
  TaskStatus,
  TaskSummary,
} from "./types.js";
import { type WaitOptions, waitUntilSettled } from "./wait.js";

/** Per-call options. */
export interface CallOptions {
  /** Aborts the call (and its retries). */
  signal?: AbortSignal | undefined;
}

/** Options of tasks.output. */
export type OutputOptions = CallOptions & OutputQuery;

/** Options of tasks.create. */
export interface CreateOptions extends CallOptions {
  /**
   * Makes the create safe to retry: the server returns the task the first request with this key
   * created instead of starting another, so 5xx and timeouts are retried like a GET.
   */
  idempotencyKey?: string | undefined;
}

/** Options of tasks.purge. */
export interface PurgeOptions extends CallOptions {
  /** Also delete a worktree task's branch (`claude/{task_id}`); by default it stays. */
  deleteBranch?: boolean;
}

/** Options of tasks.diff. */
export interface DiffOptions extends CallOptions {
  /** `true`: the per-file summary (`DiffStat`) instead of the unified diff text. */
  stat?: boolean;
}

/**
 * Body of tasks.create: the spec's request, plus `outputSchema`, a JSON Schema object or a
 * schema library's schema (zod 4, ...) sent as `output_schema`. With a zod schema the task's
 * `result.structured_output` is typed by it.
 */
export type CreateTaskBody<S extends OutputSchemaInput = Record<string, unknown>> = CreateTaskRequest & { outputSchema?: S };

/** Body of tasks.sendMessage, with `outputSchema` as in create. */
export type MessageBody = MessageRequest & { outputSchema?: OutputSchemaInput };

/** What create answers: the task, with `result.structured_output` typed when the schema has a type. */
export type CreatedTask<S> = S extends StandardJSONSchema<infer T> ? WithStructuredOutput<Task, T> : Task;

/** Filters of tasks.list and tasks.listAll. */
export interface ListFilters {
  /** Only tasks in these statuses: `["running", "queued"]` or `"running,queued"`. */
  status?: readonly TaskStatus[] | string | undefined;
  /** Only tasks carrying every one of these labels (values may not contain a comma). */
  labels?: Labels | undefined;
}

/** Options of tasks.list: filters, plus `limit`/`cursor` for one page. */
export interface ListOptions extends CallOptions, ListFilters {
  /** Page size (1–1000); without limit or cursor the server answers every matching task. */
  limit?: number | undefined;
  /** `next_cursor` of the previous page. */
  cursor?: string | undefined;
  /** The raw `label` query (`key:value,key2:value2`); `labels` is usually handier. */
  label?: ListQuery["label"] | undefined;
}

/** Options of tasks.listAll. */
export interface ListAllOptions extends CallOptions, ListFilters {
  /** Tasks fetched per request. Default 100. */
  pageSize?: number | undefined;
}

/** Options of tasks.approve. */
export interface ApproveOptions extends CallOptions {
  /** Run the tool with this input instead of the one Claude asked for. */
  updatedInput?: Record<string, unknown> | undefined;
}

/** Options of tasks.deny. */
export interface DenyOptions extends CallOptions {
  /** What Claude is told (default: that the person denied it). */
  message?: string | undefined;
}

/** Options of tasks.get. */
export interface GetOptions extends CallOptions {
  /** Hold the answer up to this many seconds (max 60) until the task is finished. */
  wait?: number | undefined;
}

/** The task operations of the API, one method per endpoint. */
export interface TasksResource {
  /** Starts a task. Retried only when the connection was refused, or with an idempotency key. */
  create<S extends OutputSchemaInput = Record<string, unknown>>(
    body: CreateTaskBody<S>,
    options?: CreateOptions,
  ): Promise<CreatedTask<S>>;
  /** Lists tasks, newest first; with `limit`, one page and `next_cursor` when more follow. */
  list(options?: ListOptions): Promise<TaskList>;
  /** Every matching task, newest first, fetched page by page through `next_cursor` as you iterate. */
  listAll(options?: ListAllOptions): AsyncIterableIterator<TaskSummary>;
  /** Task detail with the last 50 lines of output. */
  get(taskId: string, options?: GetOptions): Promise<TaskDetail>;
  /** The raw output log (stream-json lines and exit markers); `tail` keeps the last N lines. */
  output(taskId: string, options?: OutputOptions): Promise<string>;
  /** Sends a follow-up prompt; it runs now, or after the current run when one is in progress. */
  sendMessage(taskId: string, body: MessageBody, options?: CallOptions): Promise<MessageResponse>;
  /**
   * Lets a tool use the task's run waits for go ahead (with `updatedInput` instead of what
   * Claude asked for, when given). ConflictError when it was already answered or its run ended.
   */
  approve(taskId: string, approvalId: string, options?: ApproveOptions): Promise<ApprovalDecision>;
  /** Refuses a tool use the task's run waits for; Claude is told `message`. */
  deny(taskId: string, approvalId: string, options?: DenyOptions): Promise<ApprovalDecision>;
  /** Kills a running or queued task; ConflictError when it had already finished. */
  kill(taskId: string, options?: CallOptions): Promise<KillResponse>;
  /** Deletes a finished task's files (and worktree); ConflictError while it runs or waits. */
  purge(taskId: string, options?: PurgeOptions): Promise<PurgeResponse>;
  /** A worktree task's per-file summary against its base commit; ConflictError (`no_worktree`) for other tasks. */
  diff(taskId: string, options: DiffOptions & { stat: true }): Promise<DiffStat>;
  /** A worktree task's unified diff against its base commit (new files included); ConflictError (`no_worktree`) for other tasks. */
  diff(taskId: string, options?: DiffOptions & { stat?: false }): Promise<string>;
  /**
   * Resolves with the task once it finished and no follow-up is queued or running. `T` types
   * `result.structured_output` (what the task's output_schema describes).
   */
  wait<T = unknown>(
    taskId: string,
    options?: WaitOptions,
  ): Promise<unknown extends T ? TaskDetail : WithStructuredOutput<TaskDetail, T>>;
  /**
   * New stream-json events of a task as they are written, until it settles. Reads the server's
   * event stream and reconnects by itself (with Last-Event-ID) when the connection drops.
   */
  follow(taskId: string, options?: FollowOptions): AsyncIterableIterator<StreamEvent>;
  /** Like follow, but the exact log lines (including exit markers). */
  followLines(taskId: string, options?: FollowOptions): AsyncIterableIterator<string>;
}

/** A client bound to one server and token. */
export interface TaskApiClient {
  /** The resolved host every path is appended to. */
  readonly baseUrl: string;
  readonly tasks: TasksResource;
  /** Liveness check (needs no token). */
  health(options?: CallOptions): Promise<Health>;
  /** Readiness (`GET /readyz`, no token): `status` is `not_ready` (not an error) when a check fails. */
  ready(options?: CallOptions): Promise<Readiness>;
  /** The server's Prometheus metrics as text (needs the token). */
  metrics(options?: CallOptions): Promise<string>;
  /** Where the server runs tasks: its WORKDIR_ROOT and DEFAULT_WORKDIR as real paths (needs the token). */
  serverInfo(options?: CallOptions): Promise<ServerInfo>;
  /** @deprecated Use `client.tasks.wait`. */
  waitForTask<T = unknown>(
    taskId: string,
    options?: WaitOptions,
  ): Promise<unknown extends T ? TaskDetail : WithStructuredOutput<TaskDetail, T>>;
  /** @deprecated Use `client.tasks.follow`. */
  followOutput(taskId: string, options?: FollowOptions): AsyncIterableIterator<StreamEvent>;
  /** @deprecated Use `client.tasks.followLines`. */
  followOutputLines(taskId: string, options?: FollowOptions): AsyncIterableIterator<string>;
}

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
    async sendMessage(taskId, input, { signal } = {}) {
      const body = withOutputSchema(input);
      return expectData(await http.POST("/api/claude/tasks/{task_id}/message", { ...taskPath(taskId), body, signal }));
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
    async metrics({ signal } = {}) {
      const result = await http.GET("/api/claude/metrics", { headers: { Accept: "text/plain" }, parseAs: "text", signal });
      return result.data ?? "";
    },
    async serverInfo({ signal } = {}) {
      return expectData(await http.GET("/api/claude/server", { signal }));
    },
    waitForTask: tasks.wait,
    followOutputLines: tasks.followLines,
    followOutput: tasks.follow,
  };
}

/** The request body with `outputSchema` converted to the spec's `output_schema`. */
function withOutputSchema<B extends { outputSchema?: OutputSchemaInput; output_schema?: Record<string, unknown> }>(
  input: B,
): Omit<B, "outputSchema"> {
  const { outputSchema, ...body } = input;
  return outputSchema === undefined ? body : { ...body, output_schema: toJsonSchema(outputSchema) };
}

/** Tasks that `create` got back as an idempotent replay (the server's `Idempotent-Replayed: true`). */
const replayedTasks = new WeakSet<object>();

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
  if (options.limit !== undefined) query.limit = options.limit;
  if (options.cursor !== undefined) query.cursor = options.cursor;
  return query;
}

function isReadiness(body: unknown): body is Readiness {
  return typeof body === "object" && body !== null && "status" in body && "checks" in body;
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

/**
 * The client's public surface: the resource interfaces and the options of each call. Requests
 * and results are the types generated from openapi.yaml (types.ts).
 */
import type { FollowOptions } from "./follow.js";
import type { SchedulesResource } from "./schedules.js";
import type { StreamEvent } from "./stream-json.js";
import type { OutputSchemaInput, StandardJSONSchema, WithStructuredOutput } from "./structured-output.js";
import type { AuditResource, TokensResource } from "./tokens.js";
import type {
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
  SteerAccepted,
  Task,
  TaskDetail,
  TaskList,
  TaskStatus,
  TaskSummary,
  UpdateTaskRequest,
} from "./types.js";
import type { UsageResource } from "./usage.js";
import type { WaitOptions } from "./wait.js";

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
  /** Only tasks whose prompts contain this text (any case) or whose id starts with it. */
  q?: string | undefined;
  /** `newest` (default), `oldest`, or `cost` (most expensive first). */
  sort?: ListQuery["sort"] | undefined;
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
  /**
   * Changes the task's `max_budget_usd` (raise it, then send a follow-up, to continue a task
   * stopped by its budget).
   */
  update(taskId: string, changes: UpdateTaskRequest, options?: CallOptions): Promise<Task>;
  /** Sends a follow-up prompt; it runs now, or after the current run when one is in progress. */
  sendMessage(taskId: string, body: MessageBody, options?: CallOptions): Promise<MessageResponse>;
  /**
   * Hands `prompt` to the run in progress: Claude takes it when its current turn ends, in the
   * same run. ConflictError (`task_not_running`) when no run is in progress.
   */
  steer(taskId: string, prompt: string, options?: CallOptions): Promise<SteerAccepted>;
  /**
   * Stops the current turn. Without `prompt` the run ends (`interrupted`); with it, Claude
   * continues in the same run with that message. ConflictError when no run is in progress.
   */
  interrupt(taskId: string, options?: CallOptions & { prompt?: string }): Promise<SteerAccepted>;
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
  /** Recurring tasks: define, list, pause, resume, run now, delete, preview. */
  readonly schedules: SchedulesResource;
  /** What runs cost: per day, model or label, with today's budget when the server has one. */
  readonly usage: UsageResource;
  /** Named tokens with scopes (the owner, or a token with `admin`). */
  readonly tokens: TokensResource;
  /** The server's audit log (`admin`). */
  readonly audit: AuditResource;
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

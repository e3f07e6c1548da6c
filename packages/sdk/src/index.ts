/** @claude-task-api/sdk: a typed client for the Claude Task API. Works in Node 20+ (and same-origin pages). */

export type {
  ApproveOptions,
  CallOptions,
  CreatedTask,
  CreateOptions,
  CreateTaskBody,
  DenyOptions,
  DiffOptions,
  GetOptions,
  ListAllOptions,
  ListFilters,
  ListOptions,
  MessageBody,
  OutputOptions,
  PurgeOptions,
  TaskApiClient,
  TasksResource,
} from "./client.js";
export { createClient, isReplayed } from "./client.js";
export type { RequestInfo } from "./errors.js";
export {
  APIUserAbortError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  ConnectionError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ServerError,
  TaskApiError,
  TimeoutError,
  UnauthorizedError,
  WaitTimeoutError,
} from "./errors.js";
export { DEFAULT_MAX_RECONNECTS } from "./event-stream.js";
export type { FollowOptions, FollowStatus } from "./follow.js";
export { isSettled, splitLines as splitOutputLines } from "./follow.js";
export type { components, operations, paths } from "./generated/openapi.js";
export type { ClientOptions, ResolvedOptions } from "./options.js";
export { DEFAULT_BASE_URL, DEFAULT_RETRIES, DEFAULT_TIMEOUT_MS, resolveOptions } from "./options.js";
export type { SchedulesResource } from "./schedules.js";
export type { SseMessage } from "./sse.js";
export { readSse, SseParser } from "./sse.js";
export type {
  ApprovalDecisionEvent,
  ApprovalEvent,
  AssistantEvent,
  ContentBlock,
  ExitEvent,
  InterruptEvent,
  ResultEvent,
  SteerEvent,
  StreamEvent,
  SystemEvent,
  TextBlock,
  ThinkingBlock,
  ToolResultBlock,
  ToolUseBlock,
  UnknownBlock,
  UnknownEvent,
  UserEvent,
} from "./stream-json.js";
export { parseStreamJson, parseStreamJsonLine } from "./stream-json.js";
export type { OutputOf, OutputSchemaInput, StandardJSONSchema, WithStructuredOutput } from "./structured-output.js";
export { toJsonSchema } from "./structured-output.js";
export type { OutputSummary } from "./summarize.js";
export { summarize } from "./summarize.js";
export type { AuditQuery, AuditResource, TokensResource } from "./tokens.js";
export type {
  ApprovalAnswer,
  ApprovalDecision,
  AuditEntry,
  AuditPage,
  Callback,
  CreatedToken,
  CreateScheduleRequest,
  CreateTaskRequest,
  CreateTokenRequest,
  DiffStat,
  ErrorBody,
  ErrorCode,
  FinishedStatus,
  Followup,
  Health,
  KillResponse,
  Labels,
  ListQuery,
  McpServerStatus,
  MessageRequest,
  MessageResponse,
  NamedToken,
  OutputQuery,
  PendingApproval,
  PurgeResponse,
  Readiness,
  ResultSummary,
  Run,
  RunOptions,
  RunState,
  Schedule,
  ScheduleDeleted,
  ScheduleFire,
  SchedulePreview,
  ScheduleRunResult,
  ServerInfo,
  Steer,
  SteerAccepted,
  Task,
  TaskDetail,
  TaskList,
  TaskStatus,
  TaskSummary,
  TokenScope,
  Totals,
  UpdateScheduleRequest,
  UpdateTaskRequest,
  Usage,
  UsageGroup,
  UsageQuery,
  WebhookEventName,
  WebhookPayload,
  WebhookTask,
  Worktree,
} from "./types.js";
export { FINISHED_STATUSES, isFinished } from "./types.js";
export type { UsageResource } from "./usage.js";
export type { WaitOptions } from "./wait.js";
export type { VerifyWebhookOptions } from "./webhook.js";
export { verifyWebhookSignature, WEBHOOK_SIGNATURE_HEADER } from "./webhook.js";

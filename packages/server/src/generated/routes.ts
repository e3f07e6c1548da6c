// GENERATED from /openapi.yaml by packages/server/scripts/generate-contract.mjs. Do not edit; run `npm run generate`.

import { createRoute, z } from "@hono/zod-openapi";
import {
  ApprovalAnswerSchema,
  ApprovalDecisionSchema,
  AuditPageSchema,
  CreateScheduleRequestSchema,
  CreateTaskRequestSchema,
  CreateTokenRequestSchema,
  CreatedTokenSchema,
  DashboardLinkSchema,
  DashboardSessionInfoSchema,
  DiffStatSchema,
  ErrorSchema,
  HealthSchema,
  InterruptRequestSchema,
  KillResponseSchema,
  MessageRequestSchema,
  MessageResponseSchema,
  NamedTokenSchema,
  PurgeResponseSchema,
  ReadinessSchema,
  ScheduleSchema,
  ScheduleDeletedSchema,
  ScheduleListSchema,
  SchedulePreviewSchema,
  ScheduleRunResultSchema,
  ServerInfoSchema,
  SignOutResultSchema,
  SteerAcceptedSchema,
  SteerRequestSchema,
  TaskSchema,
  TaskDetailSchema,
  TaskListSchema,
  TokenListSchema,
  TokenResponseSchema,
  UpdateScheduleRequestSchema,
  UpdateTaskRequestSchema,
  UsageSchema,
} from "./schemas.js";

/** An operation's security requirements as one list type (literals of different schemes would not fit RouteConfig). */
const security = (...alternatives: Array<Record<string, string[]>>) => alternatives;

export const getHealth = createRoute({
  method: "get",
  path: "/healthz",
  operationId: "getHealth",
  tags: ["health"],
  summary: "Liveness check; needs no auth and never waits on task work",
  security: security(),
  responses: {
    200: { description: "The server is up", content: { "application/json": { schema: HealthSchema } } },
  },
});

export const getReadiness = createRoute({
  method: "get",
  path: "/readyz",
  operationId: "getReadiness",
  tags: ["health"],
  summary: "Readiness: tmux, claude, a credential and the permission mode are usable",
  security: security(),
  responses: {
    200: { description: "Ready to run tasks", content: { "application/json": { schema: ReadinessSchema } } },
    503: { description: "Not ready; `checks` says why", content: { "application/json": { schema: ReadinessSchema } } },
  },
});

export const getMetrics = createRoute({
  method: "get",
  path: "/api/claude/metrics",
  operationId: "getMetrics",
  tags: ["health"],
  summary: "Prometheus metrics",
  security: security({ bearerAuth: ["tasks:read"] }, { proxyIdentity: [] }, { dashboardSession: [] }),
  responses: {
    200: { description: "Metrics in the Prometheus text format", content: { "text/plain": { schema: z.string() } } },
    401: {
      description:
        "Missing or wrong credentials for this path: `unauthorized`, or for a named token\n`token_expired` / `token_revoked`\n",
      content: { "application/json": { schema: ErrorSchema } },
    },
    403: {
      description:
        "A browser door refused: `forbidden_identity` (the OAuth2 proxy's identity is not the\nworkspace owner's, or a dashboard session opened with a bearer-minted link asked for the\ntoken), `cross_site` (a state-changing request from another site), or\n`insufficient_scope` (a named bearer token without the scope the operation needs; the\nmessage names it)\n",
      content: { "application/json": { schema: ErrorSchema } },
    },
  },
});

export const getOpenApiJson = createRoute({
  method: "get",
  path: "/api/claude/openapi.json",
  operationId: "getOpenApiJson",
  tags: ["docs"],
  summary: "The OpenAPI document as JSON",
  security: security({}, { proxyIdentity: [] }),
  responses: {
    200: {
      description: "The OpenAPI document as JSON",
      content: { "application/json": { schema: z.record(z.string(), z.unknown()) } },
    },
    401: {
      description:
        "Missing or wrong credentials for this path: `unauthorized`, or for a named token\n`token_expired` / `token_revoked`\n",
      content: { "application/json": { schema: ErrorSchema } },
    },
    403: {
      description:
        "A browser door refused: `forbidden_identity` (the OAuth2 proxy's identity is not the\nworkspace owner's, or a dashboard session opened with a bearer-minted link asked for the\ntoken), `cross_site` (a state-changing request from another site), or\n`insufficient_scope` (a named bearer token without the scope the operation needs; the\nmessage names it)\n",
      content: { "application/json": { schema: ErrorSchema } },
    },
  },
});

export const getOpenApiYaml = createRoute({
  method: "get",
  path: "/api/claude/openapi.yaml",
  operationId: "getOpenApiYaml",
  tags: ["docs"],
  summary: "The OpenAPI document as YAML",
  security: security({}, { proxyIdentity: [] }),
  responses: {
    200: { description: "The OpenAPI document as YAML", content: { "application/yaml": { schema: z.string() } } },
    401: {
      description:
        "Missing or wrong credentials for this path: `unauthorized`, or for a named token\n`token_expired` / `token_revoked`\n",
      content: { "application/json": { schema: ErrorSchema } },
    },
    403: {
      description:
        "A browser door refused: `forbidden_identity` (the OAuth2 proxy's identity is not the\nworkspace owner's, or a dashboard session opened with a bearer-minted link asked for the\ntoken), `cross_site` (a state-changing request from another site), or\n`insufficient_scope` (a named bearer token without the scope the operation needs; the\nmessage names it)\n",
      content: { "application/json": { schema: ErrorSchema } },
    },
  },
});

export const getDocs = createRoute({
  method: "get",
  path: "/api/claude/docs",
  operationId: "getDocs",
  tags: ["docs"],
  summary: "Interactive API reference",
  security: security({}, { proxyIdentity: [] }),
  responses: {
    200: { description: "Interactive API reference", content: { "text/html": { schema: z.string() } } },
    401: {
      description:
        "Missing or wrong credentials for this path: `unauthorized`, or for a named token\n`token_expired` / `token_revoked`\n",
      content: { "application/json": { schema: ErrorSchema } },
    },
    403: {
      description:
        "A browser door refused: `forbidden_identity` (the OAuth2 proxy's identity is not the\nworkspace owner's, or a dashboard session opened with a bearer-minted link asked for the\ntoken), `cross_site` (a state-changing request from another site), or\n`insufficient_scope` (a named bearer token without the scope the operation needs; the\nmessage names it)\n",
      content: { "application/json": { schema: ErrorSchema } },
    },
  },
});

export const getServerInfo = createRoute({
  method: "get",
  path: "/api/claude/server",
  operationId: "getServerInfo",
  tags: ["tasks"],
  summary: "Where this server runs tasks (its WORKDIR_ROOT and DEFAULT_WORKDIR)",
  security: security({ bearerAuth: ["tasks:read"] }, { proxyIdentity: [] }, { dashboardSession: [] }),
  responses: {
    200: {
      description: "The server's workdir settings, as real paths",
      content: { "application/json": { schema: ServerInfoSchema } },
    },
    401: {
      description:
        "Missing or wrong credentials for this path: `unauthorized`, or for a named token\n`token_expired` / `token_revoked`\n",
      content: { "application/json": { schema: ErrorSchema } },
    },
    403: {
      description:
        "A browser door refused: `forbidden_identity` (the OAuth2 proxy's identity is not the\nworkspace owner's, or a dashboard session opened with a bearer-minted link asked for the\ntoken), `cross_site` (a state-changing request from another site), or\n`insufficient_scope` (a named bearer token without the scope the operation needs; the\nmessage names it)\n",
      content: { "application/json": { schema: ErrorSchema } },
    },
  },
});

export const listTasks = createRoute({
  method: "get",
  path: "/api/claude/tasks",
  operationId: "listTasks",
  tags: ["tasks"],
  summary: "List tasks, newest first; search, filter, sort",
  security: security({ bearerAuth: ["tasks:read"] }, { proxyIdentity: [] }, { dashboardSession: [] }),
  request: {
    query: z.object({
      status: z
        .string()
        .regex(/^[a-z]+(,[a-z]+)*$/, "status must be statuses separated by commas")
        .optional(),
      limit: z.coerce
        .number({ error: "limit must be a whole number" })
        .int("limit must be a whole number")
        .min(1, "limit must be at least 1")
        .max(1000, "limit must be at most 1000")
        .optional(),
      cursor: z.string().max(512).optional(),
      label: z
        .string()
        .regex(/^[^:,]+:[^,]*(,[^:,]+:[^,]*)*$/, "label must be key:value pairs separated by commas")
        .optional(),
      q: z.string().min(1).max(200).optional(),
      sort: z.enum(["newest", "oldest", "cost"], { error: "sort must be newest, oldest or cost" }).optional(),
    }),
  },
  responses: {
    200: {
      description: "Every matching task, in the order asked for (newest first by default)",
      content: { "application/json": { schema: TaskListSchema } },
    },
    400: {
      description: "The request is malformed or a value is invalid",
      content: { "application/json": { schema: ErrorSchema } },
    },
    401: {
      description:
        "Missing or wrong credentials for this path: `unauthorized`, or for a named token\n`token_expired` / `token_revoked`\n",
      content: { "application/json": { schema: ErrorSchema } },
    },
    403: {
      description:
        "A browser door refused: `forbidden_identity` (the OAuth2 proxy's identity is not the\nworkspace owner's, or a dashboard session opened with a bearer-minted link asked for the\ntoken), `cross_site` (a state-changing request from another site), or\n`insufficient_scope` (a named bearer token without the scope the operation needs; the\nmessage names it)\n",
      content: { "application/json": { schema: ErrorSchema } },
    },
    500: { description: "Something failed on the server", content: { "application/json": { schema: ErrorSchema } } },
  },
});

export const createTask = createRoute({
  method: "post",
  path: "/api/claude/tasks",
  operationId: "createTask",
  tags: ["tasks"],
  summary: "Start a task",
  security: security({ bearerAuth: ["tasks:write"] }, { proxyIdentity: [] }, { dashboardSession: [] }),
  request: {
    headers: z.object({
      "idempotency-key": z
        .string()
        .regex(/^[\x21-\x7e]{1,255}$/, "Idempotency-Key must be 1-255 visible ASCII characters")
        .optional(),
    }),
    body: { required: true, content: { "application/json": { schema: CreateTaskRequestSchema } } },
  },
  responses: {
    201: {
      description: "The task was recorded and its first run started, queued, or failed to start",
      headers: z.object({ "Idempotent-Replayed": z.enum(["true"]).optional() }),
      content: { "application/json": { schema: TaskSchema } },
    },
    400: {
      description: "The request is malformed or a value is invalid",
      content: { "application/json": { schema: ErrorSchema } },
    },
    401: {
      description:
        "Missing or wrong credentials for this path: `unauthorized`, or for a named token\n`token_expired` / `token_revoked`\n",
      content: { "application/json": { schema: ErrorSchema } },
    },
    403: {
      description:
        "A browser door refused: `forbidden_identity` (the OAuth2 proxy's identity is not the\nworkspace owner's, or a dashboard session opened with a bearer-minted link asked for the\ntoken), `cross_site` (a state-changing request from another site), or\n`insufficient_scope` (a named bearer token without the scope the operation needs; the\nmessage names it)\n",
      content: { "application/json": { schema: ErrorSchema } },
    },
    409: { description: "The task is not in a state that allows this", content: { "application/json": { schema: ErrorSchema } } },
    413: { description: "The request body is over the size limit", content: { "application/json": { schema: ErrorSchema } } },
    429: {
      description: "`budget_exhausted`: DAILY_BUDGET_USD is spent for today",
      headers: z.object({
        "Retry-After": z
          .string()
          .regex(/^[0-9]+$/)
          .optional(),
      }),
      content: { "application/json": { schema: ErrorSchema } },
    },
    500: { description: "Something failed on the server", content: { "application/json": { schema: ErrorSchema } } },
    507: { description: "The disk holding the task data is full", content: { "application/json": { schema: ErrorSchema } } },
  },
});

export const getTask = createRoute({
  method: "get",
  path: "/api/claude/tasks/{task_id}",
  operationId: "getTask",
  tags: ["tasks"],
  summary: "Task detail with the last 50 lines of output",
  security: security({ bearerAuth: ["tasks:read"] }, { proxyIdentity: [] }, { dashboardSession: [] }),
  request: {
    params: z.object({ task_id: z.string().regex(/^[0-9]{1,12}-[0-9a-f]{8}$/, "task_id must look like 1707000000-a1b2c3d4") }),
    query: z.object({
      wait: z.coerce
        .number({ error: "wait must be a whole number of seconds" })
        .int("wait must be a whole number of seconds")
        .min(0, "wait must be at least 0")
        .max(60, "wait must be at most 60")
        .optional(),
    }),
  },
  responses: {
    200: { description: "The task", content: { "application/json": { schema: TaskDetailSchema } } },
    400: {
      description: "The request is malformed or a value is invalid",
      content: { "application/json": { schema: ErrorSchema } },
    },
    401: {
      description:
        "Missing or wrong credentials for this path: `unauthorized`, or for a named token\n`token_expired` / `token_revoked`\n",
      content: { "application/json": { schema: ErrorSchema } },
    },
    403: {
      description:
        "A browser door refused: `forbidden_identity` (the OAuth2 proxy's identity is not the\nworkspace owner's, or a dashboard session opened with a bearer-minted link asked for the\ntoken), `cross_site` (a state-changing request from another site), or\n`insufficient_scope` (a named bearer token without the scope the operation needs; the\nmessage names it)\n",
      content: { "application/json": { schema: ErrorSchema } },
    },
    404: {
      description: "No such task (or schedule, for the schedule operations)",
      content: { "application/json": { schema: ErrorSchema } },
    },
    500: { description: "Something failed on the server", content: { "application/json": { schema: ErrorSchema } } },
  },
});

export const killTask = createRoute({
  method: "delete",
  path: "/api/claude/tasks/{task_id}",
  operationId: "killTask",
  tags: ["tasks"],
  summary: "Kill a running task, or purge a finished one",
  security: security({ bearerAuth: ["tasks:write"] }, { proxyIdentity: [] }, { dashboardSession: [] }),
  request: {
    params: z.object({ task_id: z.string().regex(/^[0-9]{1,12}-[0-9a-f]{8}$/, "task_id must look like 1707000000-a1b2c3d4") }),
    query: z.object({
      purge: z.enum(["true", "false"], { error: "purge must be true or false" }).optional(),
      delete_branch: z.enum(["true", "false"], { error: "delete_branch must be true or false" }).optional(),
    }),
  },
  responses: {
    200: {
      description: "The task is killed (or purged)",
      content: { "application/json": { schema: z.union([KillResponseSchema, PurgeResponseSchema]) } },
    },
    400: {
      description: "The request is malformed or a value is invalid",
      content: { "application/json": { schema: ErrorSchema } },
    },
    401: {
      description:
        "Missing or wrong credentials for this path: `unauthorized`, or for a named token\n`token_expired` / `token_revoked`\n",
      content: { "application/json": { schema: ErrorSchema } },
    },
    403: {
      description:
        "A browser door refused: `forbidden_identity` (the OAuth2 proxy's identity is not the\nworkspace owner's, or a dashboard session opened with a bearer-minted link asked for the\ntoken), `cross_site` (a state-changing request from another site), or\n`insufficient_scope` (a named bearer token without the scope the operation needs; the\nmessage names it)\n",
      content: { "application/json": { schema: ErrorSchema } },
    },
    404: {
      description: "No such task (or schedule, for the schedule operations)",
      content: { "application/json": { schema: ErrorSchema } },
    },
    409: { description: "The task is not in a state that allows this", content: { "application/json": { schema: ErrorSchema } } },
    500: { description: "Something failed on the server", content: { "application/json": { schema: ErrorSchema } } },
    507: { description: "The disk holding the task data is full", content: { "application/json": { schema: ErrorSchema } } },
  },
});

export const updateTask = createRoute({
  method: "patch",
  path: "/api/claude/tasks/{task_id}",
  operationId: "updateTask",
  tags: ["tasks"],
  summary: "Change a task's budget",
  security: security({ bearerAuth: ["tasks:write"] }, { proxyIdentity: [] }, { dashboardSession: [] }),
  request: {
    params: z.object({ task_id: z.string().regex(/^[0-9]{1,12}-[0-9a-f]{8}$/, "task_id must look like 1707000000-a1b2c3d4") }),
    body: { required: true, content: { "application/json": { schema: UpdateTaskRequestSchema } } },
  },
  responses: {
    200: { description: "The changed task", content: { "application/json": { schema: TaskSchema } } },
    400: {
      description: "The request is malformed or a value is invalid",
      content: { "application/json": { schema: ErrorSchema } },
    },
    401: {
      description:
        "Missing or wrong credentials for this path: `unauthorized`, or for a named token\n`token_expired` / `token_revoked`\n",
      content: { "application/json": { schema: ErrorSchema } },
    },
    403: {
      description:
        "A browser door refused: `forbidden_identity` (the OAuth2 proxy's identity is not the\nworkspace owner's, or a dashboard session opened with a bearer-minted link asked for the\ntoken), `cross_site` (a state-changing request from another site), or\n`insufficient_scope` (a named bearer token without the scope the operation needs; the\nmessage names it)\n",
      content: { "application/json": { schema: ErrorSchema } },
    },
    404: {
      description: "No such task (or schedule, for the schedule operations)",
      content: { "application/json": { schema: ErrorSchema } },
    },
    413: { description: "The request body is over the size limit", content: { "application/json": { schema: ErrorSchema } } },
    500: { description: "Something failed on the server", content: { "application/json": { schema: ErrorSchema } } },
    507: { description: "The disk holding the task data is full", content: { "application/json": { schema: ErrorSchema } } },
  },
});

export const getTaskOutput = createRoute({
  method: "get",
  path: "/api/claude/tasks/{task_id}/output",
  operationId: "getTaskOutput",
  tags: ["tasks"],
  summary: "The raw output log (stream-json lines and exit markers)",
  security: security({ bearerAuth: ["tasks:read"] }, { proxyIdentity: [] }, { dashboardSession: [] }),
  request: {
    params: z.object({ task_id: z.string().regex(/^[0-9]{1,12}-[0-9a-f]{8}$/, "task_id must look like 1707000000-a1b2c3d4") }),
    query: z.object({
      tail: z.coerce
        .number({ error: "tail must be a whole number" })
        .int("tail must be a whole number")
        .min(1, "tail must be at least 1")
        .max(100000, "tail must be at most 100000")
        .optional(),
    }),
  },
  responses: {
    200: { description: "The log as plain text", content: { "text/plain": { schema: z.string() } } },
    400: {
      description: "The request is malformed or a value is invalid",
      content: { "application/json": { schema: ErrorSchema } },
    },
    401: {
      description:
        "Missing or wrong credentials for this path: `unauthorized`, or for a named token\n`token_expired` / `token_revoked`\n",
      content: { "application/json": { schema: ErrorSchema } },
    },
    403: {
      description:
        "A browser door refused: `forbidden_identity` (the OAuth2 proxy's identity is not the\nworkspace owner's, or a dashboard session opened with a bearer-minted link asked for the\ntoken), `cross_site` (a state-changing request from another site), or\n`insufficient_scope` (a named bearer token without the scope the operation needs; the\nmessage names it)\n",
      content: { "application/json": { schema: ErrorSchema } },
    },
    404: {
      description: "No such task (or schedule, for the schedule operations)",
      content: { "application/json": { schema: ErrorSchema } },
    },
    500: { description: "Something failed on the server", content: { "application/json": { schema: ErrorSchema } } },
  },
});

export const streamTaskEvents = createRoute({
  method: "get",
  path: "/api/claude/tasks/{task_id}/events",
  operationId: "streamTaskEvents",
  tags: ["tasks"],
  summary: "Server-sent events: every log line as it is written, status changes, and the end",
  security: security({ bearerAuth: ["tasks:read"] }, { proxyIdentity: [] }, { dashboardSession: [] }),
  request: {
    params: z.object({ task_id: z.string().regex(/^[0-9]{1,12}-[0-9a-f]{8}$/, "task_id must look like 1707000000-a1b2c3d4") }),
    query: z.object({
      after: z.coerce
        .number({ error: "after must be a byte position from an event id" })
        .int("after must be a byte position from an event id")
        .min(0, "after must be at least 0")
        .optional(),
      tail: z.coerce
        .number({ error: "tail must be a whole number" })
        .int("tail must be a whole number")
        .min(1, "tail must be at least 1")
        .max(100000, "tail must be at most 100000")
        .optional(),
    }),
    headers: z.object({
      "last-event-id": z
        .string()
        .regex(/^[0-9]{1,15}$/, "Last-Event-ID must be an event id from this stream")
        .optional(),
    }),
  },
  responses: {
    200: { description: "An event stream (text/event-stream)", content: { "text/event-stream": { schema: z.string() } } },
    400: {
      description: "The request is malformed or a value is invalid",
      content: { "application/json": { schema: ErrorSchema } },
    },
    401: {
      description:
        "Missing or wrong credentials for this path: `unauthorized`, or for a named token\n`token_expired` / `token_revoked`\n",
      content: { "application/json": { schema: ErrorSchema } },
    },
    403: {
      description:
        "A browser door refused: `forbidden_identity` (the OAuth2 proxy's identity is not the\nworkspace owner's, or a dashboard session opened with a bearer-minted link asked for the\ntoken), `cross_site` (a state-changing request from another site), or\n`insufficient_scope` (a named bearer token without the scope the operation needs; the\nmessage names it)\n",
      content: { "application/json": { schema: ErrorSchema } },
    },
    404: {
      description: "No such task (or schedule, for the schedule operations)",
      content: { "application/json": { schema: ErrorSchema } },
    },
    500: { description: "Something failed on the server", content: { "application/json": { schema: ErrorSchema } } },
    503: {
      description:
        "`too_many_subscribers`: the task (MAX_EVENT_SUBSCRIBERS_PER_TASK) or the server\n(MAX_EVENT_SUBSCRIBERS) already streams events to as many clients as allowed; retry later.\n",
      content: { "application/json": { schema: ErrorSchema } },
    },
  },
});

export const getTaskDiff = createRoute({
  method: "get",
  path: "/api/claude/tasks/{task_id}/diff",
  operationId: "getTaskDiff",
  tags: ["tasks"],
  summary: "What a worktree task changed: a unified diff against its base commit",
  security: security({ bearerAuth: ["tasks:read"] }, { proxyIdentity: [] }, { dashboardSession: [] }),
  request: {
    params: z.object({ task_id: z.string().regex(/^[0-9]{1,12}-[0-9a-f]{8}$/, "task_id must look like 1707000000-a1b2c3d4") }),
    query: z.object({ stat: z.enum(["true", "false"], { error: "stat must be true or false" }).optional() }),
  },
  responses: {
    200: {
      description: "The unified diff (`git diff` format), or with `stat=true` the summary",
      content: { "text/plain": { schema: z.string() }, "application/json": { schema: DiffStatSchema } },
    },
    400: {
      description: "The request is malformed or a value is invalid",
      content: { "application/json": { schema: ErrorSchema } },
    },
    401: {
      description:
        "Missing or wrong credentials for this path: `unauthorized`, or for a named token\n`token_expired` / `token_revoked`\n",
      content: { "application/json": { schema: ErrorSchema } },
    },
    403: {
      description:
        "A browser door refused: `forbidden_identity` (the OAuth2 proxy's identity is not the\nworkspace owner's, or a dashboard session opened with a bearer-minted link asked for the\ntoken), `cross_site` (a state-changing request from another site), or\n`insufficient_scope` (a named bearer token without the scope the operation needs; the\nmessage names it)\n",
      content: { "application/json": { schema: ErrorSchema } },
    },
    404: {
      description: "No such task (or schedule, for the schedule operations)",
      content: { "application/json": { schema: ErrorSchema } },
    },
    409: { description: "The task is not in a state that allows this", content: { "application/json": { schema: ErrorSchema } } },
    500: { description: "Something failed on the server", content: { "application/json": { schema: ErrorSchema } } },
  },
});

export const answerApproval = createRoute({
  method: "post",
  path: "/api/claude/tasks/{task_id}/approvals/{approval_id}",
  operationId: "answerApproval",
  tags: ["tasks"],
  summary: "Allow or deny a tool use the task waits for",
  security: security({ bearerAuth: ["approvals:write"] }, { proxyIdentity: [] }, { dashboardSession: [] }),
  request: {
    params: z.object({
      task_id: z.string().regex(/^[0-9]{1,12}-[0-9a-f]{8}$/, "task_id must look like 1707000000-a1b2c3d4"),
      approval_id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "approval_id must be an id from pending_approvals"),
    }),
    body: { required: true, content: { "application/json": { schema: ApprovalAnswerSchema } } },
  },
  responses: {
    200: {
      description: "The answer was recorded and handed to the run",
      content: { "application/json": { schema: ApprovalDecisionSchema } },
    },
    400: {
      description: "The request is malformed or a value is invalid",
      content: { "application/json": { schema: ErrorSchema } },
    },
    401: {
      description:
        "Missing or wrong credentials for this path: `unauthorized`, or for a named token\n`token_expired` / `token_revoked`\n",
      content: { "application/json": { schema: ErrorSchema } },
    },
    403: {
      description:
        "A browser door refused: `forbidden_identity` (the OAuth2 proxy's identity is not the\nworkspace owner's, or a dashboard session opened with a bearer-minted link asked for the\ntoken), `cross_site` (a state-changing request from another site), or\n`insufficient_scope` (a named bearer token without the scope the operation needs; the\nmessage names it)\n",
      content: { "application/json": { schema: ErrorSchema } },
    },
    404: {
      description: "No such task (or schedule, for the schedule operations)",
      content: { "application/json": { schema: ErrorSchema } },
    },
    409: { description: "The task is not in a state that allows this", content: { "application/json": { schema: ErrorSchema } } },
    413: { description: "The request body is over the size limit", content: { "application/json": { schema: ErrorSchema } } },
    500: { description: "Something failed on the server", content: { "application/json": { schema: ErrorSchema } } },
    507: { description: "The disk holding the task data is full", content: { "application/json": { schema: ErrorSchema } } },
  },
});

export const sendMessage = createRoute({
  method: "post",
  path: "/api/claude/tasks/{task_id}/message",
  operationId: "sendMessage",
  tags: ["tasks"],
  summary: "Send a follow-up prompt",
  security: security({ bearerAuth: ["tasks:write"] }, { proxyIdentity: [] }, { dashboardSession: [] }),
  request: {
    params: z.object({ task_id: z.string().regex(/^[0-9]{1,12}-[0-9a-f]{8}$/, "task_id must look like 1707000000-a1b2c3d4") }),
    body: { required: true, content: { "application/json": { schema: MessageRequestSchema } } },
  },
  responses: {
    200: {
      description: "The follow-up is running or queued",
      content: { "application/json": { schema: MessageResponseSchema } },
    },
    400: {
      description: "The request is malformed or a value is invalid",
      content: { "application/json": { schema: ErrorSchema } },
    },
    401: {
      description:
        "Missing or wrong credentials for this path: `unauthorized`, or for a named token\n`token_expired` / `token_revoked`\n",
      content: { "application/json": { schema: ErrorSchema } },
    },
    403: {
      description:
        "A browser door refused: `forbidden_identity` (the OAuth2 proxy's identity is not the\nworkspace owner's, or a dashboard session opened with a bearer-minted link asked for the\ntoken), `cross_site` (a state-changing request from another site), or\n`insufficient_scope` (a named bearer token without the scope the operation needs; the\nmessage names it)\n",
      content: { "application/json": { schema: ErrorSchema } },
    },
    404: {
      description: "No such task (or schedule, for the schedule operations)",
      content: { "application/json": { schema: ErrorSchema } },
    },
    413: { description: "The request body is over the size limit", content: { "application/json": { schema: ErrorSchema } } },
    429: {
      description: "`followup_queue_full`: MAX_QUEUED_FOLLOWUPS follow-ups wait already; or `budget_exhausted`",
      headers: z.object({
        "Retry-After": z
          .string()
          .regex(/^[0-9]+$/)
          .optional(),
      }),
      content: { "application/json": { schema: ErrorSchema } },
    },
    500: { description: "Something failed on the server", content: { "application/json": { schema: ErrorSchema } } },
    507: { description: "The disk holding the task data is full", content: { "application/json": { schema: ErrorSchema } } },
  },
});

export const getUsage = createRoute({
  method: "get",
  path: "/api/claude/usage",
  operationId: "getUsage",
  tags: ["tasks"],
  summary: "What runs cost, per day, label or model",
  security: security({ bearerAuth: ["tasks:read"] }, { proxyIdentity: [] }, { dashboardSession: [] }),
  request: {
    query: z.object({
      from: z
        .string()
        .regex(/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/, "from must be a date YYYY-MM-DD")
        .optional(),
      to: z
        .string()
        .regex(/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/, "to must be a date YYYY-MM-DD")
        .optional(),
      group_by: z
        .string()
        .regex(/^(day|model|label:[A-Za-z0-9][A-Za-z0-9._\/-]{0,62})$/, "group_by must be day, model or label:KEY")
        .optional(),
    }),
  },
  responses: {
    200: { description: "The sums", content: { "application/json": { schema: UsageSchema } } },
    400: {
      description: "The request is malformed or a value is invalid",
      content: { "application/json": { schema: ErrorSchema } },
    },
    401: {
      description:
        "Missing or wrong credentials for this path: `unauthorized`, or for a named token\n`token_expired` / `token_revoked`\n",
      content: { "application/json": { schema: ErrorSchema } },
    },
    403: {
      description:
        "A browser door refused: `forbidden_identity` (the OAuth2 proxy's identity is not the\nworkspace owner's, or a dashboard session opened with a bearer-minted link asked for the\ntoken), `cross_site` (a state-changing request from another site), or\n`insufficient_scope` (a named bearer token without the scope the operation needs; the\nmessage names it)\n",
      content: { "application/json": { schema: ErrorSchema } },
    },
    500: { description: "Something failed on the server", content: { "application/json": { schema: ErrorSchema } } },
  },
});

export const steerTask = createRoute({
  method: "post",
  path: "/api/claude/tasks/{task_id}/steer",
  operationId: "steerTask",
  tags: ["tasks"],
  summary: "Send a message into the run in progress",
  security: security({ bearerAuth: ["tasks:write"] }, { proxyIdentity: [] }, { dashboardSession: [] }),
  request: {
    params: z.object({ task_id: z.string().regex(/^[0-9]{1,12}-[0-9a-f]{8}$/, "task_id must look like 1707000000-a1b2c3d4") }),
    body: { required: true, content: { "application/json": { schema: SteerRequestSchema } } },
  },
  responses: {
    202: {
      description: "Handed to the run, or queued as a follow-up",
      content: { "application/json": { schema: SteerAcceptedSchema } },
    },
    400: {
      description: "The request is malformed or a value is invalid",
      content: { "application/json": { schema: ErrorSchema } },
    },
    401: {
      description:
        "Missing or wrong credentials for this path: `unauthorized`, or for a named token\n`token_expired` / `token_revoked`\n",
      content: { "application/json": { schema: ErrorSchema } },
    },
    403: {
      description:
        "A browser door refused: `forbidden_identity` (the OAuth2 proxy's identity is not the\nworkspace owner's, or a dashboard session opened with a bearer-minted link asked for the\ntoken), `cross_site` (a state-changing request from another site), or\n`insufficient_scope` (a named bearer token without the scope the operation needs; the\nmessage names it)\n",
      content: { "application/json": { schema: ErrorSchema } },
    },
    404: {
      description: "No such task (or schedule, for the schedule operations)",
      content: { "application/json": { schema: ErrorSchema } },
    },
    409: { description: "The task is not in a state that allows this", content: { "application/json": { schema: ErrorSchema } } },
    413: { description: "The request body is over the size limit", content: { "application/json": { schema: ErrorSchema } } },
    500: { description: "Something failed on the server", content: { "application/json": { schema: ErrorSchema } } },
    507: { description: "The disk holding the task data is full", content: { "application/json": { schema: ErrorSchema } } },
  },
});

export const interruptTask = createRoute({
  method: "post",
  path: "/api/claude/tasks/{task_id}/interrupt",
  operationId: "interruptTask",
  tags: ["tasks"],
  summary: "Stop the current turn, optionally continuing with a new message",
  security: security({ bearerAuth: ["tasks:write"] }, { proxyIdentity: [] }, { dashboardSession: [] }),
  request: {
    params: z.object({ task_id: z.string().regex(/^[0-9]{1,12}-[0-9a-f]{8}$/, "task_id must look like 1707000000-a1b2c3d4") }),
    body: { required: false, content: { "application/json": { schema: InterruptRequestSchema } } },
  },
  responses: {
    202: {
      description: "Handed to the run (or its prompt queued as a follow-up)",
      content: { "application/json": { schema: SteerAcceptedSchema } },
    },
    400: {
      description: "The request is malformed or a value is invalid",
      content: { "application/json": { schema: ErrorSchema } },
    },
    401: {
      description:
        "Missing or wrong credentials for this path: `unauthorized`, or for a named token\n`token_expired` / `token_revoked`\n",
      content: { "application/json": { schema: ErrorSchema } },
    },
    403: {
      description:
        "A browser door refused: `forbidden_identity` (the OAuth2 proxy's identity is not the\nworkspace owner's, or a dashboard session opened with a bearer-minted link asked for the\ntoken), `cross_site` (a state-changing request from another site), or\n`insufficient_scope` (a named bearer token without the scope the operation needs; the\nmessage names it)\n",
      content: { "application/json": { schema: ErrorSchema } },
    },
    404: {
      description: "No such task (or schedule, for the schedule operations)",
      content: { "application/json": { schema: ErrorSchema } },
    },
    409: { description: "The task is not in a state that allows this", content: { "application/json": { schema: ErrorSchema } } },
    413: { description: "The request body is over the size limit", content: { "application/json": { schema: ErrorSchema } } },
    500: { description: "Something failed on the server", content: { "application/json": { schema: ErrorSchema } } },
    507: { description: "The disk holding the task data is full", content: { "application/json": { schema: ErrorSchema } } },
  },
});

export const listSchedules = createRoute({
  method: "get",
  path: "/api/claude/schedules",
  operationId: "listSchedules",
  tags: ["schedules"],
  summary: "List schedules, oldest first, with their next fire times and recent fires",
  security: security({ bearerAuth: ["tasks:read"] }, { proxyIdentity: [] }, { dashboardSession: [] }),
  responses: {
    200: { description: "Every schedule", content: { "application/json": { schema: ScheduleListSchema } } },
    401: {
      description:
        "Missing or wrong credentials for this path: `unauthorized`, or for a named token\n`token_expired` / `token_revoked`\n",
      content: { "application/json": { schema: ErrorSchema } },
    },
    403: {
      description:
        "A browser door refused: `forbidden_identity` (the OAuth2 proxy's identity is not the\nworkspace owner's, or a dashboard session opened with a bearer-minted link asked for the\ntoken), `cross_site` (a state-changing request from another site), or\n`insufficient_scope` (a named bearer token without the scope the operation needs; the\nmessage names it)\n",
      content: { "application/json": { schema: ErrorSchema } },
    },
    500: { description: "Something failed on the server", content: { "application/json": { schema: ErrorSchema } } },
  },
});

export const createSchedule = createRoute({
  method: "post",
  path: "/api/claude/schedules",
  operationId: "createSchedule",
  tags: ["schedules"],
  summary: "Define a recurring task",
  security: security({ bearerAuth: ["tasks:write"] }, { proxyIdentity: [] }, { dashboardSession: [] }),
  request: { body: { required: true, content: { "application/json": { schema: CreateScheduleRequestSchema } } } },
  responses: {
    201: { description: "The schedule, with its next fire times", content: { "application/json": { schema: ScheduleSchema } } },
    400: {
      description: "The request is malformed or a value is invalid",
      content: { "application/json": { schema: ErrorSchema } },
    },
    401: {
      description:
        "Missing or wrong credentials for this path: `unauthorized`, or for a named token\n`token_expired` / `token_revoked`\n",
      content: { "application/json": { schema: ErrorSchema } },
    },
    403: {
      description:
        "A browser door refused: `forbidden_identity` (the OAuth2 proxy's identity is not the\nworkspace owner's, or a dashboard session opened with a bearer-minted link asked for the\ntoken), `cross_site` (a state-changing request from another site), or\n`insufficient_scope` (a named bearer token without the scope the operation needs; the\nmessage names it)\n",
      content: { "application/json": { schema: ErrorSchema } },
    },
    413: { description: "The request body is over the size limit", content: { "application/json": { schema: ErrorSchema } } },
    500: { description: "Something failed on the server", content: { "application/json": { schema: ErrorSchema } } },
    507: { description: "The disk holding the task data is full", content: { "application/json": { schema: ErrorSchema } } },
  },
});

export const previewSchedule = createRoute({
  method: "get",
  path: "/api/claude/schedules/preview",
  operationId: "previewSchedule",
  tags: ["schedules"],
  summary: "The next fire times of an expression in a zone, without defining a schedule",
  security: security({ bearerAuth: ["tasks:read"] }, { proxyIdentity: [] }, { dashboardSession: [] }),
  request: {
    query: z.object({
      cron: z.string().min(1).max(200),
      timezone: z.string().min(1).max(64).optional(),
      count: z.coerce
        .number({ error: "count must be a whole number from 1 to 50" })
        .int("count must be a whole number from 1 to 50")
        .min(1, "count must be at least 1")
        .max(50, "count must be at most 50")
        .optional(),
    }),
  },
  responses: {
    200: { description: "The next fire times", content: { "application/json": { schema: SchedulePreviewSchema } } },
    400: {
      description: "The request is malformed or a value is invalid",
      content: { "application/json": { schema: ErrorSchema } },
    },
    401: {
      description:
        "Missing or wrong credentials for this path: `unauthorized`, or for a named token\n`token_expired` / `token_revoked`\n",
      content: { "application/json": { schema: ErrorSchema } },
    },
    403: {
      description:
        "A browser door refused: `forbidden_identity` (the OAuth2 proxy's identity is not the\nworkspace owner's, or a dashboard session opened with a bearer-minted link asked for the\ntoken), `cross_site` (a state-changing request from another site), or\n`insufficient_scope` (a named bearer token without the scope the operation needs; the\nmessage names it)\n",
      content: { "application/json": { schema: ErrorSchema } },
    },
    500: { description: "Something failed on the server", content: { "application/json": { schema: ErrorSchema } } },
  },
});

export const getSchedule = createRoute({
  method: "get",
  path: "/api/claude/schedules/{schedule_id}",
  operationId: "getSchedule",
  tags: ["schedules"],
  summary: "A schedule, its next fire times and its recent fires",
  security: security({ bearerAuth: ["tasks:read"] }, { proxyIdentity: [] }, { dashboardSession: [] }),
  request: {
    params: z.object({ schedule_id: z.string().regex(/^sch-[0-9a-f]{16}$/, "schedule_id must look like sch-0123456789abcdef") }),
  },
  responses: {
    200: { description: "The schedule", content: { "application/json": { schema: ScheduleSchema } } },
    400: {
      description: "The request is malformed or a value is invalid",
      content: { "application/json": { schema: ErrorSchema } },
    },
    401: {
      description:
        "Missing or wrong credentials for this path: `unauthorized`, or for a named token\n`token_expired` / `token_revoked`\n",
      content: { "application/json": { schema: ErrorSchema } },
    },
    403: {
      description:
        "A browser door refused: `forbidden_identity` (the OAuth2 proxy's identity is not the\nworkspace owner's, or a dashboard session opened with a bearer-minted link asked for the\ntoken), `cross_site` (a state-changing request from another site), or\n`insufficient_scope` (a named bearer token without the scope the operation needs; the\nmessage names it)\n",
      content: { "application/json": { schema: ErrorSchema } },
    },
    404: {
      description: "No such task (or schedule, for the schedule operations)",
      content: { "application/json": { schema: ErrorSchema } },
    },
    500: { description: "Something failed on the server", content: { "application/json": { schema: ErrorSchema } } },
  },
});

export const deleteSchedule = createRoute({
  method: "delete",
  path: "/api/claude/schedules/{schedule_id}",
  operationId: "deleteSchedule",
  tags: ["schedules"],
  summary: "Delete a schedule; the tasks it created stay",
  security: security({ bearerAuth: ["tasks:write"] }, { proxyIdentity: [] }, { dashboardSession: [] }),
  request: {
    params: z.object({ schedule_id: z.string().regex(/^sch-[0-9a-f]{16}$/, "schedule_id must look like sch-0123456789abcdef") }),
  },
  responses: {
    200: { description: "The schedule is gone", content: { "application/json": { schema: ScheduleDeletedSchema } } },
    400: {
      description: "The request is malformed or a value is invalid",
      content: { "application/json": { schema: ErrorSchema } },
    },
    401: {
      description:
        "Missing or wrong credentials for this path: `unauthorized`, or for a named token\n`token_expired` / `token_revoked`\n",
      content: { "application/json": { schema: ErrorSchema } },
    },
    403: {
      description:
        "A browser door refused: `forbidden_identity` (the OAuth2 proxy's identity is not the\nworkspace owner's, or a dashboard session opened with a bearer-minted link asked for the\ntoken), `cross_site` (a state-changing request from another site), or\n`insufficient_scope` (a named bearer token without the scope the operation needs; the\nmessage names it)\n",
      content: { "application/json": { schema: ErrorSchema } },
    },
    404: {
      description: "No such task (or schedule, for the schedule operations)",
      content: { "application/json": { schema: ErrorSchema } },
    },
    500: { description: "Something failed on the server", content: { "application/json": { schema: ErrorSchema } } },
  },
});

export const updateSchedule = createRoute({
  method: "patch",
  path: "/api/claude/schedules/{schedule_id}",
  operationId: "updateSchedule",
  tags: ["schedules"],
  summary: "Change a schedule; pause and resume with `enabled`",
  security: security({ bearerAuth: ["tasks:write"] }, { proxyIdentity: [] }, { dashboardSession: [] }),
  request: {
    params: z.object({ schedule_id: z.string().regex(/^sch-[0-9a-f]{16}$/, "schedule_id must look like sch-0123456789abcdef") }),
    body: { required: true, content: { "application/json": { schema: UpdateScheduleRequestSchema } } },
  },
  responses: {
    200: { description: "The changed schedule", content: { "application/json": { schema: ScheduleSchema } } },
    400: {
      description: "The request is malformed or a value is invalid",
      content: { "application/json": { schema: ErrorSchema } },
    },
    401: {
      description:
        "Missing or wrong credentials for this path: `unauthorized`, or for a named token\n`token_expired` / `token_revoked`\n",
      content: { "application/json": { schema: ErrorSchema } },
    },
    403: {
      description:
        "A browser door refused: `forbidden_identity` (the OAuth2 proxy's identity is not the\nworkspace owner's, or a dashboard session opened with a bearer-minted link asked for the\ntoken), `cross_site` (a state-changing request from another site), or\n`insufficient_scope` (a named bearer token without the scope the operation needs; the\nmessage names it)\n",
      content: { "application/json": { schema: ErrorSchema } },
    },
    404: {
      description: "No such task (or schedule, for the schedule operations)",
      content: { "application/json": { schema: ErrorSchema } },
    },
    413: { description: "The request body is over the size limit", content: { "application/json": { schema: ErrorSchema } } },
    500: { description: "Something failed on the server", content: { "application/json": { schema: ErrorSchema } } },
    507: { description: "The disk holding the task data is full", content: { "application/json": { schema: ErrorSchema } } },
  },
});

export const runSchedule = createRoute({
  method: "post",
  path: "/api/claude/schedules/{schedule_id}/run",
  operationId: "runSchedule",
  tags: ["schedules"],
  summary: "Fire a schedule now",
  security: security({ bearerAuth: ["tasks:write"] }, { proxyIdentity: [] }, { dashboardSession: [] }),
  request: {
    params: z.object({ schedule_id: z.string().regex(/^sch-[0-9a-f]{16}$/, "schedule_id must look like sch-0123456789abcdef") }),
  },
  responses: {
    200: { description: "What the fire did", content: { "application/json": { schema: ScheduleRunResultSchema } } },
    400: {
      description: "The request is malformed or a value is invalid",
      content: { "application/json": { schema: ErrorSchema } },
    },
    401: {
      description:
        "Missing or wrong credentials for this path: `unauthorized`, or for a named token\n`token_expired` / `token_revoked`\n",
      content: { "application/json": { schema: ErrorSchema } },
    },
    403: {
      description:
        "A browser door refused: `forbidden_identity` (the OAuth2 proxy's identity is not the\nworkspace owner's, or a dashboard session opened with a bearer-minted link asked for the\ntoken), `cross_site` (a state-changing request from another site), or\n`insufficient_scope` (a named bearer token without the scope the operation needs; the\nmessage names it)\n",
      content: { "application/json": { schema: ErrorSchema } },
    },
    404: {
      description: "No such task (or schedule, for the schedule operations)",
      content: { "application/json": { schema: ErrorSchema } },
    },
    500: { description: "Something failed on the server", content: { "application/json": { schema: ErrorSchema } } },
    507: { description: "The disk holding the task data is full", content: { "application/json": { schema: ErrorSchema } } },
  },
});

export const getToken = createRoute({
  method: "get",
  path: "/oauth/api/claude/auth/token",
  operationId: "getToken",
  tags: ["auth"],
  summary: "The bearer token (created on first use)",
  security: security({ proxyIdentity: [] }, { dashboardSession: ["owner"] }),
  responses: {
    200: { description: "The current token", content: { "application/json": { schema: TokenResponseSchema } } },
    401: {
      description:
        "Missing or wrong credentials for this path: `unauthorized`, or for a named token\n`token_expired` / `token_revoked`\n",
      content: { "application/json": { schema: ErrorSchema } },
    },
    403: {
      description:
        "A browser door refused: `forbidden_identity` (the OAuth2 proxy's identity is not the\nworkspace owner's, or a dashboard session opened with a bearer-minted link asked for the\ntoken), `cross_site` (a state-changing request from another site), or\n`insufficient_scope` (a named bearer token without the scope the operation needs; the\nmessage names it)\n",
      content: { "application/json": { schema: ErrorSchema } },
    },
    500: { description: "Something failed on the server", content: { "application/json": { schema: ErrorSchema } } },
  },
});

export const regenerateToken = createRoute({
  method: "post",
  path: "/oauth/api/claude/auth/token/regenerate",
  operationId: "regenerateToken",
  tags: ["auth"],
  summary: "Replace the bearer token; the old one stops working at once",
  security: security({ proxyIdentity: [] }, { dashboardSession: ["owner"] }),
  responses: {
    200: { description: "The new token", content: { "application/json": { schema: TokenResponseSchema } } },
    401: {
      description:
        "Missing or wrong credentials for this path: `unauthorized`, or for a named token\n`token_expired` / `token_revoked`\n",
      content: { "application/json": { schema: ErrorSchema } },
    },
    403: {
      description:
        "A browser door refused: `forbidden_identity` (the OAuth2 proxy's identity is not the\nworkspace owner's, or a dashboard session opened with a bearer-minted link asked for the\ntoken), `cross_site` (a state-changing request from another site), or\n`insufficient_scope` (a named bearer token without the scope the operation needs; the\nmessage names it)\n",
      content: { "application/json": { schema: ErrorSchema } },
    },
    500: { description: "Something failed on the server", content: { "application/json": { schema: ErrorSchema } } },
  },
});

export const createDashboardLink = createRoute({
  method: "post",
  path: "/api/claude/dashboard/links",
  operationId: "createDashboardLink",
  tags: ["dashboard"],
  summary: "A one-time sign-in link for the dashboard at /claude/",
  security: security({ bearerAuth: ["admin"] }),
  responses: {
    200: { description: "The link (a path on this server)", content: { "application/json": { schema: DashboardLinkSchema } } },
    401: {
      description:
        "Missing or wrong credentials for this path: `unauthorized`, or for a named token\n`token_expired` / `token_revoked`\n",
      content: { "application/json": { schema: ErrorSchema } },
    },
    403: {
      description:
        "A browser door refused: `forbidden_identity` (the OAuth2 proxy's identity is not the\nworkspace owner's, or a dashboard session opened with a bearer-minted link asked for the\ntoken), `cross_site` (a state-changing request from another site), or\n`insufficient_scope` (a named bearer token without the scope the operation needs; the\nmessage names it)\n",
      content: { "application/json": { schema: ErrorSchema } },
    },
    500: { description: "Something failed on the server", content: { "application/json": { schema: ErrorSchema } } },
  },
});

export const listTokens = createRoute({
  method: "get",
  path: "/api/claude/tokens",
  operationId: "listTokens",
  tags: ["auth"],
  summary: "The named tokens, without their values",
  security: security({ bearerAuth: ["admin"] }, { proxyIdentity: [] }, { dashboardSession: ["owner"] }),
  responses: {
    200: { description: "Every named token, newest first", content: { "application/json": { schema: TokenListSchema } } },
    401: {
      description:
        "Missing or wrong credentials for this path: `unauthorized`, or for a named token\n`token_expired` / `token_revoked`\n",
      content: { "application/json": { schema: ErrorSchema } },
    },
    403: {
      description:
        "A browser door refused: `forbidden_identity` (the OAuth2 proxy's identity is not the\nworkspace owner's, or a dashboard session opened with a bearer-minted link asked for the\ntoken), `cross_site` (a state-changing request from another site), or\n`insufficient_scope` (a named bearer token without the scope the operation needs; the\nmessage names it)\n",
      content: { "application/json": { schema: ErrorSchema } },
    },
    500: { description: "Something failed on the server", content: { "application/json": { schema: ErrorSchema } } },
  },
});

export const createToken = createRoute({
  method: "post",
  path: "/api/claude/tokens",
  operationId: "createToken",
  tags: ["auth"],
  summary: "Create a named token with scopes (its value is answered once)",
  security: security({ bearerAuth: ["admin"] }, { proxyIdentity: [] }, { dashboardSession: ["owner"] }),
  request: { body: { required: true, content: { "application/json": { schema: CreateTokenRequestSchema } } } },
  responses: {
    201: { description: "The token and its value (shown once)", content: { "application/json": { schema: CreatedTokenSchema } } },
    400: {
      description: "The request is malformed or a value is invalid",
      content: { "application/json": { schema: ErrorSchema } },
    },
    401: {
      description:
        "Missing or wrong credentials for this path: `unauthorized`, or for a named token\n`token_expired` / `token_revoked`\n",
      content: { "application/json": { schema: ErrorSchema } },
    },
    403: {
      description:
        "A browser door refused: `forbidden_identity` (the OAuth2 proxy's identity is not the\nworkspace owner's, or a dashboard session opened with a bearer-minted link asked for the\ntoken), `cross_site` (a state-changing request from another site), or\n`insufficient_scope` (a named bearer token without the scope the operation needs; the\nmessage names it)\n",
      content: { "application/json": { schema: ErrorSchema } },
    },
    500: { description: "Something failed on the server", content: { "application/json": { schema: ErrorSchema } } },
  },
});

export const revokeToken = createRoute({
  method: "delete",
  path: "/api/claude/tokens/{token_id}",
  operationId: "revokeToken",
  tags: ["auth"],
  summary: "Revoke a named token; it stops working at once",
  security: security({ bearerAuth: ["admin"] }, { proxyIdentity: [] }, { dashboardSession: ["owner"] }),
  request: {
    params: z.object({ token_id: z.string().regex(/^tok_[0-9a-f]{16}$/, "token_id must look like tok_0123456789abcdef") }),
  },
  responses: {
    200: { description: "The token, revoked", content: { "application/json": { schema: NamedTokenSchema } } },
    400: {
      description: "The request is malformed or a value is invalid",
      content: { "application/json": { schema: ErrorSchema } },
    },
    401: {
      description:
        "Missing or wrong credentials for this path: `unauthorized`, or for a named token\n`token_expired` / `token_revoked`\n",
      content: { "application/json": { schema: ErrorSchema } },
    },
    403: {
      description:
        "A browser door refused: `forbidden_identity` (the OAuth2 proxy's identity is not the\nworkspace owner's, or a dashboard session opened with a bearer-minted link asked for the\ntoken), `cross_site` (a state-changing request from another site), or\n`insufficient_scope` (a named bearer token without the scope the operation needs; the\nmessage names it)\n",
      content: { "application/json": { schema: ErrorSchema } },
    },
    404: {
      description: "No such task (or schedule, for the schedule operations)",
      content: { "application/json": { schema: ErrorSchema } },
    },
    500: { description: "Something failed on the server", content: { "application/json": { schema: ErrorSchema } } },
  },
});

export const listAudit = createRoute({
  method: "get",
  path: "/api/claude/audit",
  operationId: "listAudit",
  tags: ["auth"],
  summary: "The audit log, newest first",
  security: security({ bearerAuth: ["admin"] }, { proxyIdentity: [] }, { dashboardSession: ["owner"] }),
  request: {
    query: z.object({
      limit: z.coerce
        .number({ error: "limit must be a whole number from 1 to 1000" })
        .int("limit must be a whole number from 1 to 1000")
        .min(1, "limit must be at least 1")
        .max(1000, "limit must be at most 1000")
        .optional(),
      cursor: z
        .string()
        .regex(/^[0-9]{1,15}$/, "cursor must be a next_cursor from an earlier page")
        .optional(),
      action: z.string().max(64).optional(),
      task_id: z.string().max(64).optional(),
    }),
  },
  responses: {
    200: { description: "One page of entries", content: { "application/json": { schema: AuditPageSchema } } },
    400: {
      description: "The request is malformed or a value is invalid",
      content: { "application/json": { schema: ErrorSchema } },
    },
    401: {
      description:
        "Missing or wrong credentials for this path: `unauthorized`, or for a named token\n`token_expired` / `token_revoked`\n",
      content: { "application/json": { schema: ErrorSchema } },
    },
    403: {
      description:
        "A browser door refused: `forbidden_identity` (the OAuth2 proxy's identity is not the\nworkspace owner's, or a dashboard session opened with a bearer-minted link asked for the\ntoken), `cross_site` (a state-changing request from another site), or\n`insufficient_scope` (a named bearer token without the scope the operation needs; the\nmessage names it)\n",
      content: { "application/json": { schema: ErrorSchema } },
    },
    500: { description: "Something failed on the server", content: { "application/json": { schema: ErrorSchema } } },
  },
});

export const signOut = createRoute({
  method: "post",
  path: "/claude/api/claude/auth/sign-out",
  operationId: "signOut",
  tags: ["dashboard"],
  summary: "End this dashboard session",
  security: security({ dashboardSession: [] }),
  responses: {
    200: { description: "Signed out", content: { "application/json": { schema: SignOutResultSchema } } },
    401: {
      description:
        "Missing or wrong credentials for this path: `unauthorized`, or for a named token\n`token_expired` / `token_revoked`\n",
      content: { "application/json": { schema: ErrorSchema } },
    },
    403: {
      description:
        "A browser door refused: `forbidden_identity` (the OAuth2 proxy's identity is not the\nworkspace owner's, or a dashboard session opened with a bearer-minted link asked for the\ntoken), `cross_site` (a state-changing request from another site), or\n`insufficient_scope` (a named bearer token without the scope the operation needs; the\nmessage names it)\n",
      content: { "application/json": { schema: ErrorSchema } },
    },
    500: { description: "Something failed on the server", content: { "application/json": { schema: ErrorSchema } } },
  },
});

export const signOutEverywhere = createRoute({
  method: "post",
  path: "/claude/api/claude/auth/sign-out-everywhere",
  operationId: "signOutEverywhere",
  tags: ["dashboard"],
  summary: "End every dashboard session and every unused sign-in link",
  security: security({ dashboardSession: [] }),
  responses: {
    200: { description: "Every session and unused link ended", content: { "application/json": { schema: SignOutResultSchema } } },
    401: {
      description:
        "Missing or wrong credentials for this path: `unauthorized`, or for a named token\n`token_expired` / `token_revoked`\n",
      content: { "application/json": { schema: ErrorSchema } },
    },
    403: {
      description:
        "A browser door refused: `forbidden_identity` (the OAuth2 proxy's identity is not the\nworkspace owner's, or a dashboard session opened with a bearer-minted link asked for the\ntoken), `cross_site` (a state-changing request from another site), or\n`insufficient_scope` (a named bearer token without the scope the operation needs; the\nmessage names it)\n",
      content: { "application/json": { schema: ErrorSchema } },
    },
    500: { description: "Something failed on the server", content: { "application/json": { schema: ErrorSchema } } },
  },
});

export const getDashboardSession = createRoute({
  method: "get",
  path: "/claude/api/claude/auth/session",
  operationId: "getDashboardSession",
  tags: ["dashboard"],
  summary: "What this dashboard session may do",
  security: security({ dashboardSession: [] }),
  responses: {
    200: { description: "This session's rights", content: { "application/json": { schema: DashboardSessionInfoSchema } } },
    401: {
      description:
        "Missing or wrong credentials for this path: `unauthorized`, or for a named token\n`token_expired` / `token_revoked`\n",
      content: { "application/json": { schema: ErrorSchema } },
    },
    403: {
      description:
        "A browser door refused: `forbidden_identity` (the OAuth2 proxy's identity is not the\nworkspace owner's, or a dashboard session opened with a bearer-minted link asked for the\ntoken), `cross_site` (a state-changing request from another site), or\n`insufficient_scope` (a named bearer token without the scope the operation needs; the\nmessage names it)\n",
      content: { "application/json": { schema: ErrorSchema } },
    },
  },
});

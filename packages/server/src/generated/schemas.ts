// GENERATED from /openapi.yaml by packages/server/scripts/generate-contract.mjs. Do not edit; run `npm run generate`.

import { z } from "@hono/zod-openapi";

export const ErrorSchema = z
  .object({
    error: z.string(),
    code: z.enum([
      "bad_request",
      "invalid_json",
      "validation_failed",
      "invalid_workdir",
      "unauthorized",
      "proxy_not_trusted",
      "forbidden_identity",
      "bad_path",
      "cross_site",
      "host_not_allowed",
      "not_found",
      "task_not_found",
      "task_finished",
      "task_not_finished",
      "task_not_running",
      "idempotency_conflict",
      "not_a_git_repository",
      "invalid_base_ref",
      "no_worktree",
      "approval_not_found",
      "approval_already_answered",
      "approval_closed",
      "payload_too_large",
      "followup_queue_full",
      "insufficient_storage",
      "too_many_subscribers",
      "invalid_cron",
      "invalid_timezone",
      "schedule_not_found",
      "budget_exhausted",
      "token_expired",
      "token_revoked",
      "insufficient_scope",
      "token_not_found",
      "internal_error",
    ]),
  })
  .openapi("Error");

export const DashboardLinkSchema = z.object({ url: z.string(), expires_at: z.string() }).openapi("DashboardLink");
export type DashboardLink = z.output<typeof DashboardLinkSchema>;

export const SignOutResultSchema = z.object({ ended_sessions: z.int(), ended_links: z.int() }).openapi("SignOutResult");
export type SignOutResult = z.output<typeof SignOutResultSchema>;

export const DashboardSessionInfoSchema = z.object({ token_access: z.boolean() }).openapi("DashboardSessionInfo");
export type DashboardSessionInfo = z.output<typeof DashboardSessionInfoSchema>;

export const ServerInfoSchema = z.object({ workdir_root: z.string(), default_workdir: z.string() }).openapi("ServerInfo");
export type ServerInfo = z.output<typeof ServerInfoSchema>;

export const HealthSchema = z.object({ status: z.enum(["ok"]) }).openapi("Health");
export type Health = z.output<typeof HealthSchema>;

/**
 * `queued` while waiting for a free slot (MAX_CONCURRENT_TASKS), `running` while a run is in
 * progress (follow-ups may wait behind it); after that the last run decides.
 */
export const TaskStatusSchema = z.enum(["queued", "running", "completed", "error", "killed"]).openapi("TaskStatus");
export type TaskStatus = z.output<typeof TaskStatusSchema>;

/**
 * `interrupted`: stopped by an interrupt without a prompt (the task then shows `killed`).
 */
export const RunStateSchema = z.enum(["queued", "running", "completed", "error", "killed", "interrupted"]).openapi("RunState");
export type RunState = z.output<typeof RunStateSchema>;

/**
 * The task statuses (and run states) after which a task or run no longer changes on its own;
 * `queued` and `running` are the others. A task waited for (`?wait=`, the SDK's `wait`) is
 * done once its status is one of these.
 */
export const FinishedStatusSchema = z.enum(["completed", "error", "killed"]).openapi("FinishedStatus");
export type FinishedStatus = z.output<typeof FinishedStatusSchema>;

/**
 * A JSON Schema for the run's result, passed to claude's `--json-schema` (at most 64 KiB as
 * JSON and 64 levels of nesting; more is a 400). Claude answers through a StructuredOutput tool whose input must match it; the run's
 * `result.structured_output` holds the answer. Applies to the run it is given with only (a
 * follow-up that wants one passes it again).
 */
export const OutputSchemaSchema = z.record(z.string(), z.unknown()).openapi("OutputSchema");
export type OutputSchema = z.output<typeof OutputSchemaSchema>;

/**
 * Options for claude runs. Each maps to the CLI's own flag (`--model`, `--permission-mode`,
 * `--allowedTools`, `--disallowedTools`, `--max-turns`, `--append-system-prompt`, `--json-schema`
 * for `output_schema`) and is passed
 * as an argument, never through a shell. `timeout_seconds` is enforced by the server: a run
 * that takes longer is killed and the task records why. The server may restrict permission
 * modes and the longest timeout.
 */
export const RunOptionsSchema = z
  .object({
    model: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._:[\]-]{0,99}$/, "model must be a model name or alias")
      .optional(),
    permission_mode: z.enum(["default", "acceptEdits", "plan", "bypassPermissions", "dontAsk", "auto"]).optional(),
    allowed_tools: z
      .array(
        z
          .string()
          .regex(
            /^[A-Za-z_*][^,\u0000-\u001f]{0,199}$/,
            "tool names start with a letter, _ or *, and hold no commas or control characters",
          ),
      )
      .max(100)
      .optional(),
    disallowed_tools: z
      .array(
        z
          .string()
          .regex(
            /^[A-Za-z_*][^,\u0000-\u001f]{0,199}$/,
            "tool names start with a letter, _ or *, and hold no commas or control characters",
          ),
      )
      .max(100)
      .optional(),
    max_turns: z.int().min(1).max(1000).optional(),
    append_system_prompt: z
      .string()
      .min(1)
      .max(100000)
      .regex(/^[^\u0000]*$/, "append_system_prompt must not contain NUL characters")
      .optional(),
    timeout_seconds: z.int().min(1).max(604800).optional(),
    approvals: z.boolean().optional(),
    approval_timeout_seconds: z.int().min(1).max(604800).optional(),
    output_schema: OutputSchemaSchema.optional(),
    effort: z.enum(["low", "medium", "high", "xhigh", "max"]).optional(),
    fallback_model: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._:[\]-]{0,99}$/, "fallback_model must be a model name or alias")
      .optional(),
    add_dirs: z
      .array(
        z
          .string()
          .min(1)
          .max(4096)
          .regex(/^[^\u0000]*$/, "add_dirs entries must be paths without NUL characters"),
      )
      .max(20)
      .optional(),
  })
  .openapi("RunOptions");
export type RunOptions = z.output<typeof RunOptionsSchema>;

/**
 * The permission modes in which claude asks before some tool uses (`approvals` needs one).
 */
export const AskingPermissionModeSchema = z.enum(["default", "acceptEdits", "plan"]).openapi("AskingPermissionMode");
export type AskingPermissionMode = z.output<typeof AskingPermissionModeSchema>;

/**
 * Free-form string labels, also usable as a list filter. Values hold no commas,
 * so that `?label=key:value,key:value` is unambiguous.
 */
export const LabelsSchema = z
  .record(
    z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._\/-]{0,62}$/, "label keys are 1-63 letters, digits, . _ / -"),
    z
      .string()
      .max(256)
      .regex(/^[^,]*$/, "label values may not contain commas"),
  )
  .refine((value) => Object.keys(value).length <= 32, "at most 32 labels")
  .openapi("Labels");
export type Labels = z.output<typeof LabelsSchema>;

/**
 * US dollars all the task's runs may cost (claude's `total_cost_usd`); each run gets
 * `--max-budget-usd` = what is left (checked after each turn, so a turn can overshoot).
 */
export const BudgetUsdSchema = z.number().min(0.000001).max(1000000).openapi("BudgetUsd");
export type BudgetUsd = z.output<typeof BudgetUsdSchema>;

export const SecretNameSchema = z
  .string()
  .regex(
    /^[A-Za-z_][A-Za-z0-9_]{0,127}$/,
    "a secret name must be an environment variable name (letters, digits, _; not starting with a digit)",
  )
  .openapi("SecretName");
export type SecretName = z.output<typeof SecretNameSchema>;

export const McpServerNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, "an MCP server name must be 1-64 letters, digits, _ or -")
  .openapi("McpServerName");
export type McpServerName = z.output<typeof McpServerNameSchema>;

/**
 * Body of createTask: the prompt, where and how the task runs, and the options of every run
 * (RunOptions; a follow-up may override them). Fields neither part names are refused.
 */
export const CreateTaskRequestSchema = z
  .strictObject({
    prompt: z.string().min(1),
    workdir: z.string().min(1).optional(),
    labels: LabelsSchema.optional(),
    callback_url: z
      .url({ error: "callback_url must be an absolute http(s) URL" })
      .max(2048)
      .regex(/^[Hh][Tt][Tt][Pp][Ss]?:\/\//, "callback_url must be an absolute http(s) URL")
      .optional(),
    callback_on: z.enum(["finish", "status"]).optional(),
    isolation: z.enum(["none", "worktree"]).optional(),
    base_ref: z
      .string()
      .min(1)
      .max(256)
      .regex(
        /^[^-\u0000-\u0020\u007f][^\u0000-\u0020\u007f]*$/,
        "base_ref must be a branch, tag or commit (no spaces or control characters, not starting with -)",
      )
      .optional(),
    max_budget_usd: BudgetUsdSchema.optional(),
    secrets: z.array(SecretNameSchema).max(64).optional(),
    mcp_servers: z.array(McpServerNameSchema).max(64).optional(),
    model: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._:[\]-]{0,99}$/, "model must be a model name or alias")
      .optional(),
    permission_mode: z.enum(["default", "acceptEdits", "plan", "bypassPermissions", "dontAsk", "auto"]).optional(),
    allowed_tools: z
      .array(
        z
          .string()
          .regex(
            /^[A-Za-z_*][^,\u0000-\u001f]{0,199}$/,
            "tool names start with a letter, _ or *, and hold no commas or control characters",
          ),
      )
      .max(100)
      .optional(),
    disallowed_tools: z
      .array(
        z
          .string()
          .regex(
            /^[A-Za-z_*][^,\u0000-\u001f]{0,199}$/,
            "tool names start with a letter, _ or *, and hold no commas or control characters",
          ),
      )
      .max(100)
      .optional(),
    max_turns: z.int().min(1).max(1000).optional(),
    append_system_prompt: z
      .string()
      .min(1)
      .max(100000)
      .regex(/^[^\u0000]*$/, "append_system_prompt must not contain NUL characters")
      .optional(),
    timeout_seconds: z.int().min(1).max(604800).optional(),
    approvals: z.boolean().optional(),
    approval_timeout_seconds: z.int().min(1).max(604800).optional(),
    output_schema: OutputSchemaSchema.optional(),
    effort: z.enum(["low", "medium", "high", "xhigh", "max"]).optional(),
    fallback_model: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._:[\]-]{0,99}$/, "fallback_model must be a model name or alias")
      .optional(),
    add_dirs: z
      .array(
        z
          .string()
          .min(1)
          .max(4096)
          .regex(/^[^\u0000]*$/, "add_dirs entries must be paths without NUL characters"),
      )
      .max(20)
      .optional(),
  })
  .openapi("CreateTaskRequest");
export type CreateTaskRequest = z.output<typeof CreateTaskRequestSchema>;

export const McpServerStatusSchema = z.object({ name: McpServerNameSchema, status: z.string() }).openapi("McpServerStatus");
export type McpServerStatus = z.output<typeof McpServerStatusSchema>;

export const SteerRequestSchema = z.strictObject({ prompt: z.string() }).openapi("SteerRequest");
export type SteerRequest = z.output<typeof SteerRequestSchema>;

export const InterruptRequestSchema = z.strictObject({ prompt: z.string().optional() }).openapi("InterruptRequest");
export type InterruptRequest = z.output<typeof InterruptRequestSchema>;

/**
 * Where a steer (or an interrupt) went.
 */
export const SteerAcceptedSchema = z
  .object({ task_id: z.string(), steer_id: z.string(), delivered: z.enum(["live", "queued"]), run: z.int() })
  .openapi("SteerAccepted");
export type SteerAccepted = z.output<typeof SteerAcceptedSchema>;

/**
 * A message sent into a run (`/steer`, or `/interrupt` with or without a prompt).
 */
export const SteerSchema = z
  .object({
    steer_id: z.string(),
    kind: z.enum(["steer", "interrupt"]),
    prompt: z.string().optional(),
    sent_at: z.number(),
    delivered: z.enum(["live", "queued"]),
    taken_at: z.number().optional(),
    dropped_at: z.number().optional(),
    followup_run: z.int().optional(),
  })
  .openapi("Steer");
export type Steer = z.output<typeof SteerSchema>;

/**
 * Body of sendMessage; the options (RunOptions) apply to this run only, over the task's.
 */
export const MessageRequestSchema = z
  .strictObject({
    prompt: z.string().min(1),
    model: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._:[\]-]{0,99}$/, "model must be a model name or alias")
      .optional(),
    permission_mode: z.enum(["default", "acceptEdits", "plan", "bypassPermissions", "dontAsk", "auto"]).optional(),
    allowed_tools: z
      .array(
        z
          .string()
          .regex(
            /^[A-Za-z_*][^,\u0000-\u001f]{0,199}$/,
            "tool names start with a letter, _ or *, and hold no commas or control characters",
          ),
      )
      .max(100)
      .optional(),
    disallowed_tools: z
      .array(
        z
          .string()
          .regex(
            /^[A-Za-z_*][^,\u0000-\u001f]{0,199}$/,
            "tool names start with a letter, _ or *, and hold no commas or control characters",
          ),
      )
      .max(100)
      .optional(),
    max_turns: z.int().min(1).max(1000).optional(),
    append_system_prompt: z
      .string()
      .min(1)
      .max(100000)
      .regex(/^[^\u0000]*$/, "append_system_prompt must not contain NUL characters")
      .optional(),
    timeout_seconds: z.int().min(1).max(604800).optional(),
    approvals: z.boolean().optional(),
    approval_timeout_seconds: z.int().min(1).max(604800).optional(),
    output_schema: OutputSchemaSchema.optional(),
    effort: z.enum(["low", "medium", "high", "xhigh", "max"]).optional(),
    fallback_model: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._:[\]-]{0,99}$/, "fallback_model must be a model name or alias")
      .optional(),
    add_dirs: z
      .array(
        z
          .string()
          .min(1)
          .max(4096)
          .regex(/^[^\u0000]*$/, "add_dirs entries must be paths without NUL characters"),
      )
      .max(20)
      .optional(),
  })
  .openapi("MessageRequest");
export type MessageRequest = z.output<typeof MessageRequestSchema>;

export const FollowupSchema = z
  .object({
    prompt: z.string(),
    sent_at: z.number(),
    state: RunStateSchema,
    started_at: z.number().optional(),
    finished_at: z.number().optional(),
    exit_code: z.int().optional(),
  })
  .openapi("Followup");
export type Followup = z.output<typeof FollowupSchema>;

/**
 * What a run's last stream-json `result` event said.
 */
export const ResultSummarySchema = z
  .object({
    text: z.string().optional(),
    is_error: z.boolean(),
    subtype: z.string().optional(),
    num_turns: z.number().optional(),
    duration_ms: z.number().optional(),
    total_cost_usd: z.number().optional(),
    usage: z.record(z.string(), z.unknown()).optional(),
    structured_output: z.unknown().optional(),
    error: z.string().optional(),
  })
  .openapi("ResultSummary");
export type ResultSummary = z.output<typeof ResultSummarySchema>;

/**
 * Why a run failed, for programs (absent unless the run, or for a task its last run, ended
 * `error` or `killed`; clients must accept values added later). From claude's `result`
 * event and the wrapper's record: `auth` (not logged in, invalid key: run `claude` and
 * `/login` in the pod, or set ANTHROPIC_API_KEY), `credit` (balance too low), `rate_limited`,
 * `api_error` (any other failed Messages API call, e.g. 500, 529 overloaded), `max_turns`
 * (raise `max_turns`), `timeout` (killed after `timeout_seconds`), `killed` (by a kill
 * request), `output_schema` (the run had an `output_schema` and Claude gave no answer
 * matching it: claude itself worked), `cli_failed` (claude could not start, or exited
 * without a result), `budget` (it reached, or found nothing left of, `max_budget_usd` or
 * DAILY_BUDGET_USD), `interrupted` (stopped by an interrupt; the conversation is kept).
 */
export const ErrorKindSchema = z
  .enum([
    "auth",
    "credit",
    "rate_limited",
    "api_error",
    "max_turns",
    "timeout",
    "killed",
    "output_schema",
    "cli_failed",
    "budget",
    "interrupted",
  ])
  .openapi("ErrorKind");
export type ErrorKind = z.output<typeof ErrorKindSchema>;

/**
 * One claude run. Run 0 is the first prompt; each follow-up adds one.
 */
export const RunSchema = z
  .object({
    index: z.int(),
    prompt: z.string(),
    state: RunStateSchema,
    sent_at: z.number(),
    started_at: z.number().optional(),
    finished_at: z.number().optional(),
    exit_code: z.int().optional(),
    error: z.string().optional(),
    error_kind: ErrorKindSchema.optional(),
    options: RunOptionsSchema.optional(),
    result: ResultSummarySchema.optional(),
    resumed: z.boolean().optional(),
    steers: z.array(SteerSchema).optional(),
    cost_usd: z.number(),
  })
  .openapi("Run");
export type Run = z.output<typeof RunSchema>;

/**
 * Sums over every run (cost from each run's own `cost_usd`).
 */
export const TotalsSchema = z
  .object({ total_cost_usd: z.number(), num_turns: z.number(), duration_ms: z.number() })
  .openapi("Totals");
export type Totals = z.output<typeof TotalsSchema>;

/**
 * The webhook events (openapi.yaml `webhooks`): each delivery's `event` and X-Claude-Tasks-Event.
 */
export const WebhookEventNameSchema = z
  .enum(["task.finished", "task.status", "task.approval_requested"])
  .openapi("WebhookEventName");
export type WebhookEventName = z.output<typeof WebhookEventNameSchema>;

/**
 * The task's webhook and every delivery attempt so far.
 */
export const CallbackSchema = z
  .object({
    url: z.string(),
    on: z.enum(["finish", "status"]),
    attempts: z.array(
      z.object({
        event: WebhookEventNameSchema,
        approval_id: z.string().optional(),
        attempt: z.int(),
        at: z.number(),
        status: z.int().optional(),
        error: z.string().optional(),
        duration_ms: z.number(),
      }),
    ),
  })
  .openapi("Callback");
export type Callback = z.output<typeof CallbackSchema>;

/**
 * The git worktree a task created with `isolation: "worktree"` runs in.
 */
export const WorktreeSchema = z
  .object({ path: z.string(), branch: z.string(), base_commit: z.string(), repository: z.string() })
  .openapi("Worktree");
export type Worktree = z.output<typeof WorktreeSchema>;

/**
 * A tool use Claude asked for that waits for an answer.
 */
export const PendingApprovalSchema = z
  .object({
    approval_id: z.string(),
    run: z.int(),
    tool: z.string(),
    input: z.record(z.string(), z.unknown()),
    requested_at: z.number(),
    expires_at: z.number().optional(),
  })
  .openapi("PendingApproval");
export type PendingApproval = z.output<typeof PendingApprovalSchema>;

/**
 * Why the task waits for a person: pending approvals, or its last run's `error_kind` is `budget`.
 */
export const AttentionSchema = z.enum(["approval", "budget"]).openapi("Attention");
export type Attention = z.output<typeof AttentionSchema>;

export const TaskSchema = z
  .object({
    task_id: z.string(),
    session_id: z.uuid(),
    prompt: z.string(),
    workdir: z.string(),
    status: TaskStatusSchema,
    created_at: z.number(),
    finished_at: z.number().optional(),
    killed_at: z.number().optional(),
    error: z.string().optional(),
    error_kind: ErrorKindSchema.optional(),
    tmux_session: z.string(),
    followups: z.array(FollowupSchema),
    options: RunOptionsSchema.optional(),
    labels: LabelsSchema.optional(),
    runs: z.array(RunSchema),
    result: ResultSummarySchema.optional(),
    totals: TotalsSchema,
    queue_position: z.int().optional(),
    callback: CallbackSchema.optional(),
    worktree: WorktreeSchema.optional(),
    pending_approvals: z.array(PendingApprovalSchema).optional(),
    max_budget_usd: BudgetUsdSchema.optional(),
    attention: AttentionSchema.optional(),
    secrets: z.array(SecretNameSchema).optional(),
    mcp_servers: z.array(McpServerStatusSchema).optional(),
  })
  .openapi("Task");
export type Task = z.output<typeof TaskSchema>;

export const TaskDetailSchema = z
  .object({
    task_id: z.string(),
    session_id: z.uuid(),
    prompt: z.string(),
    workdir: z.string(),
    status: TaskStatusSchema,
    created_at: z.number(),
    finished_at: z.number().optional(),
    killed_at: z.number().optional(),
    error: z.string().optional(),
    error_kind: ErrorKindSchema.optional(),
    tmux_session: z.string(),
    followups: z.array(FollowupSchema),
    options: RunOptionsSchema.optional(),
    labels: LabelsSchema.optional(),
    runs: z.array(RunSchema),
    result: ResultSummarySchema.optional(),
    totals: TotalsSchema,
    queue_position: z.int().optional(),
    callback: CallbackSchema.optional(),
    worktree: WorktreeSchema.optional(),
    pending_approvals: z.array(PendingApprovalSchema).optional(),
    max_budget_usd: BudgetUsdSchema.optional(),
    attention: AttentionSchema.optional(),
    secrets: z.array(SecretNameSchema).optional(),
    mcp_servers: z.array(McpServerStatusSchema).optional(),
    recent_output: z.string(),
  })
  .openapi("TaskDetail");
export type TaskDetail = z.output<typeof TaskDetailSchema>;

export const TaskSummarySchema = z
  .object({
    task_id: z.string(),
    prompt: z.string(),
    status: TaskStatusSchema,
    created_at: z.number(),
    finished_at: z.number().optional(),
    total_cost_usd: z.number(),
    labels: LabelsSchema.optional(),
    queue_position: z.int().optional(),
    attention: AttentionSchema.optional(),
    max_budget_usd: BudgetUsdSchema.optional(),
    pending_approvals: z.array(PendingApprovalSchema).optional(),
  })
  .openapi("TaskSummary");
export type TaskSummary = z.output<typeof TaskSummarySchema>;

export const TaskListSchema = z
  .object({ tasks: z.array(TaskSummarySchema), next_cursor: z.string().optional() })
  .openapi("TaskList");
export type TaskList = z.output<typeof TaskListSchema>;

export const MessageResponseSchema = z
  .object({ task_id: z.string(), session_id: z.uuid(), status: TaskStatusSchema, followups: z.array(FollowupSchema) })
  .openapi("MessageResponse");
export type MessageResponse = z.output<typeof MessageResponseSchema>;

export const PurgeResponseSchema = z.object({ task_id: z.string(), purged: z.literal(true) }).openapi("PurgeResponse");
export type PurgeResponse = z.output<typeof PurgeResponseSchema>;

/**
 * `data` of an `event: status` on the event stream.
 */
export const TaskStatusEventSchema = z
  .object({
    task_id: z.string(),
    status: TaskStatusSchema,
    finished_at: z.number().optional(),
    error: z.string().optional(),
    runs: z.array(z.object({ index: z.int(), state: RunStateSchema, exit_code: z.int().optional() })),
  })
  .openapi("TaskStatusEvent");
export type TaskStatusEvent = z.output<typeof TaskStatusEventSchema>;

/**
 * `data` of an `event: exit` (a run's `__CLAUDE_EXIT_CODE_N__` line) on the event stream.
 */
export const TaskExitEventSchema = z.object({ exit_code: z.int() }).openapi("TaskExitEvent");
export type TaskExitEvent = z.output<typeof TaskExitEventSchema>;

/**
 * `data` of the final `event: end` on the event stream.
 */
export const TaskEndEventSchema = z.object({ status: TaskStatusSchema }).openapi("TaskEndEvent");
export type TaskEndEvent = z.output<typeof TaskEndEventSchema>;

export const ReadinessSchema = z
  .object({
    status: z.enum(["ready", "not_ready"]),
    checks: z
      .object({
        tmux: z.string(),
        claude: z.string(),
        credentials: z.string().optional(),
        permission_mode: z.string().optional(),
        claude_install: z.string().optional(),
      })
      .catchall(z.string()),
  })
  .openapi("Readiness");
export type Readiness = z.output<typeof ReadinessSchema>;

export const KillResponseSchema = z
  .object({ task_id: z.string(), status: z.enum(["killed"]), killed_at: z.number() })
  .openapi("KillResponse");
export type KillResponse = z.output<typeof KillResponseSchema>;

/**
 * `GET .../diff?stat=true`: one entry per changed file.
 */
export const DiffStatSchema = z
  .object({
    base_commit: z.string(),
    files: z.array(
      z.object({
        path: z.string(),
        additions: z.int(),
        deletions: z.int(),
        status: z.enum(["added", "modified", "deleted", "type_changed"]),
        binary: z.boolean().optional(),
      }),
    ),
  })
  .openapi("DiffStat");
export type DiffStat = z.output<typeof DiffStatSchema>;

export const ApprovalAnswerSchema = z
  .strictObject({
    decision: z.enum(["allow", "deny"]),
    message: z.string().min(1).max(4000).optional(),
    updated_input: z
      .record(z.string(), z.unknown())
      .refine((value) => Object.keys(value).length <= 100)
      .optional(),
  })
  .openapi("ApprovalAnswer");
export type ApprovalAnswer = z.output<typeof ApprovalAnswerSchema>;

/**
 * An answered approval: the answer's response, and `data` of `event: approval_decision`.
 */
export const ApprovalDecisionSchema = z
  .object({
    type: z.enum(["approval_decision"]).optional(),
    approval_id: z.string(),
    run: z.int(),
    tool: z.string().optional(),
    decision: z.enum(["allow", "deny"]),
    message: z.string().optional(),
    updated_input: z.record(z.string(), z.unknown()).optional(),
    answered_at: z.number(),
    by: z.enum(["client", "timeout"]),
  })
  .openapi("ApprovalDecision");
export type ApprovalDecision = z.output<typeof ApprovalDecisionSchema>;

/**
 * `data` of an `event: approval` on the event stream: a run asks to use a tool.
 */
export const TaskApprovalEventSchema = z
  .object({
    type: z.enum(["approval"]),
    approval_id: z.string(),
    run: z.int(),
    tool: z.string(),
    input: z.record(z.string(), z.unknown()),
    requested_at: z.number(),
    expires_at: z.number().optional(),
    tool_use_id: z.string().optional(),
  })
  .openapi("TaskApprovalEvent");
export type TaskApprovalEvent = z.output<typeof TaskApprovalEventSchema>;

export const TokenResponseSchema = z.object({ token: z.string() }).openapi("TokenResponse");
export type TokenResponse = z.output<typeof TokenResponseSchema>;

/**
 * What a named token may do (README, "Tokens with scopes").
 */
export const TokenScopeSchema = z
  .enum(["tasks:read", "tasks:write", "approvals:write", "tasks:purge", "admin"])
  .openapi("TokenScope");
export type TokenScope = z.output<typeof TokenScopeSchema>;

export const CreateTokenRequestSchema = z
  .strictObject({
    name: z
      .string()
      .min(1)
      .max(100)
      .regex(/^[^\u0000-\u001f\u007f]*$/, "name must be 1-100 characters without control characters"),
    scopes: z.array(TokenScopeSchema).min(1).max(5),
    expires_in_seconds: z.int().min(1).max(31622400).optional(),
    workdirs: z.array(z.string().min(1).max(4096)).max(32).optional(),
    secrets: z.array(z.string().min(1).max(128)).max(64).optional(),
    mcp_servers: z.array(z.string().min(1).max(128)).max(64).optional(),
  })
  .openapi("CreateTokenRequest");
export type CreateTokenRequest = z.output<typeof CreateTokenRequestSchema>;

export const NamedTokenSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    scopes: z.array(TokenScopeSchema),
    workdirs: z.array(z.string()).optional(),
    secrets: z.array(z.string()).optional(),
    mcp_servers: z.array(z.string()).optional(),
    created_at: z.number(),
    expires_at: z.number().optional(),
    last_used_at: z.number().optional(),
    revoked_at: z.number().optional(),
  })
  .openapi("NamedToken");
export type NamedToken = z.output<typeof NamedTokenSchema>;

export const CreatedTokenSchema = z
  .strictObject({
    id: z.string(),
    name: z.string(),
    scopes: z.array(TokenScopeSchema),
    workdirs: z.array(z.string()).optional(),
    secrets: z.array(z.string()).optional(),
    mcp_servers: z.array(z.string()).optional(),
    created_at: z.number(),
    expires_at: z.number().optional(),
    last_used_at: z.number().optional(),
    revoked_at: z.number().optional(),
    token: z.string(),
  })
  .openapi("CreatedToken");
export type CreatedToken = z.output<typeof CreatedTokenSchema>;

export const TokenListSchema = z.object({ tokens: z.array(NamedTokenSchema) }).openapi("TokenList");
export type TokenList = z.output<typeof TokenListSchema>;

export const AuditActorSchema = z
  .object({
    kind: z.enum(["owner_token", "token", "proxy", "session", "anonymous"]),
    token_id: z.string().optional(),
    token_name: z.string().optional(),
    user: z.string().optional(),
    owner: z.boolean().optional(),
  })
  .openapi("AuditActor");
export type AuditActor = z.output<typeof AuditActorSchema>;

export const AuditEntrySchema = z
  .object({
    seq: z.int(),
    time: z.string(),
    actor: AuditActorSchema,
    remote_addr: z.string().optional(),
    action: z.string(),
    method: z.string().optional(),
    path: z.string().optional(),
    task_id: z.string().optional(),
    status: z.int(),
    reason: z.string().optional(),
    prompt: z.string().optional(),
  })
  .openapi("AuditEntry");
export type AuditEntry = z.output<typeof AuditEntrySchema>;

export const AuditPageSchema = z
  .object({ entries: z.array(AuditEntrySchema), next_cursor: z.string().optional() })
  .openapi("AuditPage");
export type AuditPage = z.output<typeof AuditPageSchema>;

export const CreateScheduleRequestSchema = z
  .strictObject({
    name: z
      .string()
      .min(1)
      .max(100)
      .regex(/^[^\u0000-\u001f\u007f]*$/, "name must be 1-100 characters without control characters"),
    cron: z.string().min(1).max(200),
    timezone: z.string().min(1).max(64).optional(),
    task: CreateTaskRequestSchema,
    overlap: z.enum(["skip", "queue", "allow"]).optional(),
    catch_up: z.enum(["none", "latest"]).optional(),
    enabled: z.boolean().optional(),
  })
  .openapi("CreateScheduleRequest");
export type CreateScheduleRequest = z.output<typeof CreateScheduleRequestSchema>;

export const UpdateScheduleRequestSchema = z
  .strictObject({
    name: z
      .string()
      .min(1)
      .max(100)
      .regex(/^[^\u0000-\u001f\u007f]*$/, "name must be 1-100 characters without control characters")
      .optional(),
    cron: z.string().min(1).max(200).optional(),
    timezone: z.string().min(1).max(64).optional(),
    task: CreateTaskRequestSchema.optional(),
    overlap: z.enum(["skip", "queue", "allow"]).optional(),
    catch_up: z.enum(["none", "latest"]).optional(),
    enabled: z.boolean().optional(),
  })
  .openapi("UpdateScheduleRequest");
export type UpdateScheduleRequest = z.output<typeof UpdateScheduleRequestSchema>;

/**
 * One fire of a schedule.
 */
export const ScheduleFireSchema = z
  .object({
    scheduled_for: z.number(),
    fired_at: z.number(),
    outcome: z.enum(["created", "skipped_overlap", "skipped_budget", "failed"]),
    task_id: z.string().optional(),
    reason: z.string().optional(),
    caught_up: z.boolean().optional(),
    missed: z.int().optional(),
    manual: z.boolean().optional(),
  })
  .openapi("ScheduleFire");
export type ScheduleFire = z.output<typeof ScheduleFireSchema>;

/**
 * What a run-now did; `queued` waits for the schedule's running task (`overlap: "queue"`).
 */
export const ScheduleRunResultSchema = z
  .object({
    scheduled_for: z.number(),
    fired_at: z.number(),
    outcome: z.enum(["created", "skipped_overlap", "skipped_budget", "failed", "queued"]),
    task_id: z.string().optional(),
    reason: z.string().optional(),
    manual: z.boolean().optional(),
  })
  .openapi("ScheduleRunResult");
export type ScheduleRunResult = z.output<typeof ScheduleRunResultSchema>;

export const ScheduleSchema = z
  .object({
    schedule_id: z.string(),
    name: z.string(),
    cron: z.string(),
    timezone: z.string(),
    task: CreateTaskRequestSchema,
    overlap: z.enum(["skip", "queue", "allow"]),
    catch_up: z.enum(["none", "latest"]),
    enabled: z.boolean(),
    created_at: z.number(),
    updated_at: z.number(),
    next_run_at: z.number().optional(),
    next_runs: z.array(z.number()),
    fires: z.array(ScheduleFireSchema),
    queued_fire: z.object({ scheduled_for: z.number(), fired_at: z.number() }).optional(),
  })
  .openapi("Schedule");
export type Schedule = z.output<typeof ScheduleSchema>;

export const ScheduleListSchema = z.object({ schedules: z.array(ScheduleSchema) }).openapi("ScheduleList");
export type ScheduleList = z.output<typeof ScheduleListSchema>;

export const SchedulePreviewSchema = z
  .object({ cron: z.string(), timezone: z.string(), next_runs: z.array(z.number()) })
  .openapi("SchedulePreview");
export type SchedulePreview = z.output<typeof SchedulePreviewSchema>;

export const ScheduleDeletedSchema = z.object({ schedule_id: z.string(), deleted: z.literal(true) }).openapi("ScheduleDeleted");
export type ScheduleDeleted = z.output<typeof ScheduleDeletedSchema>;

/**
 * The task's outcome as webhooks carry it, without its prompts.
 */
export const WebhookTaskSchema = z
  .object({
    task_id: z.string(),
    status: TaskStatusSchema,
    created_at: z.number(),
    finished_at: z.number().optional(),
    error: z.string().optional(),
    error_kind: ErrorKindSchema.optional(),
    labels: LabelsSchema.optional(),
    result: ResultSummarySchema.optional(),
    totals: TotalsSchema,
  })
  .openapi("WebhookTask");
export type WebhookTask = z.output<typeof WebhookTaskSchema>;

/**
 * The JSON body of every webhook delivery.
 */
export const WebhookPayloadSchema = z
  .object({ event: WebhookEventNameSchema, task: WebhookTaskSchema, approval: PendingApprovalSchema.optional() })
  .openapi("WebhookPayload");
export type WebhookPayload = z.output<typeof WebhookPayloadSchema>;

export const UpdateTaskRequestSchema = z.strictObject({ max_budget_usd: BudgetUsdSchema }).openapi("UpdateTaskRequest");
export type UpdateTaskRequest = z.output<typeof UpdateTaskRequestSchema>;

export const UsageSumsSchema = z
  .object({
    cost_usd: z.number(),
    input_tokens: z.int(),
    output_tokens: z.int(),
    cache_creation_input_tokens: z.int(),
    cache_read_input_tokens: z.int(),
    tasks: z.int(),
    runs: z.int(),
  })
  .openapi("UsageSums");
export type UsageSums = z.output<typeof UsageSumsSchema>;

export const UsageGroupSchema = z
  .object({
    key: z.string(),
    cost_usd: z.number(),
    input_tokens: z.int(),
    output_tokens: z.int(),
    cache_creation_input_tokens: z.int(),
    cache_read_input_tokens: z.int(),
    tasks: z.int(),
    runs: z.int(),
  })
  .openapi("UsageGroup");
export type UsageGroup = z.output<typeof UsageGroupSchema>;

export const UsageSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    timezone: z.string(),
    group_by: z.string(),
    groups: z.array(UsageGroupSchema),
    total: UsageSumsSchema,
    daily_budget_usd: z.number().optional(),
    today_spent_usd: z.number().optional(),
    today_remaining_usd: z.number().optional(),
  })
  .openapi("Usage");
export type Usage = z.output<typeof UsageSchema>;

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
      "not_found",
      "task_not_found",
      "task_finished",
      "task_not_finished",
      "idempotency_conflict",
      "payload_too_large",
      "followup_queue_full",
      "insufficient_storage",
      "internal_error",
    ]),
  })
  .openapi("Error");

export const HealthSchema = z.object({ status: z.enum(["ok"]) }).openapi("Health");
export type Health = z.output<typeof HealthSchema>;

/**
 * `queued` while waiting for a free slot (MAX_CONCURRENT_TASKS), `running` while a run is in
 * progress (follow-ups may wait behind it); after that the last run decides.
 */
export const TaskStatusSchema = z.enum(["queued", "running", "completed", "error", "killed"]).openapi("TaskStatus");
export type TaskStatus = z.output<typeof TaskStatusSchema>;

export const RunStateSchema = z.enum(["queued", "running", "completed", "error", "killed"]).openapi("RunState");
export type RunState = z.output<typeof RunStateSchema>;

/**
 * Options for claude runs. Each maps to the CLI's own flag (`--model`, `--permission-mode`,
 * `--allowedTools`, `--disallowedTools`, `--max-turns`, `--append-system-prompt`) and is passed
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
    permission_mode: z.enum(["default", "acceptEdits", "plan", "bypassPermissions"]).optional(),
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
  })
  .openapi("RunOptions");
export type RunOptions = z.output<typeof RunOptionsSchema>;

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

export const CreateTaskRequestSchema = z
  .strictObject({
    prompt: z.string().min(1),
    workdir: z.string().min(1).optional(),
    model: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._:[\]-]{0,99}$/, "model must be a model name or alias")
      .optional(),
    permission_mode: z.enum(["default", "acceptEdits", "plan", "bypassPermissions"]).optional(),
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
    labels: LabelsSchema.optional(),
    callback_url: z
      .url({ error: "callback_url must be an absolute http(s) URL" })
      .max(2048)
      .regex(/^[Hh][Tt][Tt][Pp][Ss]?:\/\//, "callback_url must be an absolute http(s) URL")
      .optional(),
    callback_on: z.enum(["finish", "status"]).optional(),
  })
  .openapi("CreateTaskRequest");
export type CreateTaskRequest = z.output<typeof CreateTaskRequestSchema>;

export const MessageRequestSchema = z
  .strictObject({
    prompt: z.string().min(1),
    model: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._:[\]-]{0,99}$/, "model must be a model name or alias")
      .optional(),
    permission_mode: z.enum(["default", "acceptEdits", "plan", "bypassPermissions"]).optional(),
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
  })
  .openapi("ResultSummary");
export type ResultSummary = z.output<typeof ResultSummarySchema>;

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
    options: RunOptionsSchema.optional(),
    result: ResultSummarySchema.optional(),
    resumed: z.boolean().optional(),
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
 * The task's webhook and every delivery attempt so far.
 */
export const CallbackSchema = z
  .object({
    url: z.string(),
    on: z.enum(["finish", "status"]),
    attempts: z.array(
      z.object({
        event: z.string(),
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
    tmux_session: z.string(),
    followups: z.array(FollowupSchema),
    options: RunOptionsSchema.optional(),
    labels: LabelsSchema.optional(),
    runs: z.array(RunSchema),
    result: ResultSummarySchema.optional(),
    totals: TotalsSchema,
    queue_position: z.int().optional(),
    callback: CallbackSchema.optional(),
  })
  .openapi("Task");
export type Task = z.output<typeof TaskSchema>;

export const TaskDetailSchema = z.intersection(TaskSchema, z.object({ recent_output: z.string() })).openapi("TaskDetail");
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
  .object({ status: z.enum(["ready", "not_ready"]), checks: z.object({ tmux: z.string(), claude: z.string() }) })
  .openapi("Readiness");
export type Readiness = z.output<typeof ReadinessSchema>;

export const KillResponseSchema = z
  .object({ task_id: z.string(), status: z.enum(["killed"]), killed_at: z.number() })
  .openapi("KillResponse");
export type KillResponse = z.output<typeof KillResponseSchema>;

export const TokenResponseSchema = z.object({ token: z.string() }).openapi("TokenResponse");
export type TokenResponse = z.output<typeof TokenResponseSchema>;

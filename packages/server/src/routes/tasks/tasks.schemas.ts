/** Request and response schemas of the tasks resource; each mirrors a component of openapi.yaml. */
import { z } from "@hono/zod-openapi";
import { PERMISSION_MODES } from "../../config.js";
import { ERROR_KINDS } from "../../tasks/error-kind.js";
import { TASK_ID_PATTERN } from "../../tasks/task-id.js";
import { RUN_STATES, TASK_STATUSES } from "../../tasks/task-model.js";

export const MAX_TAIL_LINES = 100_000;

export const TaskIdParams = z.object({
  task_id: z
    .string()
    .regex(TASK_ID_PATTERN, "task_id must look like 1707000000-a1b2c3d4")
    .openapi({ param: { name: "task_id", in: "path" }, description: "`{unix seconds}-{8 hex digits}`" }),
});

const tailLines = (description: string) =>
  z.coerce
    .number()
    .int("tail must be a whole number")
    .min(1, "tail must be at least 1")
    .max(MAX_TAIL_LINES, `tail must be at most ${MAX_TAIL_LINES}`)
    .optional()
    .openapi({ param: { name: "tail", in: "query" }, type: "integer", minimum: 1, maximum: MAX_TAIL_LINES, description });

export const OutputQuery = z.object({ tail: tailLines("Return only the last N lines.") });

const TaskStatusSchema = z.enum(TASK_STATUSES).openapi("TaskStatus");
const RunStateSchema = z.enum(RUN_STATES).openapi("RunState");

const MAX_TIMEOUT_SECONDS = 7 * 24 * 3600;
const ToolName = z.string().regex(
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this rejects.
  /^[A-Za-z_*][^,\u0000-\u001f]{0,199}$/,
  "tool names start with a letter, _ or *, and hold no commas or control characters",
);

/** Per-run options; each maps to one claude CLI flag (timeout_seconds is enforced by the server). */
const runOptionFields = {
  model: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._:[\]-]{0,99}$/, "model must be a model name or alias")
    .optional(),
  permission_mode: z.enum(PERMISSION_MODES).optional(),
  allowed_tools: z.array(ToolName).max(100).optional(),
  disallowed_tools: z.array(ToolName).max(100).optional(),
  max_turns: z.int().min(1).max(1000).optional(),
  append_system_prompt: z.string().min(1).max(100_000).optional(),
  timeout_seconds: z.int().min(1).max(MAX_TIMEOUT_SECONDS).optional(),
};

export const RunOptionsSchema = z.object(runOptionFields).openapi("RunOptions");

const LABEL_KEY = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,62}$/;
export const LabelsSchema = z
  .record(
    z.string().regex(LABEL_KEY, "label keys are 1-63 letters, digits, . _ / -"),
    z
      .string()
      .max(256)
      .regex(/^[^,]*$/, "label values may not contain commas"),
  )
  .refine((labels) => Object.keys(labels).length <= 32, "at most 32 labels")
  .openapi("Labels");

export const CreateTaskRequestSchema = z
  .strictObject({
    prompt: z.string().min(1),
    workdir: z.string().min(1).optional(),
    ...runOptionFields,
    labels: LabelsSchema.optional(),
    callback_url: z
      .url({ protocol: /^https?$/, error: "callback_url must be an absolute http(s) URL" })
      .max(2048)
      .optional(),
    callback_on: z.enum(["finish", "status"]).optional(),
  })
  .openapi("CreateTaskRequest");

export const CreateHeaders = z.object({
  "idempotency-key": z
    .string()
    .regex(/^[\x21-\x7e]{1,255}$/, "Idempotency-Key must be 1-255 visible ASCII characters")
    .optional()
    .openapi({
      param: { name: "idempotency-key", in: "header" },
      description: "Retries with the same key within 24 h return the task the first request created.",
    }),
});

export const MessageRequestSchema = z.strictObject({ prompt: z.string().min(1), ...runOptionFields }).openapi("MessageRequest");

export const ListQuery = z.object({
  status: z
    .string()
    .regex(/^[a-z]+(,[a-z]+)*$/, "status must be statuses separated by commas")
    .optional()
    .openapi({ param: { name: "status", in: "query" }, description: "Only tasks in these statuses, e.g. `running,queued`." }),
  limit: z.coerce
    .number()
    .int("limit must be a whole number")
    .min(1, "limit must be at least 1")
    .max(1000, "limit must be at most 1000")
    .optional()
    .openapi({
      param: { name: "limit", in: "query" },
      type: "integer",
      minimum: 1,
      maximum: 1000,
      description: "Page size; enables paging.",
    }),
  cursor: z
    .string()
    .max(512)
    .optional()
    .openapi({ param: { name: "cursor", in: "query" }, description: "`next_cursor` from the previous page." }),
  label: z
    .string()
    .regex(/^[^:,]+:[^,]*(,[^:,]+:[^,]*)*$/, "label must be key:value pairs separated by commas")
    .optional()
    .openapi({
      param: { name: "label", in: "query" },
      description: "Only tasks with every given label: `key:value[,key:value]`.",
    }),
});

export const WaitQuery = z.object({
  wait: z.coerce
    .number()
    .int("wait must be a whole number of seconds")
    .min(0, "wait must be at least 0")
    .max(60, "wait must be at most 60")
    .optional()
    .openapi({
      param: { name: "wait", in: "query" },
      type: "integer",
      minimum: 0,
      maximum: 60,
      description: "Answer as soon as the task is finished, or after this many seconds.",
    }),
});

export const KillQuery = z.object({
  purge: z
    .enum(["true", "false"], { error: "purge must be true or false" })
    .optional()
    .openapi({ param: { name: "purge", in: "query" }, description: "Delete a finished task's files instead of killing it." }),
});

export const EventsQuery = z.object({
  after: z.coerce
    .number()
    .int("after must be a byte position from an event id")
    .min(0, "after must be at least 0")
    .optional()
    .openapi({
      param: { name: "after", in: "query" },
      type: "integer",
      minimum: 0,
      description: "Resume after the event with this id (same as the Last-Event-ID header).",
    }),
  tail: tailLines(
    "Start with the last N lines of the log instead of the whole log. Ignored when resuming\n(`Last-Event-ID` or `after`), so a reconnect with the same URL continues where it was.\n",
  ),
});

export const EventsHeaders = z.object({
  "last-event-id": z
    .string()
    .regex(/^[0-9]{1,15}$/, "Last-Event-ID must be an event id from this stream")
    .optional()
    .openapi({ param: { name: "last-event-id", in: "header" }, description: "Resume after this event." }),
});

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

const ErrorKindSchema = z.enum(ERROR_KINDS).openapi("ErrorKind");

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
    cost_usd: z.number(),
  })
  .openapi("Run");

export const TotalsSchema = z
  .object({ total_cost_usd: z.number(), num_turns: z.number(), duration_ms: z.number() })
  .openapi("Totals");

const CallbackSchema = z
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
  })
  .openapi("Task");

export const TaskDetailSchema = z.intersection(TaskSchema, z.object({ recent_output: z.string() })).openapi("TaskDetail");

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

export const TaskListSchema = z
  .object({ tasks: z.array(TaskSummarySchema), next_cursor: z.string().optional() })
  .openapi("TaskList");

export const PurgeResponseSchema = z.object({ task_id: z.string(), purged: z.literal(true) }).openapi("PurgeResponse");

export const MessageResponseSchema = z
  .object({ task_id: z.string(), session_id: z.uuid(), status: TaskStatusSchema, followups: z.array(FollowupSchema) })
  .openapi("MessageResponse");

export const KillResponseSchema = z
  .object({ task_id: z.string(), status: z.enum(["killed"]), killed_at: z.number() })
  .openapi("KillResponse");

/** Request and response schemas of the tasks resource; each mirrors a component of openapi.yaml. */
import { z } from "@hono/zod-openapi";
import { TASK_ID_PATTERN } from "../../tasks/task-id.js";
import { RUN_STATES, TASK_STATUSES } from "../../tasks/task-model.js";

export const MAX_TAIL_LINES = 100_000;

export const TaskIdParams = z.object({
  task_id: z
    .string()
    .regex(TASK_ID_PATTERN, "task_id must look like 1707000000-a1b2c3d4")
    .openapi({ param: { name: "task_id", in: "path" }, description: "`{unix seconds}-{8 hex digits}`" }),
});

export const OutputQuery = z.object({
  tail: z.coerce
    .number()
    .int("tail must be a whole number")
    .min(1, "tail must be at least 1")
    .max(MAX_TAIL_LINES, `tail must be at most ${MAX_TAIL_LINES}`)
    .optional()
    .openapi({
      param: { name: "tail", in: "query" },
      type: "integer",
      minimum: 1,
      maximum: MAX_TAIL_LINES,
      description: "Return only the last N lines.",
    }),
});

const TaskStatusSchema = z.enum(TASK_STATUSES).openapi("TaskStatus");
const RunStateSchema = z.enum(RUN_STATES).openapi("RunState");

export const CreateTaskRequestSchema = z
  .strictObject({
    prompt: z.string().min(1),
    workdir: z.string().min(1).optional(),
  })
  .openapi("CreateTaskRequest");

export const MessageRequestSchema = z.strictObject({ prompt: z.string().min(1) }).openapi("MessageRequest");

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
  })
  .openapi("Task");

export const TaskDetailSchema = z.intersection(TaskSchema, z.object({ recent_output: z.string() })).openapi("TaskDetail");

export const TaskSummarySchema = z
  .object({ task_id: z.string(), prompt: z.string(), status: TaskStatusSchema, created_at: z.number() })
  .openapi("TaskSummary");

export const TaskListSchema = z.object({ tasks: z.array(TaskSummarySchema) }).openapi("TaskList");

export const MessageResponseSchema = z
  .object({ task_id: z.string(), session_id: z.uuid(), status: TaskStatusSchema, followups: z.array(FollowupSchema) })
  .openapi("MessageResponse");

export const KillResponseSchema = z
  .object({ task_id: z.string(), status: z.enum(["killed"]), killed_at: z.number() })
  .openapi("KillResponse");

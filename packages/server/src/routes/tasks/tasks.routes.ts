/** Route definitions of the tasks resource (contracts only; handlers live beside them). */
import { createRoute, z } from "@hono/zod-openapi";
import { requireJsonBody } from "../../http/require-json.js";
import { errorResponses } from "../shared-schemas.js";
import {
  CreateHeaders,
  CreateTaskRequestSchema,
  EventsHeaders,
  EventsQuery,
  KillQuery,
  KillResponseSchema,
  ListQuery,
  MessageRequestSchema,
  MessageResponseSchema,
  OutputQuery,
  PurgeResponseSchema,
  TaskDetailSchema,
  TaskIdParams,
  TaskListSchema,
  TaskSchema,
  WaitQuery,
} from "./tasks.schemas.js";

const bearer = [{ bearerAuth: [] }];
const json = <T>(schema: T, description: string) => ({ description, content: { "application/json": { schema } } });

export const createTask = createRoute({
  method: "post",
  path: "/api/claude/tasks",
  operationId: "createTask",
  tags: ["tasks"],
  security: bearer,
  summary: "Start a task",
  middleware: [requireJsonBody] as const,
  request: {
    headers: CreateHeaders,
    body: { required: true, content: { "application/json": { schema: CreateTaskRequestSchema } } },
  },
  responses: {
    201: json(TaskSchema, "The task was recorded and its first run started, queued, or failed to start"),
    400: errorResponses[400],
    401: errorResponses[401],
    409: errorResponses[409],
    413: errorResponses[413],
    500: errorResponses[500],
    507: errorResponses[507],
  },
});

export const listTasks = createRoute({
  method: "get",
  path: "/api/claude/tasks",
  operationId: "listTasks",
  tags: ["tasks"],
  security: bearer,
  summary: "List tasks, newest first",
  request: { query: ListQuery },
  responses: {
    200: json(TaskListSchema, "Every task, newest first"),
    400: errorResponses[400],
    401: errorResponses[401],
    500: errorResponses[500],
  },
});

export const getTask = createRoute({
  method: "get",
  path: "/api/claude/tasks/{task_id}",
  operationId: "getTask",
  tags: ["tasks"],
  security: bearer,
  summary: "Task detail with the last 50 lines of output",
  request: { params: TaskIdParams, query: WaitQuery },
  responses: {
    200: json(TaskDetailSchema, "The task"),
    400: errorResponses[400],
    401: errorResponses[401],
    404: errorResponses[404],
    500: errorResponses[500],
  },
});

export const killTask = createRoute({
  method: "delete",
  path: "/api/claude/tasks/{task_id}",
  operationId: "killTask",
  tags: ["tasks"],
  security: bearer,
  summary: "Kill a running task, or purge a finished one",
  request: { params: TaskIdParams, query: KillQuery },
  responses: {
    200: json(z.union([KillResponseSchema, PurgeResponseSchema]), "The task is killed (or purged)"),
    400: errorResponses[400],
    401: errorResponses[401],
    404: errorResponses[404],
    409: errorResponses[409],
    500: errorResponses[500],
    507: errorResponses[507],
  },
});

export const getTaskOutput = createRoute({
  method: "get",
  path: "/api/claude/tasks/{task_id}/output",
  operationId: "getTaskOutput",
  tags: ["tasks"],
  security: bearer,
  summary: "The raw output log (stream-json lines and exit markers)",
  request: { params: TaskIdParams, query: OutputQuery },
  responses: {
    200: { description: "The log as plain text", content: { "text/plain": { schema: z.string() } } },
    400: errorResponses[400],
    401: errorResponses[401],
    404: errorResponses[404],
    500: errorResponses[500],
  },
});

export const sendMessage = createRoute({
  method: "post",
  path: "/api/claude/tasks/{task_id}/message",
  operationId: "sendMessage",
  tags: ["tasks"],
  security: bearer,
  summary: "Send a follow-up prompt",
  middleware: [requireJsonBody] as const,
  request: {
    params: TaskIdParams,
    body: { required: true, content: { "application/json": { schema: MessageRequestSchema } } },
  },
  responses: {
    200: json(MessageResponseSchema, "The follow-up is running or queued"),
    400: errorResponses[400],
    401: errorResponses[401],
    404: errorResponses[404],
    413: errorResponses[413],
    500: errorResponses[500],
    507: errorResponses[507],
  },
});

export const streamTaskEvents = createRoute({
  method: "get",
  path: "/api/claude/tasks/{task_id}/events",
  operationId: "streamTaskEvents",
  tags: ["tasks"],
  security: bearer,
  summary: "Server-sent events: every log line as it is written, status changes, and the end",
  request: { params: TaskIdParams, query: EventsQuery, headers: EventsHeaders },
  responses: {
    200: {
      description: "An event stream (text/event-stream)",
      content: { "text/event-stream": { schema: z.string() } },
    },
    400: errorResponses[400],
    401: errorResponses[401],
    404: errorResponses[404],
    500: errorResponses[500],
  },
});

/** Handlers of the tasks resource: parse nothing themselves (routes validated), call the service, shape the answer. */
import { Readable } from "node:stream";
import type { RouteHandler } from "@hono/zod-openapi";
import { assertScope, assertTokenMayUse, maySeeTask } from "../../auth/token-limits.js";
import type * as routes from "../../generated/routes.js";
import type { TaskDetail, TaskList } from "../../generated/schemas.js";
import type { AppEnv } from "../../http/app-env.js";
import { namedTokenOf } from "../../http/auth.js";
import { PLAIN_TEXT_HEADERS } from "../../http/plain-text.js";
import { serialisedJson, streamedText } from "../../http/serialised.js";
import { resolveWorkdir } from "../../tasks/lifecycle/workdir.js";
import { parseStatuses } from "../../tasks/store/task-query.js";
import { killView, messageView, summaryJson, taskView } from "./tasks.views.js";

export const createTask: RouteHandler<typeof routes.createTask, AppEnv> = async (c) => {
  const { tasks, workdirs } = c.get("services");
  const request = c.req.valid("json");
  const token = namedTokenOf(c);
  if (token) {
    const { workdir_root, default_workdir } = await workdirs();
    assertTokenMayUse(token, { ...request, workdir: await resolveWorkdir(request.workdir ?? default_workdir, workdir_root) });
  }
  const { task, replayed } = await tasks.create(request, c.req.valid("header")["idempotency-key"]);
  c.set("auditTaskId", task.task_id);
  if (replayed) c.header("Idempotent-Replayed", "true");
  return c.json(taskView(task, tasks.queuePositions().get(task.task_id)), 201);
};

/** `key:value,key:value` to a map (the route already checked the shape). */
const parseLabels = (text: string | undefined) =>
  text
    ? Object.fromEntries(text.split(",").map((pair) => [pair.slice(0, pair.indexOf(":")), pair.slice(pair.indexOf(":") + 1)]))
    : undefined;

/** The last unfiltered list answered per service, and the store version it was built at. */
const wholeListCache = new WeakMap<object, { version: number; body: string }>();

export const listTasks: RouteHandler<typeof routes.listTasks, AppEnv> = (c) => {
  const { tasks } = c.get("services");
  const query = c.req.valid("query");
  const answer = (body: string) => serialisedJson<TaskList, 200>(c, body, 200);
  // The whole list is asked for again and again (dashboards, CI polling) and changes only
  // with the store: between changes, it is the same text.
  const limited = namedTokenOf(c)?.workdirs ? namedTokenOf(c) : undefined;
  const whole =
    !limited &&
    query.label === undefined &&
    query.status === undefined &&
    query.limit === undefined &&
    query.cursor === undefined &&
    query.q === undefined &&
    query.sort === undefined;
  const version = tasks.version;
  const cached = whole ? wholeListCache.get(tasks) : undefined;
  if (cached?.version === version) return answer(cached.body);
  const page = tasks.list({
    labels: parseLabels(query.label),
    statuses: query.status ? parseStatuses(query.status) : undefined,
    text: query.q,
    sort: query.sort,
    limit: query.limit,
    cursor: query.cursor,
    visible: limited && ((t) => maySeeTask(limited, t)),
  });
  const positions = tasks.queuePositions();
  // The TaskList shape, joined from remembered summaries rather than serialised anew.
  const summaries = page.tasks.map((t) => summaryJson(t, positions.get(t.task_id))).join(",");
  const cursor = page.next_cursor === undefined ? "" : `,"next_cursor":${JSON.stringify(page.next_cursor)}`;
  const body = `{"tasks":[${summaries}]${cursor}}`;
  if (whole) wholeListCache.set(tasks, { version, body });
  return answer(body);
};

export const getTask: RouteHandler<typeof routes.getTask, AppEnv> = (c, next) => {
  const { tasks, output } = c.get("services");
  // A finished task's answer, when already made, is given at once: no promise, so it goes out in
  // the tick its request was parsed (the most frequent read: clients polling for a result).
  const kept = output.keptDetail(tasks.finished(c.req.valid("param").task_id));
  if (kept) return serialisedJson<TaskDetail, 200>(c, kept, 200);
  return renderedDetail(c, next);
};

const renderedDetail: RouteHandler<typeof routes.getTask, AppEnv> = async (c) => {
  const { tasks, output } = c.get("services");
  const { wait } = c.req.valid("query");
  const id = c.req.valid("param").task_id;
  const task = wait ? await tasks.waitUntilFinished(id, wait * 1000) : await tasks.get(id);
  const mcp_servers = await output.mcpServers(task);
  const body = await output.detail(task, (recent_output) =>
    JSON.stringify({ ...taskView(task, tasks.queuePositions().get(id)), ...(mcp_servers && { mcp_servers }), recent_output }),
  );
  // The same JSON as c.json would make, serialised (and encoded) once per version of the task.
  return serialisedJson<TaskDetail, 200>(c, body, 200);
};

export const getTaskOutput: RouteHandler<typeof routes.getTaskOutput, AppEnv> = async (c) => {
  const { tasks, output } = c.get("services");
  const task = await tasks.get(c.req.valid("param").task_id);
  const { tail } = c.req.valid("query");
  if (tail !== undefined) return c.text(await output.tail(task, tail), 200, PLAIN_TEXT_HEADERS);
  const stream = await output.stream(task);
  if (!stream) return c.text("", 200, PLAIN_TEXT_HEADERS);
  return streamedText(c, Readable.toWeb(stream) as ReadableStream, 200);
};

export const steerTask: RouteHandler<typeof routes.steerTask, AppEnv> = async (c) => {
  const accepted = await c.get("services").tasks.steer(c.req.valid("param").task_id, c.req.valid("json").prompt);
  return c.json(accepted, 202);
};

export const interruptTask: RouteHandler<typeof routes.interruptTask, AppEnv> = async (c) => {
  const body = c.req.valid("json") as { prompt?: string } | undefined;
  const accepted = await c.get("services").tasks.interrupt(c.req.valid("param").task_id, body?.prompt);
  return c.json(accepted, 202);
};

export const sendMessage: RouteHandler<typeof routes.sendMessage, AppEnv> = async (c) => {
  const request = c.req.valid("json");
  // A follow-up that names secrets or MCP servers asks for them as a create would.
  assertTokenMayUse(namedTokenOf(c), request);
  const task = await c.get("services").tasks.sendMessage(c.req.valid("param").task_id, request);
  return c.json(messageView(task), 200);
};

export const updateTask: RouteHandler<typeof routes.updateTask, AppEnv> = async (c) => {
  const { tasks } = c.get("services");
  const task = await tasks.update(c.req.valid("param").task_id, c.req.valid("json"));
  return c.json(taskView(task, tasks.queuePositions().get(task.task_id)), 200);
};

export const getUsage: RouteHandler<typeof routes.getUsage, AppEnv> = (c) =>
  c.json(c.get("services").budgets.usage(c.req.valid("query")), 200);

export const answerApproval: RouteHandler<typeof routes.answerApproval, AppEnv> = async (c) => {
  const { task_id, approval_id } = c.req.valid("param");
  return c.json(await c.get("services").tasks.answerApproval(task_id, approval_id, c.req.valid("json")), 200);
};

export const killTask: RouteHandler<typeof routes.killTask, AppEnv> = async (c) => {
  const id = c.req.valid("param").task_id;
  const { purge, delete_branch } = c.req.valid("query");
  if (purge === "true") {
    assertScope(namedTokenOf(c), "tasks:purge");
    await c.get("services").tasks.purge(id, { deleteBranch: delete_branch === "true" });
    return c.json({ task_id: id, purged: true as const }, 200);
  }
  return c.json(killView(await c.get("services").tasks.kill(id)), 200);
};

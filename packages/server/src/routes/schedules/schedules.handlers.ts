/** Handlers of the schedules resource: the routes validated the input; call the service, shape the answer. */
import type { RouteHandler } from "@hono/zod-openapi";
import type * as routes from "../../generated/routes.js";
import type { AppEnv } from "../../http/app-env.js";
import { scheduleView } from "./schedules.views.js";

/** Fire times previewed when the request names no count. */
const DEFAULT_PREVIEW_COUNT = 5;

export const createSchedule: RouteHandler<typeof routes.createSchedule, AppEnv> = async (c) =>
  c.json(scheduleView(await c.get("services").schedules.create(c.req.valid("json"))), 201);

export const listSchedules: RouteHandler<typeof routes.listSchedules, AppEnv> = (c) =>
  c.json({ schedules: c.get("services").schedules.list().map(scheduleView) }, 200);

export const getSchedule: RouteHandler<typeof routes.getSchedule, AppEnv> = (c) =>
  c.json(scheduleView(c.get("services").schedules.get(c.req.valid("param").schedule_id)), 200);

export const updateSchedule: RouteHandler<typeof routes.updateSchedule, AppEnv> = async (c) => {
  const changed = await c.get("services").schedules.update(c.req.valid("param").schedule_id, c.req.valid("json"));
  return c.json(scheduleView(changed), 200);
};

export const deleteSchedule: RouteHandler<typeof routes.deleteSchedule, AppEnv> = async (c) => {
  const id = c.req.valid("param").schedule_id;
  await c.get("services").schedules.remove(id);
  return c.json({ schedule_id: id, deleted: true as const }, 200);
};

export const runSchedule: RouteHandler<typeof routes.runSchedule, AppEnv> = async (c) =>
  c.json(await c.get("services").schedules.run(c.req.valid("param").schedule_id), 200);

export const previewSchedule: RouteHandler<typeof routes.previewSchedule, AppEnv> = (c) => {
  const { cron, timezone = "UTC", count = DEFAULT_PREVIEW_COUNT } = c.req.valid("query");
  return c.json({ cron, timezone, next_runs: c.get("services").schedules.preview(cron, timezone, count) }, 200);
};

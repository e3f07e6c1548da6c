/**
 * `client.schedules`: recurring tasks the server starts on its own. Each fire creates an
 * ordinary task labelled `schedule=<schedule_id>`, so `client.tasks.list({ labels: { schedule: id } })`
 * is a schedule's run history.
 */
import type { Client } from "openapi-fetch";
import { TaskApiError } from "./errors.js";
import type { paths } from "./generated/openapi.js";
import type {
  CreateScheduleRequest,
  Schedule,
  ScheduleDeleted,
  SchedulePreview,
  ScheduleRunResult,
  UpdateScheduleRequest,
} from "./types.js";

interface Signal {
  signal?: AbortSignal | undefined;
}

export interface SchedulesResource {
  /** Defines a schedule; a bad expression, zone or task option is a BadRequestError naming it. */
  create(input: CreateScheduleRequest, options?: Signal): Promise<Schedule>;
  /** Every schedule, oldest first, with its next fire times and recent fires. */
  list(options?: Signal): Promise<Schedule[]>;
  get(scheduleId: string, options?: Signal): Promise<Schedule>;
  /** Changes the given fields (`task` is replaced whole). */
  update(scheduleId: string, changes: UpdateScheduleRequest, options?: Signal): Promise<Schedule>;
  /** Stops the fires; fire times missed while paused are not caught up on resume. */
  pause(scheduleId: string, options?: Signal): Promise<Schedule>;
  resume(scheduleId: string, options?: Signal): Promise<Schedule>;
  /** Fires now (overlap and policy apply): the fire's record, or `queued`. */
  run(scheduleId: string, options?: Signal): Promise<ScheduleRunResult>;
  /** Deletes the schedule; its tasks stay. */
  delete(scheduleId: string, options?: Signal): Promise<ScheduleDeleted>;
  /** The next `count` (default 5) fire times of an expression in a zone (default UTC), as unix seconds. */
  preview(cron: string, options?: Signal & { timezone?: string; count?: number }): Promise<SchedulePreview>;
}

export function schedulesResource(http: Client<paths>): SchedulesResource {
  const path = (scheduleId: string) => ({ params: { path: { schedule_id: scheduleId } } });
  const update: SchedulesResource["update"] = async (scheduleId, body, { signal } = {}) =>
    data(await http.PATCH("/api/claude/schedules/{schedule_id}", { ...path(scheduleId), body, signal }));
  return {
    create: async (body, { signal } = {}) => data(await http.POST("/api/claude/schedules", { body, signal })),
    list: async ({ signal } = {}) => data(await http.GET("/api/claude/schedules", { signal })).schedules,
    get: async (scheduleId, { signal } = {}) =>
      data(await http.GET("/api/claude/schedules/{schedule_id}", { ...path(scheduleId), signal })),
    update,
    pause: (scheduleId, options) => update(scheduleId, { enabled: false }, options),
    resume: (scheduleId, options) => update(scheduleId, { enabled: true }, options),
    run: async (scheduleId, { signal } = {}) =>
      data(await http.POST("/api/claude/schedules/{schedule_id}/run", { ...path(scheduleId), signal })),
    delete: async (scheduleId, { signal } = {}) =>
      data(await http.DELETE("/api/claude/schedules/{schedule_id}", { ...path(scheduleId), signal })),
    preview: async (cron, { signal, timezone, count } = {}) => {
      const query = { cron, ...(timezone !== undefined && { timezone }), ...(count !== undefined && { count }) };
      return data(await http.GET("/api/claude/schedules/preview", { params: { query }, signal }));
    },
  };
}

/** Successful responses always carry a body in this API; an empty one means a broken proxy. */
function data<T>(result: { data?: T; response: Response }): T {
  if (result.data === undefined) {
    throw new TaskApiError(`empty response body (HTTP ${result.response.status})`, { status: result.response.status });
  }
  return result.data;
}

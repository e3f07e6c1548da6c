import * as routes from "../../generated/routes.js";
import { createRouter } from "../../http/create-router.js";
import * as handlers from "./schedules.handlers.js";

/** The schedules resource, under the bearer-protected /api/claude prefix. The preview comes before `{schedule_id}`. */
export const schedulesRouter = createRouter()
  .openapi(routes.createSchedule, handlers.createSchedule)
  .openapi(routes.listSchedules, handlers.listSchedules)
  .openapi(routes.previewSchedule, handlers.previewSchedule)
  .openapi(routes.getSchedule, handlers.getSchedule)
  .openapi(routes.updateSchedule, handlers.updateSchedule)
  .openapi(routes.deleteSchedule, handlers.deleteSchedule)
  .openapi(routes.runSchedule, handlers.runSchedule);

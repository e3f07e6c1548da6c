import * as routes from "../../generated/routes.js";
import { createRouter } from "../../http/create-router.js";
import { getTaskDiff } from "./diff.handler.js";
import { streamTaskEvents } from "./events.handler.js";
import * as handlers from "./tasks.handlers.js";

/** The tasks resource, mounted under the bearer-protected /api/claude prefix. */
export const tasksRouter = createRouter()
  .openapi(routes.createTask, handlers.createTask)
  .openapi(routes.listTasks, handlers.listTasks)
  .openapi(routes.getTask, handlers.getTask)
  .openapi(routes.updateTask, handlers.updateTask)
  .openapi(routes.killTask, handlers.killTask)
  .openapi(routes.getTaskOutput, handlers.getTaskOutput)
  .openapi(routes.sendMessage, handlers.sendMessage)
  .openapi(routes.steerTask, handlers.steerTask)
  .openapi(routes.interruptTask, handlers.interruptTask)
  .openapi(routes.answerApproval, handlers.answerApproval)
  .openapi(routes.getTaskDiff, getTaskDiff)
  .openapi(routes.streamTaskEvents, streamTaskEvents)
  .openapi(routes.getUsage, handlers.getUsage);

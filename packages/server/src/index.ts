export { type App, createApp } from "./app.js";
export { type Config, loadConfig } from "./config.js";
/** The spec's task detail, for test fixtures that must match what the server sends (testkit's fakeTask). */
export { type TaskDetail, TaskDetailSchema } from "./generated/schemas.js";
export { createRuntime, type Runtime } from "./runtime.js";
/** The store's own task.json format, for tests that seed many finished tasks without running them. */
export { serializeTaskFile } from "./tasks/store/task-file-format.js";
export type { TaskRecord } from "./tasks/task-record.js";
export { createLogger, silentLogger } from "./util/logger.js";

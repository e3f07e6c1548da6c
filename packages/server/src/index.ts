export { createApp, type App } from "./app.js";
export { loadConfig, type Config } from "./config.js";
export { createRuntime, type Runtime } from "./runtime.js";
export { createLogger, silentLogger } from "./util/logger.js";

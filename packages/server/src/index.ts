export { type App, createApp } from "./app.js";
export { type Config, loadConfig } from "./config.js";
export { createRuntime, type Runtime } from "./runtime.js";
export { createLogger, silentLogger } from "./util/logger.js";

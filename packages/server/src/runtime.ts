/**
 * Assembles the domain services from a Config and brings the task state up to date, without
 * opening any port. main.ts serves the result; tests can build one in-process.
 */
import path from "node:path";
import { TokenStore } from "./auth/token-store.js";
import type { Config } from "./config.js";
import type { Services } from "./http/app-env.js";
import { resolveClaudeBinary } from "./tasks/claude-binary.js";
import { LogFollowers } from "./tasks/log-follower.js";
import { RunLauncher } from "./tasks/run-launcher.js";
import { TaskMonitor } from "./tasks/task-monitor.js";
import { TaskPaths } from "./tasks/task-paths.js";
import { TaskService } from "./tasks/task-service.js";
import { TaskStore } from "./tasks/task-store.js";
import { Tmux } from "./tmux/tmux.js";
import type { Logger } from "./util/logger.js";

export interface Runtime {
  services: Services;
  monitor: TaskMonitor;
  claudeBin: string;
  tmux: Tmux;
  stop(): Promise<void>;
}

export interface RuntimeOptions {
  /** The run wrapper script (runner/run-task.js next to the server's entry). */
  runnerScript: string;
  log: Logger;
}

export async function createRuntime(config: Config, options: RuntimeOptions): Promise<Runtime> {
  const { log } = options;
  const paths = new TaskPaths(config.tasksDir);
  const tmux = new Tmux({ bin: config.tmuxBin, socket: config.tmuxSocket });
  const claudeBin = await resolveClaudeBinary(config.claudeBin, config.runEnv.PATH);
  const store = new TaskStore(paths, log);
  await store.load();
  const tokens = new TokenStore(path.join(config.tasksDir, ".api-token"), log);
  await tokens.ensure();
  const launcher = new RunLauncher(paths, tmux, {
    nodeBin: process.execPath,
    runnerScript: options.runnerScript,
    claudeBin,
    permissionMode: config.permissionMode,
    runEnv: config.runEnv,
  });
  const tasks = new TaskService(store, launcher, tmux, paths, config, log);
  const monitor = new TaskMonitor(store, tasks, tmux, log);
  monitor.start();
  return {
    services: { tasks, tokens, paths, log, followers: new LogFollowers() },
    monitor,
    claudeBin,
    tmux,
    stop: () => monitor.stop(),
  };
}

/**
 * Assembles the domain services from a Config and brings the task state up to date, without
 * opening any port. main.ts serves the result; tests can build one in-process.
 */
import path from "node:path";
import { TokenStore } from "./auth/token-store.js";
import type { Config } from "./config.js";
import type { Services } from "./http/app-env.js";
import { Metrics } from "./metrics/metrics.js";
import { checkReadiness } from "./readiness.js";
import { resolveClaudeBinary } from "./tasks/claude-binary.js";
import { LogFollowers } from "./tasks/log-follower.js";
import { RunLauncher } from "./tasks/run-launcher.js";
import { TaskMonitor } from "./tasks/task-monitor.js";
import { TaskPaths } from "./tasks/task-paths.js";
import { TaskService } from "./tasks/task-service.js";
import { TaskStore } from "./tasks/task-store.js";
import { Tmux } from "./tmux/tmux.js";
import type { Logger } from "./util/logger.js";
import { checkCallbackUrl } from "./webhooks/callback-policy.js";
import { WebhookNotifier } from "./webhooks/webhook-notifier.js";

export interface Runtime {
  services: Services;
  monitor: TaskMonitor;
  claudeBin: string;
  tmux: Tmux;
  stop(): Promise<void>;
}

const RETENTION_SWEEP_MS = 60 * 60 * 1000;

/** Purges old finished tasks now and every hour. */
function startRetention(tasks: TaskService, days: number, log: Logger): NodeJS.Timeout {
  const sweep = () =>
    void tasks.purgeOlderThan(days).then((n) => {
      if (n > 0) log.info("retention purged tasks", { purged: n, days });
    });
  sweep();
  const timer = setInterval(sweep, RETENTION_SWEEP_MS);
  timer.unref();
  return timer;
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
  const tasks = new TaskService(
    store,
    launcher,
    tmux,
    paths,
    { ...config, checkCallbackUrl: (url) => checkCallbackUrl(url, config.webhooks) },
    log,
  );
  const metrics = new Metrics(tasks);
  const webhooks = new WebhookNotifier(tasks, config.webhooks, log);
  webhooks.start();
  const monitor = new TaskMonitor(store, tasks, tmux, paths, log);
  monitor.start();
  const retention = config.retentionDays === undefined ? undefined : startRetention(tasks, config.retentionDays, log);
  return {
    services: {
      tasks,
      tokens,
      paths,
      log,
      metrics,
      followers: new LogFollowers(),
      readiness: () => checkReadiness(tmux, claudeBin, config.claudeInstallStateFile),
    },
    monitor,
    claudeBin,
    tmux,
    stop: async () => {
      clearInterval(retention);
      await monitor.stop();
      await webhooks.stop();
    },
  };
}

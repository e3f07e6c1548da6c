/**
 * Assembles the domain services from a Config and brings the task state up to date, without
 * opening any port. main.ts serves the result; tests can build one in-process.
 */
import { realpath } from "node:fs/promises";
import path from "node:path";
import { AuditLog } from "./audit/audit-log.js";
import { NamedTokens } from "./auth/named-tokens.js";
import { TokenStore } from "./auth/token-store.js";
import type { Config } from "./config.js";
import type { Services } from "./http/app-env.js";
import { Metrics } from "./metrics/metrics.js";
import { checkReadiness } from "./readiness.js";
import { startSchedules } from "./schedules/index.js";
import { Budgets } from "./tasks/budget/budgets.js";
import { LogFollowers } from "./tasks/output/log-follower.js";
import { TaskEventFeeds } from "./tasks/output/task-event-feed.js";
import { TaskOutput } from "./tasks/output/task-output.js";
import { TaskMonitor } from "./tasks/reconciliation/task-monitor.js";
import { resolveClaudeBinary } from "./tasks/runs/claude-binary.js";
import { RunLauncher } from "./tasks/runs/run-launcher.js";
import { TaskPaths } from "./tasks/store/task-paths.js";
import { TaskStore } from "./tasks/store/task-store.js";
import { TaskService } from "./tasks/task-service.js";
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

export interface RuntimeOptions {
  /** The run wrapper script (runner/run-task.js next to the server's entry). */
  runnerScript: string;
  log: Logger;
}

export async function createRuntime(config: Config, options: RuntimeOptions): Promise<Runtime> {
  const { log } = options;
  const paths = new TaskPaths(config.tasksDir);
  const tmux = new Tmux({ bin: config.tmuxBin, socket: config.tmuxSocket, env: config.runEnv });
  const claudeBin = await resolveClaudeBinary(config.claudeBin, config.runEnv.PATH);
  const store = new TaskStore(paths, log);
  await store.load();
  const tokens = new TokenStore(path.join(config.tasksDir, ".api-token"), log);
  await tokens.ensure();
  const budgets = new Budgets(() => store.list(), config.budget);
  // Apart from the token file: regenerating that token leaves named tokens alone.
  const namedTokens = await NamedTokens.open(path.join(config.tasksDir, ".api-tokens.json"), log);
  const audit = await AuditLog.open(paths.auditLog(), config.auditLogMaxBytes, log);
  const launcher = new RunLauncher(paths, tmux, {
    budgets,
    nodeBin: process.execPath,
    runnerScript: options.runnerScript,
    claudeBin,
    permissionMode: config.permissionMode,
    runEnv: config.runEnv,
    limits: config.limits,
    workdirRoot: config.workdirRoot,
    secretsDir: config.secretsDir,
    mcpServersFile: config.mcpServersFile,
  });
  const tasks = new TaskService(
    store,
    launcher,
    tmux,
    paths,
    {
      ...config,
      checkCallbackUrl: (url) => checkCallbackUrl(url, config.webhooks),
      checkDailyBudget: () => budgets.checkDay(),
    },
    log,
  );
  const events = new TaskEventFeeds(tasks, paths, new LogFollowers(), config.events, config.maxTailBytes);
  const metrics = new Metrics(tasks, events, budgets);
  const webhooks = new WebhookNotifier(store, tasks.webhookAttempts, config.webhooks, log);
  webhooks.start();
  const monitor = new TaskMonitor(store, tasks.reconciler, tasks.scheduler, tasks.approvals, tmux, paths, log);
  monitor.start();
  // Schedules judge overlap by their tasks' status: fire only once runs that ended while the
  // server was down are known to have ended.
  await monitor.sweep();
  const schedules = await startSchedules(
    config.tasksDir,
    tasks,
    (fire, task) => metrics.schedules.observe(fire, task),
    log,
    config.schedulesEnabled,
  );
  if (config.retentionDays !== undefined) tasks.retention.start(config.retentionDays);
  return {
    services: {
      tasks,
      output: new TaskOutput(paths, config.maxTailBytes),
      events,
      tokens,
      namedTokens,
      audit,
      log,
      metrics,
      schedules: schedules.service,
      budgets,
      readiness: () =>
        checkReadiness({
          tmux,
          claudeBin,
          permissionMode: config.permissionMode,
          runEnv: config.runEnv,
          installStateFile: config.claudeInstallStateFile,
        }),
      // Resolved on each call: the directories may be created or relinked after start-up.
      workdirs: async () => ({
        workdir_root: await realpath(config.workdirRoot).catch(() => config.workdirRoot),
        default_workdir: await realpath(config.defaultWorkdir).catch(() => config.defaultWorkdir),
      }),
    },
    monitor,
    claudeBin,
    tmux,
    stop: async () => {
      schedules.stop();
      tasks.retention.stop();
      await monitor.stop();
      await webhooks.stop();
      await namedTokens.close();
      await audit.close();
    },
  };
}

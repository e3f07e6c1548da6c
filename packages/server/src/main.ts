#!/usr/bin/env node
/** Entry point: read the config, build the runtime, serve HTTP. The only file that listens. */
import { rm } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { serve } from "@hono/node-server";
import { createApp } from "./app.js";
import { ConfigError, loadConfig } from "./config.js";
import { scrubSecrets } from "./config-secrets.js";
import { isLoopbackAddress } from "./http/door/allowed-hosts.js";
import { LOGIN_PATH, SESSION_PREFIX } from "./http/door/session-door.js";
import { DashboardSessions } from "./http/door/sessions.js";
import { recordViolations } from "./http/response-check/record-violations.js";
import { readinessProblems } from "./readiness.js";
import { createRuntime } from "./runtime.js";
import { createLogger } from "./util/logger.js";

async function main() {
  const config = loadConfig();
  scrubSecrets(process.env);
  const log = createLogger(config.logLevel);
  for (const name of config.secretsInEnvironment) {
    log.warn(`${name} is in the environment, where any task can read it (/proc/<pid>/environ): use ${name}_FILE`);
  }
  // Resolved from this file so the same code works from dist/ and from a single-file bundle.
  const runnerScript = fileURLToPath(new URL("./runner/run-task.js", import.meta.url));
  const runtime = await createRuntime(config, { runnerScript, log });
  const tmuxVersion = await runtime.tmux.version().catch(() => undefined);
  if (config.door.trustProxyHeaders && config.door.allowedUsers.length + config.door.allowedEmails.length === 0) {
    log.warn(
      "TRUST_PROXY_HEADERS is on with no OAUTH_ALLOWED_USERS or OAUTH_ALLOWED_EMAILS: anyone the proxy signs in is the owner",
    );
  }
  const sessions = await DashboardSessions.open({ file: path.join(config.tasksDir, ".dashboard-sessions.json") });
  // Earlier versions signed session cookies with this key; it signs nothing now.
  await rm(path.join(config.tasksDir, ".dashboard-key"), { force: true });
  // Like Jupyter's token URL, an owner's link signs the person at this console in. Printed only
  // where that person is the reader: a terminal, or a server only this machine can reach. A
  // pod's stdout is its log, which others read; there `claude-tasks ui` makes a link.
  const startLink = isLoopbackAddress(config.host) || process.stdout.isTTY ? sessions.mintLink(true) : undefined;
  const app = createApp(runtime.services, {
    maxBodyBytes: config.maxBodyBytes,
    door: config.door,
    sessions,
    listenAddress: config.host,
    allowedHosts: config.allowedHosts,
    ...(config.responseCheckFile && { checkResponses: recordViolations(config.responseCheckFile, log) }),
  });
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
    const base = `http://${info.family === "IPv6" ? `[${info.address}]` : info.address}:${info.port}`;
    const browsable = base.replace("//0.0.0.0:", "//127.0.0.1:").replace("//[::]:", "//[::1]:");
    process.stdout.write(
      [
        `claude-task-api listening on ${base}`,
        ...(startLink
          ? [
              `  dashboard:  ${browsable}${LOGIN_PATH}?code=${startLink.code}`,
              "              (a one-time sign-in link; `claude-tasks ui` makes another)",
            ]
          : [
              `  dashboard:  ${SESSION_PREFIX}/ (sign in with the link \`claude-tasks ui\` prints; none is printed`,
              "              here, as this server listens beyond loopback and its output is a log)",
            ]),
        `  tasks dir:  ${config.tasksDir}`,
        `  token file: ${runtime.services.tokens.file}`,
        `  claude:     ${runtime.claudeBin}`,
        `  tmux:       ${tmuxVersion ?? "NOT FOUND"}${config.tmuxSocket ? ` (socket ${config.tmuxSocket})` : ""}`,
        "",
      ].join("\n"),
    );
    // Then say what would make every task fail (the same checks as /readyz), without holding up
    // the start: running `claude --version` can take a moment.
    void runtime.services.readiness().then((readiness) => {
      const problems = readinessProblems(readiness);
      for (const problem of problems) log.warn("not ready", { problem });
      if (problems.length > 0)
        process.stdout.write(problems.map((problem) => `  WARNING: tasks will fail: ${problem}\n`).join(""));
    });
  });
  server.once("error", (err: NodeJS.ErrnoException) => {
    const message =
      err.code === "EADDRINUSE"
        ? `port ${config.port} is in use; set PORT (for example PORT=${config.port + 1})`
        : err.code === "EACCES"
          ? `port ${config.port} needs privileges this user lacks; set PORT above 1023`
          : `cannot listen on ${config.host}:${config.port}: ${err.message}`;
    process.stderr.write(`claude-task-api: ${message}\n`);
    void runtime.stop().finally(() => process.exit(1));
  });

  // Tasks live in tmux and must outlive us: on a signal, stop serving and leave them running.
  const shutdown = () => {
    server.close();
    void runtime.stop().finally(() => process.exit(0));
    setTimeout(() => process.exit(0), 3000).unref();
  };
  process.on("SIGTERM", shutdown);
  process.on("SIGINT", shutdown);
}

main().catch((err: unknown) => {
  const message = err instanceof ConfigError ? err.message : `claude-task-api failed to start: ${(err as Error).stack ?? err}`;
  process.stderr.write(`${message}\n`);
  process.exit(1);
});

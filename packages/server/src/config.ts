/**
 * The one place that reads process.env. Every setting is validated here (against the schema
 * in config-env.ts) so that a bad value stops the server at start-up with a message naming
 * the variable.
 */
import { homedir } from "node:os";
import path from "node:path";
import { catalogsProblem } from "./catalogs/catalogs-problem.js";
import { EnvSchema, type PermissionMode } from "./config-env.js";
import { OTHER_SECRETS, readSecretFiles } from "./config-secrets.js";

/** Secrets the server's environment may hold that are not its settings; runs never get them. */
const NOT_FOR_RUNS = new Set<string>(OTHER_SECRETS);

export interface Config {
  port: number;
  host: string;
  /** ALLOWED_HOSTS: names in Host answered besides loopback and `host` (none when unset). */
  allowedHosts: string[];
  tasksDir: string;
  defaultWorkdir: string;
  workdirRoot: string;
  /** Explicit binary, or undefined to look up `claude` on PATH and then the pinned package. */
  claudeBin: string | undefined;
  permissionMode: PermissionMode;
  /** Private tmux socket path; undefined means tmux's default server (so `tmux attach` just works). */
  tmuxSocket: string | undefined;
  tmuxBin: string;
  maxBodyBytes: number;
  /** Policy for per-task options. */
  limits: {
    allowedPermissionModes: PermissionMode[];
    maxTimeoutSeconds: number;
    defaultTimeoutSeconds: number | undefined;
    /** The longest an approval may wait (and how long one waits that sets none); undefined: no limit. */
    maxApprovalTimeoutSeconds: number | undefined;
  };
  logLevel: "debug" | "info" | "warn" | "error" | "silent";
  /** Limits that keep event-stream clients (slow, stuck or many) from growing the server. */
  events: EventLimits;
  /** The most a tail (`?tail=N`, a task's recent output) reads back from the end of a log. */
  maxTailBytes: number;
  /** TASKS_DIR/audit.log is rotated to audit.log.1 (the one kept before it) past this size. */
  auditLogMaxBytes: number;
  /** Runs allowed at once (Infinity: no limit, as the seed server had). */
  maxConcurrentTasks: number;
  /** Follow-ups one task may have waiting to start; more are refused (429) until one starts. */
  maxQueuedFollowups: number;
  /** Finished tasks older than this many days are purged; undefined keeps them forever. */
  retentionDays: number | undefined;
  /** false: schedules are kept and can be run by hand, but the server fires none on its own. */
  schedulesEnabled: boolean;
  /** DAILY_BUDGET_USD (undefined: no daily limit) and BUDGET_TIMEZONE, in which days begin. */
  budget: { dailyUsd: number | undefined; timezone: string };
  webhooks: {
    /** HMAC-SHA256 key for signatures; callbacks are refused without it. */
    secret: string | undefined;
    /** When set, callback hosts must match one entry (`host` or `*.domain`). */
    allowedHosts: string[] | undefined;
    /** Lets callbacks reach loopback, private, link-local and CGNAT addresses (never metadata). */
    allowPrivateAddresses: boolean;
    maxAttempts: number;
    retryBaseMs: number;
    timeoutMs: number;
  };
  /** The /oauth door: when identity headers count, whose they may be, and how the proxy proves itself. */
  door: DoorConfig;
  /**
   * Where the chart's start-up script records its background install of the claude CLI
   * ("installing|installed|failed <details>"); reported by GET /readyz. Undefined: no install.
   */
  claudeInstallStateFile: string | undefined;
  /**
   * For tests: check every response against openapi.yaml and append each violation to this file
   * as a JSON line (http/response-check). Undefined: no check (it reads every JSON body twice).
   */
  responseCheckFile: string | undefined;
  /**
   * The environment every claude run, its wrapper and the tmux server receive: the server's
   * own as it was at start-up, without the server's settings and secrets.
   */
  runEnv: Record<string, string>;
  /** Secrets given in the environment rather than as NAME_FILE: tasks can read them (warned at start-up). */
  secretsInEnvironment: string[];
  /** SECRETS_DIR: one file per named secret a task may ask for (catalogs/secret-catalog.ts). */
  secretsDir: string | undefined;
  /** MCP_SERVERS_FILE: the MCP servers a task may ask for, in claude's format (catalogs/mcp-catalog.ts). */
  mcpServersFile: string | undefined;
}

export interface DoorConfig {
  /** Identity headers mean something only when the server sits behind the OAuth2 proxy. */
  trustProxyHeaders: boolean;
  /** When either list is non-empty, only these identities pass (users exactly, emails case-insensitively). */
  allowedUsers: string[];
  allowedEmails: string[];
  /** When set, /oauth requests must carry it in X-Auth-Request-Proxy-Secret. */
  proxySecret: string | undefined;
}

export interface EventLimits {
  /** Open event streams across all tasks; more are refused (503 too_many_subscribers). */
  maxSubscribers: number;
  /** Open event streams of one task; more are refused (503 too_many_subscribers). */
  maxSubscribersPerTask: number;
  /** Live lines waiting for one slow client beyond which it is dropped (it may resume with Last-Event-ID). */
  queueBytes: number;
  /** How long a client may accept nothing while an event waits before it is dropped. */
  stallMs: number;
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Parses and validates the environment; throws ConfigError with every problem listed. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // Empty strings mean "unset" for every variable, as they do in most shells' configs.
  const cleaned = Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== ""),
  );
  const secrets = readSecretFiles(cleaned);
  const parsed = EnvSchema.safeParse({ ...cleaned, ...secrets.values });
  if (!parsed.success || secrets.problems.length > 0) {
    const issues = parsed.success ? [] : parsed.error.issues;
    // A secret read from a file is named by its _FILE variable, the one the operator set.
    const named = issues.map((i) => {
      const name = i.path.join(".");
      return `${name in secrets.values ? `${name}_FILE` : name}: ${i.message}`;
    });
    throw new ConfigError(`Invalid configuration: ${[...secrets.problems, ...named].join("; ")}`);
  }
  const e = parsed.data;
  const catalogProblem = catalogsProblem(e.SECRETS_DIR, e.MCP_SERVERS_FILE);
  if (catalogProblem) throw new ConfigError(`Invalid configuration: ${catalogProblem}`);
  if (!e.ALLOWED_PERMISSION_MODES.includes(e.CLAUDE_PERMISSION_MODE)) {
    throw new ConfigError(
      `Invalid configuration: CLAUDE_PERMISSION_MODE ${e.CLAUDE_PERMISSION_MODE} is not in ALLOWED_PERMISSION_MODES`,
    );
  }
  const home = env.HOME && path.isAbsolute(env.HOME) ? env.HOME : homedir();
  // The server's own settings are not claude's business: a PORT=6080 inherited by a dev
  // server that claude starts would collide with us, and WEBHOOK_SECRET would let a task
  // forge deliveries. The API token (if the pod also sets it for the CLI) would let a task
  // start more tasks with any option: runs never get it either.
  const runEnv = Object.fromEntries(
    Object.entries(env).filter(
      (entry): entry is [string, string] =>
        entry[1] !== undefined && !(entry[0] in EnvSchema.shape) && !NOT_FOR_RUNS.has(entry[0]),
    ),
  );
  return {
    port: e.PORT,
    host: e.HOST,
    allowedHosts: e.ALLOWED_HOSTS ?? [],
    tasksDir: e.TASKS_DIR ?? path.join(home, ".claude-tasks"),
    defaultWorkdir: e.DEFAULT_WORKDIR ?? home,
    workdirRoot: e.WORKDIR_ROOT ?? home,
    claudeBin: e.CLAUDE_BIN,
    permissionMode: e.CLAUDE_PERMISSION_MODE,
    tmuxSocket: e.TMUX_SOCKET,
    tmuxBin: e.TMUX_BIN,
    maxBodyBytes: e.MAX_BODY_BYTES,
    limits: {
      allowedPermissionModes: e.ALLOWED_PERMISSION_MODES,
      maxTimeoutSeconds: e.MAX_TIMEOUT_SECONDS,
      defaultTimeoutSeconds: e.DEFAULT_TIMEOUT_SECONDS,
      maxApprovalTimeoutSeconds: e.MAX_APPROVAL_TIMEOUT_SECONDS,
    },
    logLevel: e.LOG_LEVEL,
    events: {
      maxSubscribers: e.MAX_EVENT_SUBSCRIBERS,
      maxSubscribersPerTask: e.MAX_EVENT_SUBSCRIBERS_PER_TASK,
      queueBytes: e.EVENT_SUBSCRIBER_QUEUE_BYTES,
      stallMs: Math.round(e.EVENT_SUBSCRIBER_STALL_SECONDS * 1000),
    },
    maxTailBytes: e.MAX_TAIL_BYTES,
    auditLogMaxBytes: e.AUDIT_LOG_MAX_BYTES,
    maxConcurrentTasks: e.MAX_CONCURRENT_TASKS ?? Number.POSITIVE_INFINITY,
    maxQueuedFollowups: e.MAX_QUEUED_FOLLOWUPS,
    retentionDays: e.TASK_RETENTION_DAYS,
    schedulesEnabled: e.SCHEDULES_ENABLED,
    budget: { dailyUsd: e.DAILY_BUDGET_USD, timezone: e.BUDGET_TIMEZONE },
    webhooks: {
      secret: e.WEBHOOK_SECRET,
      allowedHosts: e.WEBHOOK_ALLOWED_HOSTS,
      allowPrivateAddresses: e.WEBHOOK_ALLOW_PRIVATE_ADDRESSES,
      maxAttempts: e.WEBHOOK_MAX_ATTEMPTS,
      retryBaseMs: e.WEBHOOK_RETRY_BASE_MS,
      timeoutMs: e.WEBHOOK_TIMEOUT_MS,
    },
    claudeInstallStateFile: e.CLAUDE_INSTALL_STATE_FILE,
    responseCheckFile: e.RESPONSE_CHECK_FILE,
    door: {
      trustProxyHeaders: e.TRUST_PROXY_HEADERS,
      allowedUsers: e.OAUTH_ALLOWED_USERS ?? [],
      allowedEmails: e.OAUTH_ALLOWED_EMAILS ?? [],
      proxySecret: e.PROXY_AUTH_SECRET,
    },
    runEnv,
    secretsInEnvironment: secrets.inEnvironment,
    secretsDir: e.SECRETS_DIR,
    mcpServersFile: e.MCP_SERVERS_FILE,
  };
}

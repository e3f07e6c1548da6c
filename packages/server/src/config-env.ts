/**
 * The environment variables the server reads, and what each may hold: the schema loadConfig
 * (config.ts) validates process.env against. Defaults and limits live here, beside their names.
 */
import path from "node:path";
import { schemas } from "@claude-task-api/sdk/contract";
import { z } from "zod";
import { isTimeZone } from "./util/time-zone.js";

/** claude's permission modes, as openapi.yaml lists them. */
const PERMISSION_MODES = schemas.RunOptions.properties.permission_mode.enum;
export type PermissionMode = (typeof PERMISSION_MODES)[number];
/** The longest run openapi.yaml allows; MAX_TIMEOUT_SECONDS may lower it. */
const SPEC_MAX_TIMEOUT_SECONDS = schemas.RunOptions.properties.timeout_seconds.maximum;

const port = z.coerce.number().int().min(1).max(65535);
const absolutePath = z
  .string()
  .min(1)
  .refine((p) => path.isAbsolute(p), "must be an absolute path");

/** A comma-separated list, trimmed, empty entries dropped, each entry normalized. */
const commaList = (normalize: (entry: string) => string) =>
  z.string().transform((v) =>
    v
      .split(",")
      .map((entry) => normalize(entry.trim()))
      .filter(Boolean),
  );

/** A DNS name, an IPv4 address, or an IPv6 address in brackets; a trailing dot is allowed. */
const HOST_NAME = /^(\[[0-9a-f:.]+\]|[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*\.?)$/;

export const EnvSchema = z.object({
  PORT: port.default(6080),
  // Loopback unless told otherwise: the chart sets 0.0.0.0 inside the pod, where the ingress
  // and its NetworkPolicy stand in front.
  HOST: z.string().min(1).default("127.0.0.1"),
  TASKS_DIR: absolutePath.optional(),
  DEFAULT_WORKDIR: absolutePath.optional(),
  WORKDIR_ROOT: absolutePath.optional(),
  CLAUDE_BIN: z.string().min(1).optional(),
  CLAUDE_PERMISSION_MODE: z.enum(PERMISSION_MODES).default("bypassPermissions"),
  TMUX_SOCKET: absolutePath.optional(),
  TMUX_BIN: z.string().min(1).default("tmux"),
  ALLOWED_PERMISSION_MODES: commaList((m) => m)
    .pipe(z.array(z.enum(PERMISSION_MODES)).min(1))
    .default([...PERMISSION_MODES]),
  MAX_TIMEOUT_SECONDS: z.coerce.number().int().min(1).default(SPEC_MAX_TIMEOUT_SECONDS),
  DEFAULT_TIMEOUT_SECONDS: z.coerce.number().int().min(1).optional(),
  MAX_APPROVAL_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(SPEC_MAX_TIMEOUT_SECONDS).optional(),
  MAX_CONCURRENT_TASKS: z.coerce.number().int().min(1).optional(),
  MAX_QUEUED_FOLLOWUPS: z.coerce.number().int().min(1).max(1000).default(20),
  TASK_RETENTION_DAYS: z.coerce.number().min(0.001).optional(),
  DAILY_BUDGET_USD: z.coerce.number().positive("must be a number of US dollars above 0").optional(),
  BUDGET_TIMEZONE: z.string().refine(isTimeZone, "must be an IANA time zone such as UTC or Europe/Berlin").default("UTC"),
  SCHEDULES_ENABLED: z
    .enum(["true", "false", "1", "0"], { message: "must be true or false" })
    .transform((v) => v === "true" || v === "1")
    .default(true),
  WEBHOOK_SECRET: z.string().min(16, "must be at least 16 characters").optional(),
  WEBHOOK_SECRET_FILE: z.string().optional(),
  WEBHOOK_ALLOWED_HOSTS: commaList((h) => h.toLowerCase()).optional(),
  WEBHOOK_ALLOW_PRIVATE_ADDRESSES: z.stringbool().default(false),
  WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(6),
  WEBHOOK_RETRY_BASE_MS: z.coerce.number().int().min(10).max(3_600_000).default(2000),
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(64 * 1024 * 1024)
    .default(1024 * 1024),
  TRUST_PROXY_HEADERS: z
    .enum(["true", "false", "1", "0"], { message: "must be true or false" })
    .transform((v) => v === "true" || v === "1")
    .default(false),
  OAUTH_ALLOWED_USERS: commaList((u) => u).optional(),
  OAUTH_ALLOWED_EMAILS: commaList((e) => e.toLowerCase()).optional(),
  PROXY_AUTH_SECRET: z.string().min(16, "must be at least 16 characters").optional(),
  PROXY_AUTH_SECRET_FILE: z.string().optional(),
  // Names in Host the server answers to besides loopback and HOST (DNS rebinding, see
  // http/door/allowed-hosts.ts): bare names or addresses, as the chart's `host`.
  ALLOWED_HOSTS: commaList((h) => h.toLowerCase())
    .pipe(z.array(z.string().regex(HOST_NAME, "each entry must be a host name or IP address, without scheme, port or path")))
    .optional(),
  MAX_EVENT_SUBSCRIBERS: z.coerce.number().int().min(1).default(1000),
  MAX_EVENT_SUBSCRIBERS_PER_TASK: z.coerce.number().int().min(1).default(250),
  EVENT_SUBSCRIBER_QUEUE_BYTES: z.coerce
    .number()
    .int()
    .min(64 * 1024)
    .default(1024 * 1024),
  EVENT_SUBSCRIBER_STALL_SECONDS: z.coerce.number().min(0.1).max(3600).default(30),
  MAX_TAIL_BYTES: z.coerce
    .number()
    .int()
    .min(64 * 1024)
    .default(8 * 1024 * 1024),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
  AUDIT_LOG_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(4 * 1024)
    .default(10 * 1024 * 1024),
  CLAUDE_INSTALL_STATE_FILE: absolutePath.optional(),
  RESPONSE_CHECK_FILE: absolutePath.optional(),
  SECRETS_DIR: absolutePath.optional(),
  MCP_SERVERS_FILE: absolutePath.optional(),
});

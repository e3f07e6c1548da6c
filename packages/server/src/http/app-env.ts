import type { IncomingMessage, ServerResponse } from "node:http";
import type { AuditLog } from "../audit/audit-log.js";
import type { NamedToken, NamedTokens } from "../auth/named-tokens.js";
import type { TokenStore } from "../auth/token-store.js";
import type { Metrics } from "../metrics/metrics.js";
import type { Readiness } from "../readiness.js";
import type { ScheduleService } from "../schedules/schedule-service.js";
import type { Budgets } from "../tasks/budget/budgets.js";
import type { TaskEventFeeds } from "../tasks/output/task-event-feed.js";
import type { TaskOutput } from "../tasks/output/task-output.js";
import type { TaskService } from "../tasks/task-service.js";
import type { Logger } from "../util/logger.js";

/** What request handlers can reach: the domain services, never process.env or the disk directly. */
export interface Services {
  tasks: TaskService;
  /** A task's output.log: tail, whole, and the detail with recent output. */
  output: TaskOutput;
  /** A task's output and status changes as an ordered, resumable feed. */
  events: TaskEventFeeds;
  tokens: TokenStore;
  /** Named tokens with scopes and limits (TASKS_DIR/.api-tokens.json, hashes only). */
  namedTokens: NamedTokens;
  /** TASKS_DIR/audit.log: who changed what, and who was refused. */
  audit: AuditLog;
  metrics: Metrics;
  /** Recurring tasks: definitions, their fire history, run now. */
  schedules: ScheduleService;
  readiness: () => Promise<Readiness>;
  /** Spending: task and daily budgets, and usage sums. */
  budgets: Budgets;
  /** WORKDIR_ROOT and DEFAULT_WORKDIR as real paths, so clients compare them with their own. */
  workdirs: () => Promise<{ workdir_root: string; default_workdir: string }>;
  log: Logger;
}

/** Who a browser door let in: set by the proxy door and the session door for their prefixes. */
export interface ProxyIdentity {
  /** The door that let it in; the guards of the routes under that door's prefix check it. */
  door: "proxy" | "session";
  user: string;
  /** May see and replace the bearer token (false for sessions opened with a bearer-minted link). */
  owner: boolean;
}

export type Principal = { kind: "owner_token" } | { kind: "token"; token: NamedToken };

export interface AppEnv {
  /** `incoming`/`outgoing`: the Node request and response under @hono/node-server (absent in-process). */
  Bindings: { incoming?: IncomingMessage; outgoing?: ServerResponse };
  Variables: {
    services: Services;
    identity?: ProxyIdentity;
    /** Who the bearer door let in: the token file's token, or a named token (its limits apply). */
    principal?: Principal;
    /** Set for the operations the audit log records whatever their answer (http/audit-hook.ts). */
    auditAction?: string;
    /** A task the request made, for its audit line (a create's id is not in its path). */
    auditTaskId?: string;
    /** The error code of an error answer, for the audit line and refusal metrics. */
    errorCode?: string;
  };
}

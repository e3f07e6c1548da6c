import type { IncomingMessage, ServerResponse } from "node:http";
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

export interface AppEnv {
  /** `incoming`/`outgoing`: the Node request and response under @hono/node-server (absent in-process). */
  Bindings: { incoming?: IncomingMessage; outgoing?: ServerResponse };
  Variables: { services: Services; identity?: ProxyIdentity };
}

import type { TokenStore } from "../auth/token-store.js";
import type { Metrics } from "../metrics/metrics.js";
import type { Readiness } from "../readiness.js";
import type { LogFollowers } from "../tasks/output/log-follower.js";
import type { TaskPaths } from "../tasks/store/task-paths.js";
import type { TaskService } from "../tasks/task-service.js";
import type { Logger } from "../util/logger.js";

/** What request handlers can reach: the domain services, never process.env or the disk directly. */
export interface Services {
  tasks: TaskService;
  tokens: TokenStore;
  paths: TaskPaths;
  followers: LogFollowers;
  metrics: Metrics;
  readiness: () => Promise<Readiness>;
  log: Logger;
}

/** Set by the /oauth mirror when it forwards a request that the OAuth2 proxy authenticated. */
export interface ProxyIdentity {
  user: string;
}

export interface AppEnv {
  Bindings: { proxyIdentity?: ProxyIdentity };
  Variables: { services: Services };
}

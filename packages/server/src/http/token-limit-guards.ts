/**
 * A named token limited to workdirs sees only the tasks under them: at every operation on one
 * task (`.../tasks/{task_id}...`, whichever operations exist now or later), a task outside its
 * workdirs answers 404 exactly as one that does not exist. Schedules create tasks on their own
 * later, with whatever workdir, secrets and MCP servers their definition names, and list every
 * schedule's task: a token with any limit cannot use them at all (403). Usage sums the cost of
 * every task, so a token limited to workdirs cannot read it either (403).
 * Decided once per route at start-up; an unlimited caller pays one property read.
 */
import { assertMaySeeTask } from "../auth/token-limits.js";
import { AppError } from "../errors.js";
import { TASK_ID_PATTERN } from "../tasks/task-id.js";
import { namedTokenOf } from "./auth.js";
import type { RouteCheck } from "./route-checks.js";

const onlyVisibleTask: RouteCheck = (c) => {
  const token = namedTokenOf(c);
  // On every read of a task: a caller without workdir limits goes on at once, without a promise
  // of its own or the path's parameters decoded.
  if (!token?.workdirs) return;
  const id = c.req.param("task_id");
  // A malformed id is left to the route's own validation (400).
  if (id === undefined || !TASK_ID_PATTERN.test(id)) return;
  return c
    .get("services")
    .tasks.get(id)
    .then((task) => assertMaySeeTask(token, task));
};

const noSchedulesForLimitedTokens: RouteCheck = (c) => {
  const token = namedTokenOf(c);
  if (token && (token.workdirs || token.secrets || token.mcp_servers)) {
    throw new AppError("insufficient_scope", "A token with limits (workdirs, secrets, MCP servers) cannot use schedules");
  }
};

const noUsageForWorkdirTokens: RouteCheck = (c) => {
  if (namedTokenOf(c)?.workdirs) {
    throw new AppError("insufficient_scope", "A token limited to workdirs cannot read usage: it sums every task's cost");
  }
};

export function tokenLimitGuards(path: string): RouteCheck[] {
  if (path.includes("/api/claude/tasks/{task_id}")) return [onlyVisibleTask];
  if (path.includes("/api/claude/schedules")) return [noSchedulesForLimitedTokens];
  if (path.endsWith("/api/claude/usage")) return [noUsageForWorkdirTokens];
  return [];
}

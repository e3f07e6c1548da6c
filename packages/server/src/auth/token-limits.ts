/**
 * What a named token's limits allow: which tasks it may create and see (workdirs), which secrets
 * and MCP servers its tasks may ask for, and what tokens it may make. Knows nothing of HTTP; the
 * token file's token and the browser doors have no limits (callers pass `undefined`).
 */
import { AppError, taskNotFound } from "../errors.js";
import type { TokenScope } from "../generated/doors.js";
import { isWithin } from "../tasks/lifecycle/workdir.js";
import type { TaskRecord } from "../tasks/task-model.js";
import type { NamedToken, NamedTokenLimits } from "./named-tokens.js";

/** Throws 403 insufficient_scope naming the scope when the token lacks it. */
export function assertScope(token: Pick<NamedToken, "scopes"> | undefined, scope: TokenScope): void {
  if (token && !token.scopes.includes(scope)) {
    throw new AppError("insufficient_scope", `This token lacks the scope ${scope}`);
  }
}

/** Where a task lives, for workdir limits: a worktree task's repository, else its workdir. */
const taskHome = (task: Pick<TaskRecord, "workdir" | "worktree">) => task.worktree?.repository ?? task.workdir;

/** Whether a token limited to workdirs may see this task (no limit: every task). */
export function maySeeTask(token: NamedTokenLimits | undefined, task: Pick<TaskRecord, "workdir" | "worktree">): boolean {
  if (!token?.workdirs) return true;
  const home = taskHome(task);
  return token.workdirs.some((dir) => isWithin(home, dir));
}

/** 404 task_not_found for a task the token may not see, exactly as for a task that does not exist. */
export function assertMaySeeTask(token: NamedTokenLimits | undefined, task: Pick<TaskRecord, "workdir" | "worktree">): void {
  if (!maySeeTask(token, task)) throw taskNotFound();
}

/** A create's or a follow-up's body, whatever other fields it has (the index signature says so). */
export interface TaskAsks {
  readonly workdir?: string;
  readonly secrets?: readonly string[];
  readonly mcp_servers?: readonly string[];
  readonly [field: string]: unknown;
}

/**
 * What a task (or a schedule's task) asks for, checked against the token's limits: `workdir`
 * is the real path the task would run in (already resolved); `secrets` and `mcp_servers` are
 * the names it asks for (fields another part of the API may or may not define yet).
 */
export function assertTokenMayUse(token: NamedTokenLimits | undefined, request: TaskAsks): void {
  if (!token) return;
  if (
    token.workdirs &&
    request.workdir !== undefined &&
    !token.workdirs.some((dir) => isWithin(request.workdir as string, dir))
  ) {
    throw new AppError("insufficient_scope", `This token may create tasks only under ${token.workdirs.join(", ")}`);
  }
  for (const field of ["secrets", "mcp_servers"] as const) {
    const allowed = token[field];
    const asked = request[field];
    if (!allowed || !Array.isArray(asked)) continue;
    const refused = asked.filter((name) => !allowed.includes(name));
    if (refused.length > 0) {
      throw new AppError("insufficient_scope", `This token may not use ${field} ${refused.join(", ")}`);
    }
  }
}

/**
 * A token that makes another (`admin`) grants nothing it lacks: each scope must be its own, and
 * its limits carry over (a limited creator makes tokens at most as limited).
 */
export function assertMayGrant(
  creator: NamedToken | undefined,
  wanted: { scopes: readonly TokenScope[] } & NamedTokenLimits,
): void {
  if (!creator) return;
  const lacking = wanted.scopes.filter((scope) => !creator.scopes.includes(scope));
  if (lacking.length > 0)
    throw new AppError("insufficient_scope", `This token lacks the scope ${lacking.join(", ")} it would grant`);
  for (const field of ["workdirs", "secrets", "mcp_servers"] as const) {
    const own = creator[field];
    if (!own) continue;
    const given = wanted[field];
    const inside = (item: string) => (field === "workdirs" ? own.some((dir) => isWithin(item, dir)) : own.includes(item));
    if (!given?.every(inside)) {
      throw new AppError("insufficient_scope", `This token is limited to ${field} ${own.join(", ")}; the new token must be too`);
    }
  }
}

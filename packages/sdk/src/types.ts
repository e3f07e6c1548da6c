/**
 * Friendly names for the schemas generated from openapi.yaml. Nothing here is written by hand:
 * every type is an alias of `src/generated/openapi.ts` (and every list comes from
 * `src/generated/contract.ts`), so the spec stays the single source.
 */
import { schemas } from "./generated/contract.js";
import type { components, paths } from "./generated/openapi.js";

type Schemas = components["schemas"];

/** A task as returned by create. */
export type Task = Schemas["Task"];
/** A task with the last 50 lines of its output, as returned by get. */
export type TaskDetail = Schemas["TaskDetail"];
/** One row of the task list (prompt cut to 120 characters). */
export type TaskSummary = Schemas["TaskSummary"];
/** The list response: `{ tasks }`, newest first. */
export type TaskList = Schemas["TaskList"];
/** `running` while a run is in progress or queued; the last run decides the rest. */
export type TaskStatus = Schemas["TaskStatus"];
/** State of one follow-up run. */
export type RunState = Schemas["RunState"];
/** One follow-up prompt and its run. */
export type Followup = Schemas["Followup"];
/** Body of create. */
export type CreateTaskRequest = Schemas["CreateTaskRequest"];
/** Body of sendMessage. */
export type MessageRequest = Schemas["MessageRequest"];
/** Result of sendMessage. */
export type MessageResponse = Schemas["MessageResponse"];
/** Result of steer and interrupt: where the message went (`live` into the run in progress, or `queued` as a follow-up). */
export type SteerAccepted = Schemas["SteerAccepted"];
/** A message sent into a run (a run's `steers`). */
export type Steer = Schemas["Steer"];
/** Result of kill. */
export type KillResponse = Schemas["KillResponse"];
/** Result of purge. */
export type PurgeResponse = Schemas["PurgeResponse"];
/** One claude run: run 0 is the first prompt, each follow-up adds one. */
export type Run = Schemas["Run"];
/** What a run's final `result` event said. */
export type ResultSummary = Schemas["ResultSummary"];
/** Cost, turns and duration summed over every run. */
export type Totals = Schemas["Totals"];
/** Per-run claude options (model, permission mode, tools, max turns, timeout). */
export type RunOptions = Schemas["RunOptions"];
/** `GET .../diff?stat=true`: lines added and deleted per changed file of a worktree task. */
export type DiffStat = Schemas["DiffStat"];
/** The git worktree a task created with `isolation: "worktree"` runs in. */
export type Worktree = Schemas["Worktree"];
/** One of a task's MCP servers (`mcp_servers`) with the status claude reported for it. */
export type McpServerStatus = Schemas["McpServerStatus"];
/** A tool use a task's run waits to have allowed or denied (tasks with `approvals`). */
export type PendingApproval = Schemas["PendingApproval"];
/** Body of an answer to an approval. */
export type ApprovalAnswer = Schemas["ApprovalAnswer"];
/** An answered approval: the result of approve/deny. */
export type ApprovalDecision = Schemas["ApprovalDecision"];
/** Free-form string labels. */
export type Labels = Schemas["Labels"];
/** Result of the liveness check. */
export type Health = Schemas["Health"];
/** Result of the readiness check. */
export type Readiness = Schemas["Readiness"];
export type ServerInfo = Schemas["ServerInfo"];
/** A task's webhook and its delivery attempts. */
export type Callback = Schemas["Callback"];
/** A status after which a task no longer changes on its own. */
export type FinishedStatus = Schemas["FinishedStatus"];
/** The JSON body of every webhook delivery (openapi.yaml `webhooks`); check its signature first. */
export type WebhookPayload = Schemas["WebhookPayload"];
/** A webhook's event: `task.finished`, `task.status` or `task.approval_requested`. */
export type WebhookEventName = Schemas["WebhookEventName"];
/** The task as a webhook carries it (no prompts). */
export type WebhookTask = Schemas["WebhookTask"];
/** The JSON body of every error response. */
export type ErrorBody = Schemas["Error"];
/** Stable machine-readable error codes the server documents. */
export type ErrorCode = ErrorBody["code"];
/** A schedule: its definition, next fire times (unix seconds) and recent fires. */
export type Schedule = Schemas["Schedule"];
/** One fire of a schedule (`created`, `skipped_overlap`, `skipped_budget`, `failed`). */
export type ScheduleFire = Schemas["ScheduleFire"];
/** Body of schedules.create. */
export type CreateScheduleRequest = Schemas["CreateScheduleRequest"];
/** Body of schedules.update. */
export type UpdateScheduleRequest = Schemas["UpdateScheduleRequest"];
/** Result of schedules.run. */
export type ScheduleRunResult = Schemas["ScheduleRunResult"];
/** Result of schedules.delete. */
export type ScheduleDeleted = Schemas["ScheduleDeleted"];
/** Result of schedules.preview. */
export type SchedulePreview = Schemas["SchedulePreview"];
/** Body of tasks.update: the task's new `max_budget_usd`. */
export type UpdateTaskRequest = Schemas["UpdateTaskRequest"];
/** Result of usage.get: cost, tokens and counts per day, model or label. */
export type Usage = Schemas["Usage"];
/** One group of usage.get's answer. */
export type UsageGroup = Schemas["UsageGroup"];
/** Query parameters of usage.get: `from`/`to` dates (`YYYY-MM-DD`) and `group_by`. */
export type UsageQuery = NonNullable<paths["/api/claude/usage"]["get"]["parameters"]["query"]>;
/** What a named token may do: `tasks:read`, `tasks:write`, `approvals:write`, `tasks:purge`, `admin`. */
export type TokenScope = Schemas["TokenScope"];
/** Body of tokens.create. */
export type CreateTokenRequest = Schemas["CreateTokenRequest"];
/** A named token as listed (never its value). */
export type NamedToken = Schemas["NamedToken"];
/** Result of tokens.create: the token and, this once, its value (`token`). */
export type CreatedToken = Schemas["CreatedToken"];
/** One line of the audit log. */
export type AuditEntry = Schemas["AuditEntry"];
/** Result of audit.list. */
export type AuditPage = Schemas["AuditPage"];
/** Query parameters of the list endpoint: status filter, paging, labels. */
export type ListQuery = NonNullable<paths["/api/claude/tasks"]["get"]["parameters"]["query"]>;
/** Query parameters of the output endpoint. */
export type OutputQuery = NonNullable<paths["/api/claude/tasks/{task_id}/output"]["get"]["parameters"]["query"]>;

/** Statuses after which a task no longer changes on its own (openapi.yaml `FinishedStatus`). */
export const FINISHED_STATUSES: readonly TaskStatus[] = schemas.FinishedStatus.enum;

/**
 * Whether a task status or run state is final (completed, error or killed; a run may also end
 * `interrupted`), not queued or running.
 */
export function isFinished(status: TaskStatus | RunState): boolean {
  return status === "interrupted" || (FINISHED_STATUSES as readonly string[]).includes(status);
}

/**
 * Creating a task: validates the request against the operator's policy, records the task and
 * starts its first run, or queues it when every slot is taken. A run that cannot start leaves
 * the task in `error`.
 */
import { randomUUID } from "node:crypto";
import { checkMcpRequest } from "../../catalogs/mcp-catalog.js";
import { checkSecretsRequest } from "../../catalogs/secret-catalog.js";
import type { PermissionMode } from "../../config-env.js";
import { AppError } from "../../errors.js";
import type { CreateTaskRequest } from "../../generated/schemas.js";
import type { Logger } from "../../util/logger.js";
import { checkOptions, type OptionLimits, withoutUnset } from "../runs/run-options.js";
import type { Scheduler } from "../scheduling/scheduler.js";
import type { TaskStore } from "../store/task-store.js";
import { newTaskId, tmuxSessionName } from "../task-id.js";
import type { TaskLocks } from "../task-locks.js";
import {
  deriveTaskFields,
  nowSeconds,
  type RunOptions,
  type RunRecord,
  type TaskCallback,
  type TaskRecord,
} from "../task-model.js";
import type { TaskWorktrees, WorktreeRequest } from "../worktrees/task-worktrees.js";
import { withResolvedAddDirs } from "./add-dirs.js";
import { type CreateResult, Idempotency, type IdempotencyRecord } from "./idempotency.js";
import { resolveWorkdir } from "./workdir.js";

/** A create request as openapi.yaml's `CreateTaskRequest` describes it (validated by the route). */
export type CreateTaskInput = CreateTaskRequest;

export interface CreateOptions {
  defaultWorkdir: string;
  workdirRoot: string;
  /** Server-wide limits on per-task options. */
  limits: OptionLimits;
  /** The permission mode of runs that set none (CLAUDE_PERMISSION_MODE). */
  permissionMode: PermissionMode;
  /** Checks a callback URL against the server's policy; throws AppError when refused. */
  checkCallbackUrl: (url: string) => void;
  /** Refuses new work once the server's daily budget is spent (429 budget_exhausted). */
  checkDailyBudget?: () => void;
  /** SECRETS_DIR and MCP_SERVERS_FILE: what `secrets` and `mcp_servers` may name. */
  secretsDir?: string | undefined;
  mcpServersFile?: string | undefined;
}

/** A validated create request, as the store will keep it. */
interface NewTask {
  prompt: string;
  workdir: string | undefined;
  options: RunOptions;
  /** Options of the first run only (output_schema belongs to the prompt it came with). */
  firstRunOptions: RunOptions;
  worktree: WorktreeRequest;
  labels: Record<string, string> | undefined;
  callback: TaskCallback | undefined;
  maxBudgetUsd: number | undefined;
  /** Names only (the catalogs hold the values); in request order, without repeats. */
  secrets: string[];
  mcpServers: string[];
  idempotency?: IdempotencyRecord;
}

export class TaskCreator {
  private readonly idempotency: Idempotency;

  constructor(
    private readonly store: TaskStore,
    private readonly locks: TaskLocks,
    private readonly scheduler: Scheduler,
    private readonly options: CreateOptions,
    private readonly log: Logger,
    private readonly worktrees: TaskWorktrees,
  ) {
    this.idempotency = new Idempotency(store, locks);
  }

  /**
   * Records the task and starts (or queues) its first run; with an Idempotency-Key, at most
   * once per key. Answers once the record is on disk; the launch follows (see Scheduler.launchSoon).
   */
  async create(input: CreateTaskInput, idempotencyKey?: string): Promise<CreateResult> {
    const request = this.prepare(input);
    // Only a task that would be new is refused for today's spending: a retry replays its answer.
    const createNew = (req: NewTask) => {
      this.options.checkDailyBudget?.();
      return this.createTask(req);
    };
    if (idempotencyKey === undefined) return { task: await createNew(request), replayed: false };
    return this.idempotency.once(idempotencyKey, input, (idempotency) => createNew({ ...request, idempotency }));
  }

  /**
   * Refuses what create would refuse (options, policy, callback, workdir, worktree) without
   * recording anything: a schedule's task template is checked by the same code as a create.
   */
  async check(input: CreateTaskInput): Promise<void> {
    const request = this.prepare(input);
    const workdir = await resolveWorkdir(request.workdir ?? this.options.defaultWorkdir, this.options.workdirRoot);
    await withResolvedAddDirs(request.options, this.options.workdirRoot);
    await this.worktrees.plan(request.worktree, workdir, this.options.workdirRoot);
  }

  /** The request checked against the operator's policy, as the store will keep it. */
  private prepare(input: CreateTaskInput): NewTask {
    const {
      prompt: rawPrompt,
      workdir,
      labels,
      callback_url,
      callback_on,
      isolation,
      base_ref,
      max_budget_usd,
      secrets,
      mcp_servers,
      ...runOptions
    } = input;
    const requested = withoutUnset(runOptions);
    checkOptions(requested, this.options.limits, this.options.permissionMode);
    const { output_schema, ...options } = requested;
    const request: NewTask = {
      prompt: requirePrompt(rawPrompt),
      workdir,
      options,
      firstRunOptions: output_schema ? { output_schema } : {},
      worktree: { isolation, base_ref },
      labels,
      maxBudgetUsd: max_budget_usd,
      callback: callback_url === undefined ? undefined : { url: callback_url, on: callback_on ?? "finish", attempts: [] },
      secrets: [...new Set(secrets ?? [])],
      mcpServers: [...new Set(mcp_servers ?? [])],
    };
    checkSecretsRequest(request.secrets, this.options.secretsDir);
    checkMcpRequest(request.mcpServers, this.options.mcpServersFile);
    if (callback_url !== undefined) this.options.checkCallbackUrl(callback_url);
    return request;
  }

  private async createTask(request: NewTask): Promise<TaskRecord> {
    const { prompt, firstRunOptions, labels, callback, idempotency } = request;
    const requestedWorkdir = await resolveWorkdir(request.workdir ?? this.options.defaultWorkdir, this.options.workdirRoot);
    const options = await withResolvedAddDirs(request.options, this.options.workdirRoot);
    const worktreePlan = await this.worktrees.plan(request.worktree, requestedWorkdir, this.options.workdirRoot);
    const now = nowSeconds();
    const taskId = newTaskId();
    const isolated = worktreePlan ? await this.worktrees.create(worktreePlan, taskId) : undefined;
    const task: TaskRecord = {
      task_id: taskId,
      session_id: randomUUID(),
      prompt,
      workdir: isolated?.workdir ?? requestedWorkdir,
      status: "queued",
      created_at: now,
      tmux_session: tmuxSessionName(taskId),
      runs: [{ prompt, state: "queued", sent_at: now }],
    };
    if (Object.keys(firstRunOptions).length > 0) (task.runs[0] as RunRecord).options = firstRunOptions;
    if (isolated) task.worktree = isolated.worktree;
    if (Object.keys(options).length > 0) task.options = options;
    if (labels && Object.keys(labels).length > 0) task.labels = labels;
    if (request.maxBudgetUsd !== undefined) task.max_budget_usd = request.maxBudgetUsd;
    if (callback) task.callback = callback;
    if (request.secrets.length > 0) task.secrets = request.secrets;
    if (request.mcpServers.length > 0) task.mcp_servers = request.mcpServers.map((name) => ({ name, status: "pending" }));
    if (idempotency) task.idempotency = idempotency;
    await this.scheduler.withSlot(async (free) => {
      // A missing claude is known without launching: the answer says so at once.
      const problem = free ? await this.scheduler.launchProblem() : undefined;
      if (problem) Object.assign(task.runs[0] as RunRecord, { state: "error", finished_at: now, error: problem });
      else if (free) Object.assign(task.runs[0] as RunRecord, { state: "running", started_at: now, log_start: 0 });
      deriveTaskFields(task);
      await this.locks.task(taskId, async () => {
        await this.store.create(task).catch(async (err: unknown) => {
          if (isolated) await this.worktrees.discard(taskId, isolated.worktree);
          throw err;
        });
        this.log.info("task created", { task_id: taskId, status: task.status });
        if (free && !problem) this.scheduler.launchSoon(taskId, 0);
      });
    });
    return this.store.require(taskId);
  }
}

/** The prompt, refused when it is only whitespace (claude would wait for input). */
export function requirePrompt(prompt: string): string {
  if (prompt.trim() === "") throw new AppError("validation_failed", "prompt must be a non-empty string");
  return prompt;
}

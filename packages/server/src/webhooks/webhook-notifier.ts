/**
 * Calls a task's callback_url when the task finishes (or on every status change), and each
 * time one of its runs waits for an approval (whatever `on` says: a paused task needs a
 * person), signed
 * with WEBHOOK_SECRET, retried with exponential backoff, each attempt recorded on the task.
 * Deliveries run in the background: a slow or failing receiver never delays the API.
 * Deliveries not yet done survive a restart (they are resumed from the recorded attempts).
 * Before each attempt the callback is checked against the policy the server has now; a
 * refusal is recorded as the attempt's error and ends the delivery (nothing is sent).
 */
import { randomUUID } from "node:crypto";
import { headers } from "@claude-task-api/sdk/contract";
import { AppError } from "../errors.js";
import { type WebhookEventName, type WebhookPayload, type WebhookTask, WebhookTaskSchema } from "../generated/schemas.js";
import { taskView } from "../routes/tasks/tasks.views.js";
import type { WebhookAttempts } from "../tasks/lifecycle/webhook-attempts.js";
import type { TaskStore } from "../tasks/store/task-store.js";
import { isFinishedTask, type PendingApproval, type TaskRecord, type WebhookAttempt } from "../tasks/task-model.js";
import type { Logger } from "../util/logger.js";
import { type CallbackPolicy, checkCallbackUrl, redactedCallbackUrl } from "./callback-policy.js";
import { AddressRefusedError, pinnedPost } from "./pinned-request.js";
import { signPayload } from "./signature.js";

export interface WebhookOptions extends CallbackPolicy {
  maxAttempts: number;
  retryBaseMs: number;
  timeoutMs: number;
}

// The events of openapi.yaml's `webhooks` (typed by it: a name the spec does not list fails to compile).
const FINISHED: WebhookEventName = "task.finished";
const STATUS: WebhookEventName = "task.status";
const APPROVAL_REQUESTED: WebhookEventName = "task.approval_requested";

const WEBHOOK_TASK_FIELDS = Object.keys(WebhookTaskSchema.shape) as (keyof WebhookTask)[];

/**
 * What receivers get (openapi.yaml `WebhookPayload`): the task as the API shows it, cut to the
 * fields the spec's `WebhookTask` names (no prompts), and the approval it waits for.
 */
function webhookPayload(event: WebhookEventName, t: TaskRecord, approval?: PendingApproval): WebhookPayload {
  const view = taskView(t);
  const task = Object.fromEntries(WEBHOOK_TASK_FIELDS.filter((key) => view[key] !== undefined).map((key) => [key, view[key]]));
  return { event, task: task as WebhookTask, ...(approval && { approval }) };
}

export class WebhookNotifier {
  private lastStatus = new Map<string, string>();
  /** Approvals already announced (or being announced), per task. */
  private announced = new Map<string, Set<string>>();
  private unsubscribe: (() => void) | undefined;
  private stopped = false;
  /** Ends the waits between retries at stop(): a shutdown never waits out a backoff. */
  private readonly stopping = new AbortController();
  private inFlight = new Set<Promise<void>>();

  constructor(
    private readonly tasks: Pick<TaskStore, "list" | "onChange">,
    private readonly attempts: WebhookAttempts,
    private readonly options: WebhookOptions,
    private readonly log: Logger,
  ) {}

  start(): void {
    for (const task of this.tasks.list()) {
      this.lastStatus.set(task.task_id, task.status);
      this.resumePending(task);
    }
    this.unsubscribe = this.tasks.onChange((task) => this.onChange(task));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.stopping.abort();
    this.unsubscribe?.();
    await Promise.allSettled([...this.inFlight]);
  }

  private onChange(task: TaskRecord): void {
    this.announceApprovals(task);
    const previous = this.lastStatus.get(task.task_id);
    if (previous === task.status) return;
    this.lastStatus.set(task.task_id, task.status);
    if (!task.callback) return;
    const finished = isFinishedTask(task.status);
    if (task.callback.on === "finish" && !finished) return;
    this.deliver(task, finished ? FINISHED : STATUS, 1);
  }

  /**
   * Delivers `task.approval_requested` once per pending approval. After a restart the pending
   * approvals are read again; one whose notice a receiver already accepted (or that used up its
   * attempts) is not sent again, one with attempts left gets the rest.
   */
  private announceApprovals(task: TaskRecord): void {
    if (!task.callback || !task.pending_approvals?.length) return;
    const seen = this.announced.get(task.task_id) ?? new Set<string>();
    this.announced.set(task.task_id, seen);
    for (const approval of task.pending_approvals) {
      if (seen.has(approval.approval_id)) continue;
      seen.add(approval.approval_id);
      const attempts = task.callback.attempts.filter(
        (a) => a.event === APPROVAL_REQUESTED && a.approval_id === approval.approval_id,
      );
      const delivered = attempts.some((a) => a.status !== undefined && a.status >= 200 && a.status < 300);
      if (!delivered && attempts.length < this.options.maxAttempts)
        this.deliver(task, APPROVAL_REQUESTED, attempts.length + 1, approval);
    }
  }

  /** A finished task whose finish notice was never accepted gets its remaining attempts. */
  private resumePending(task: TaskRecord): void {
    if (!task.callback || !isFinishedTask(task.status)) return;
    const attempts = task.callback.attempts.filter((a) => a.event === FINISHED);
    const delivered = attempts.some((a) => a.status !== undefined && a.status >= 200 && a.status < 300);
    if (!delivered && attempts.length < this.options.maxAttempts) this.deliver(task, FINISHED, attempts.length + 1);
  }

  private deliver(task: TaskRecord, event: WebhookEventName, firstAttempt: number, approval?: PendingApproval): void {
    const run = this.attemptAll(task, event, firstAttempt, approval).finally(() => this.inFlight.delete(run));
    this.inFlight.add(run);
  }

  private async attemptAll(
    task: TaskRecord,
    event: WebhookEventName,
    firstAttempt: number,
    approval?: PendingApproval,
  ): Promise<void> {
    const url = task.callback?.url as string;
    const body = JSON.stringify(webhookPayload(event, task, approval));
    const delivery = randomUUID();
    for (let attempt = firstAttempt; attempt <= this.options.maxAttempts && !this.stopped; attempt++) {
      const started = performance.now();
      const record: WebhookAttempt = {
        event,
        ...(approval && { approval_id: approval.approval_id }),
        attempt,
        at: Date.now() / 1000,
        duration_ms: 0,
      };
      let refused = false;
      try {
        // Throws when the policy refuses the URL; the secret is then known to be set.
        const target = checkCallbackUrl(url, this.options);
        record.status = await pinnedPost(target, {
          headers: {
            "content-type": "application/json",
            "user-agent": "claude-task-api",
            [headers.WebhookEvent]: event,
            [headers.WebhookDelivery]: delivery,
            [headers.WebhookSignature]: signPayload(this.options.secret as string, body),
          },
          body,
          timeoutMs: this.options.timeoutMs,
          policy: this.options,
        });
      } catch (err) {
        refused = isPolicyRefusal(err);
        record.error = failureReason(err as Error, this.options.timeoutMs);
      }
      record.duration_ms = Math.round(performance.now() - started);
      await this.attempts.record(task.task_id, record).catch((err: Error) => {
        this.log.warn("could not record webhook attempt", { task_id: task.task_id, reason: err.message });
      });
      const ok = record.status !== undefined && record.status >= 200 && record.status < 300;
      if (refused) {
        this.log.warn("webhook refused by policy", {
          task_id: task.task_id,
          event,
          attempt,
          target: redactedCallbackUrl(url),
          reason: record.error,
        });
        return;
      }
      this.log.info("webhook attempt", { task_id: task.task_id, event, attempt, status: record.status, error: record.error });
      if (ok) return;
      if (attempt < this.options.maxAttempts) await sleep(this.options.retryBaseMs * 2 ** (attempt - 1), this.stopping.signal);
    }
  }
}

/** The policy said no: retrying cannot help until the server's configuration changes. */
const isPolicyRefusal = (err: unknown): boolean => err instanceof AddressRefusedError || err instanceof AppError;

/** What an attempt's `error` says; a policy refusal always starts with "refused: ". */
function failureReason(err: Error, timeoutMs: number): string {
  if (isPolicyRefusal(err)) return err.message.startsWith("refused: ") ? err.message : `refused: ${err.message}`;
  return err.name === "TimeoutError" ? `no answer within ${timeoutMs} ms` : err.message;
}

/** Waits `ms`, or less if `signal` aborts (the caller's loop then sees it is stopped). */
const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    timer.unref();
    signal.addEventListener(
      "abort",
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });

/**
 * The task record the server keeps (in memory and in task.json) is openapi.yaml's `Task`
 * without what views compute from the runs, plus the fields only the server needs. Its types
 * are inferred from that, so a field added to `Task` in openapi.yaml is stored, read back and
 * shown without another edit here; only the fields named below are treated specially.
 */
import { z } from "zod";
import { RunSchema, TaskSchema } from "../generated/schemas.js";

/** Fields of the API's `Run` that views compute (its place in the list, its own cost, why it failed). */
const RUN_VIEW_ONLY = { index: true, cost_usd: true, error_kind: true } as const;

/** Fields of the API's `Task` that views compute from the runs and the queue; never stored. */
export const TASK_VIEW_ONLY = {
  followups: true,
  result: true,
  totals: true,
  error_kind: true,
  queue_position: true,
  attention: true,
} as const;

/** One run as the server keeps it: the spec's `Run` without computed fields, with its place in output.log. */
export const RunRecordSchema = RunSchema.omit(RUN_VIEW_ONLY).extend({
  /** Byte offsets of this run's output in output.log. */
  log_start: z.int().min(0).optional(),
  log_end: z.int().min(0).optional(),
});

/** Storage-only fields of a task: in the record, never in the API's `Task`. */
export const TASK_STORAGE_ONLY = {
  /** The Idempotency-Key the task was created with, and a fingerprint of that request. */
  idempotency: z.object({ key: z.string(), fingerprint: z.string() }).optional(),
  /** Fields written by other versions that this one does not know; kept so nothing is lost. */
  extra: z.record(z.string(), z.unknown()).optional(),
};

/**
 * The record. `prompt` is the first run's (kept for reads; task.json holds it in the run).
 * `pending_approvals` is kept in memory only: the approval files beside the run are the truth,
 * read again after a restart (tasks/approvals/). Tasks of the seed server may have any
 * non-empty session id, so the record does not insist on the API's uuid format.
 */
export const TaskRecordSchema = TaskSchema.omit(TASK_VIEW_ONLY).extend({
  session_id: z.string().min(1),
  runs: z.array(RunRecordSchema),
  ...TASK_STORAGE_ONLY,
});

export type RunRecord = z.output<typeof RunRecordSchema>;
export type TaskRecord = z.output<typeof TaskRecordSchema>;

/** The fields of `Task` that a view copies from the record as they are (in the spec's order). */
export const STORED_TASK_FIELDS = Object.keys(TaskSchema.shape).filter(
  (key) => !(key in TASK_VIEW_ONLY) && key !== "runs",
) as (keyof TaskRecord & keyof z.output<typeof TaskSchema>)[];

/** The fields of `Run` that a view copies from the run record as they are (in the spec's order). */
export const STORED_RUN_FIELDS = Object.keys(RunSchema.shape).filter((key) => !(key in RUN_VIEW_ONLY)) as (keyof RunRecord &
  keyof z.output<typeof RunSchema>)[];

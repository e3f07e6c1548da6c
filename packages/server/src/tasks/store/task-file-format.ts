/**
 * Reading and writing task.json. Format 4 (this version) keeps each prompt once: a short one
 * inline in its run, a long one in runs/{n}.prompt beside the run (the run says
 * `prompt_in_file`), so the record stays small however long the prompts are; the seed
 * server's top-level `prompt` and `followups` are derived from the runs and not written.
 * A run's large option set is stored once per distinct set (option-sets.ts; the run says
 * `options_ref`). Files written by the seed server (no `runs`), by format 2 (prompts at the
 * top level, in `followups` and in every run) and by format 3 (every run's options inline)
 * are converted on read without losing any field, and written as format 4 on their next change.
 */
import { z } from "zod";
import { ResultSummarySchema } from "../../generated/schemas.js";
import { type RunRecord, RunRecordSchema, type TaskRecord, TaskRecordSchema } from "../task-record.js";
import { OPTION_SET_REF } from "./option-sets.js";

// Optional parts that a newer or older version may shape differently are dropped (not
// fatal) when they do not parse; the task itself stays readable.
const lenient = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);

/** The shape with each optional field lenient; required fields must parse. */
const lenientOptionals = <S extends Record<string, z.ZodType>>(shape: S) =>
  Object.fromEntries(
    Object.entries(shape).map(([key, schema]) => [key, schema.safeParse(undefined).success ? lenient(schema) : schema]),
  ) as S;

/** Prompts longer than this (UTF-8 bytes) live in runs/{n}.prompt rather than in task.json. */
export const INLINE_PROMPT_BYTES = 1024;

/** Whether a prompt is kept inline in task.json (else in its run's prompt file). */
export const isInlinePrompt = (prompt: string) =>
  prompt.length <= INLINE_PROMPT_BYTES / 3 || Buffer.byteLength(prompt) <= INLINE_PROMPT_BYTES;

// A run as task.json holds it: the record's run (task-record.ts, from openapi.yaml), its
// prompt inline or in its file; a result keeps fields a newer claude added.
const RunFileSchema = z.object({
  ...lenientOptionals(RunRecordSchema.shape),
  prompt: z.string().optional(),
  prompt_in_file: z.literal(true).optional(),
  options_ref: z.string().regex(OPTION_SET_REF).optional(),
  result: lenient(ResultSummarySchema.loose()),
});

const SeedFollowupSchema = z.object({ prompt: z.string(), sent_at: z.number().finite() });

// The record's fields (task-record.ts: openapi.yaml's Task plus storage-only ones), with what
// only files of older versions hold. `extra` is not a field of the file: it is every field
// this version does not know, kept at the top level.
const { extra: _extra, pending_approvals: _pending, ...storedShape } = TaskRecordSchema.shape;
const TaskFileSchema = z.looseObject({
  ...lenientOptionals(storedShape),
  // The seed server and format 2 kept the first prompt here; format 3 keeps it in run 0.
  prompt: z.string().optional(),
  followups: z.array(z.looseObject(SeedFollowupSchema.shape)).nullish(),
  runs: z.array(RunFileSchema).min(1).nullish(),
  format: z.unknown().optional(),
});

/** Every field this version reads or writes; others are kept in `extra`. Pending approvals are never read from the file. */
const KNOWN_FIELDS = new Set([...Object.keys(TaskFileSchema.shape), "pending_approvals"]);

export class TaskFileError extends Error {
  override name = "TaskFileError";
}

/** A record as read from task.json, and which runs' prompts are still to be read from their files. */
export interface ParsedTaskFile {
  task: TaskRecord;
  /** Runs whose prompt is in runs/{n}.prompt (their `prompt` is "" until read). */
  promptFiles: number[];
  /** Runs whose options are a stored option set, still to be read (option-sets.ts). */
  optionSets: Array<{ run: number; ref: string }>;
  /** Written by the seed server or an older version: rewritten in this version's format on its next change. */
  legacy: boolean;
}

/** Parses task.json text into a record; throws TaskFileError when it cannot be trusted. */
export function parseTaskFile(text: string, expectedId: string): ParsedTaskFile {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new TaskFileError("task.json is not valid JSON");
  }
  const parsed = TaskFileSchema.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new TaskFileError(`task.json is invalid at ${first?.path.join(".") || "(root)"}: ${first?.message}`);
  }
  const f = parsed.data;
  if (f.task_id !== expectedId) throw new TaskFileError(`task.json names task ${f.task_id}, not ${expectedId}`);
  if (!f.runs && f.prompt === undefined) throw new TaskFileError("task.json has neither runs nor a prompt");

  const { runs: fileRuns, followups: seedFollowups, prompt: seedPrompt, format: _format, ...fields } = f;
  const promptFiles: number[] = [];
  const optionSets: ParsedTaskFile["optionSets"] = [];
  const runs: RunRecord[] = fileRuns
    ? fileRuns.map(({ prompt, prompt_in_file, options_ref, ...run }, i) => {
        if (prompt === undefined && !prompt_in_file) throw new TaskFileError(`task.json run ${i} has no prompt`);
        if (prompt === undefined) promptFiles.push(i);
        if (options_ref !== undefined) optionSets.push({ run: i, ref: options_ref });
        return { prompt: prompt ?? "", ...definedOnly(run) } as RunRecord;
      })
    : runsFromSeedFields(seedPrompt ?? "", f.created_at, f.status, f.finished_at, seedFollowups ?? []);
  const known = definedOnly(Object.fromEntries(Object.entries(fields).filter(([k]) => KNOWN_FIELDS.has(k))));
  const extra = Object.fromEntries(Object.entries(fields).filter(([k]) => !KNOWN_FIELDS.has(k)));
  const task = { ...known, prompt: runs[0]?.prompt ?? "", runs } as TaskRecord;
  if (Object.keys(extra).length > 0) task.extra = extra;
  return { task, promptFiles, optionSets, legacy: (raw as { format?: unknown }).format !== TASK_FILE_FORMAT };
}

/** The object without the fields a lenient parse dropped (undefined), so none is written back as absent. */
function definedOnly<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/**
 * The seed server kept no per-run state. Earlier prompts must have finished for later ones
 * to be sent; the task status belongs to the last prompt.
 */
function runsFromSeedFields(
  prompt: string,
  createdAt: number,
  status: TaskRecord["status"],
  finishedAt: number | undefined,
  followups: { prompt: string; sent_at: number }[],
): RunRecord[] {
  const prompts = [{ prompt, sent_at: createdAt }, ...followups.map((f) => ({ prompt: f.prompt, sent_at: f.sent_at }))];
  return prompts.map((p, i): RunRecord => {
    const isLast = i === prompts.length - 1;
    const run: RunRecord = { prompt: p.prompt, sent_at: p.sent_at, started_at: p.sent_at, state: isLast ? status : "completed" };
    if (!isLast) run.finished_at = prompts[i + 1]?.sent_at;
    else if (finishedAt !== undefined) run.finished_at = finishedAt;
    return run;
  });
}

const TASK_FILE_FORMAT = 4;

/**
 * Serialises a record as format 4: each prompt inline when short, else only in its run's
 * prompt file; a run's options inline, or by the name of their stored set (`optionRefs`, by
 * run index).
 */
export function serializeTaskFile(task: TaskRecord, optionRefs: ReadonlyArray<string | undefined> = []): string {
  // Pending approvals are read from their files beside the run, never from task.json.
  const { extra, runs, prompt: _firstPrompt, pending_approvals: _pending, ...top } = task;
  const storedRuns = runs.map(({ prompt, options, ...run }, i) => {
    const ref = optionRefs[i];
    const withOptions = ref !== undefined ? { ...run, options_ref: ref } : options ? { ...run, options } : run;
    return isInlinePrompt(prompt) ? { prompt, ...withOptions } : { prompt_in_file: true as const, ...withOptions };
  });
  return `${JSON.stringify({ ...extra, ...top, runs: storedRuns, format: TASK_FILE_FORMAT })}\n`;
}

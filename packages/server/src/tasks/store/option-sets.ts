/**
 * Run options stored once per distinct set. A follow-up's options (an append_system_prompt of
 * up to 100,000 characters, an output_schema of up to 64 KiB) would otherwise be written into
 * task.json with every run, and rewritten with every change of the task: like long prompts,
 * a large set lives in a file of its own, options/{sha256 of its JSON}.json, written once
 * however many runs use it, and the run in task.json names it (`options_ref`). Small sets
 * stay inline.
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { RunOptionsSchema } from "../../generated/schemas.js";
import type { RunOptions } from "../task-model.js";

/** Option sets longer than this (as JSON, UTF-8 bytes) are stored in their own file. */
export const INLINE_OPTIONS_BYTES = 1024;

/**
 * The most a task's runs may carry in options (as JSON, every run counted): it bounds what
 * the task's detail answer repeats run by run, and so its size.
 */
export const MAX_TASK_RUN_OPTIONS_BYTES = 1024 * 1024;

/** The name of a stored option set: the SHA-256 of its JSON. */
export const OPTION_SET_REF = /^[0-9a-f]{64}$/;

/** The file a stored option set lives in. */
export const optionSetFile = (taskDir: string, ref: string) => path.join(taskDir, "options", `${ref}.json`);

/** The set's name and text when it is stored in a file; undefined when it stays inline. */
export function storedOptionSet(options: RunOptions | undefined): { ref: string; json: string } | undefined {
  if (!options) return undefined;
  const json = JSON.stringify(options);
  if (json.length <= INLINE_OPTIONS_BYTES / 3 || Buffer.byteLength(json) <= INLINE_OPTIONS_BYTES) return undefined;
  return { ref: createHash("sha256").update(json).digest("hex"), json };
}

/** Reads a stored option set, checked against openapi.yaml's RunOptions; throws when it is missing or not one. */
export async function readOptionSet(taskDir: string, ref: string): Promise<RunOptions> {
  const text = await readFile(optionSetFile(taskDir, ref), "utf8");
  const parsed = RunOptionsSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`options/${ref}.json is not a valid option set`);
  return parsed.data;
}

/** Bytes of options (as JSON) a task's runs carry, run by run. */
export const runOptionsBytes = (runs: ReadonlyArray<{ options?: RunOptions | undefined }>) =>
  runs.reduce((sum, run) => sum + (run.options ? Buffer.byteLength(JSON.stringify(run.options)) : 0), 0);

/**
 * Structured results (`output_schema`): the schema travels to claude as `--json-schema`, and
 * claude ends `success` even when Claude never produced an output matching it. This module
 * keeps that from passing for a good result.
 */
import { AppError } from "../../errors.js";
import type { ResultSummary, RunOptions } from "../task-model.js";
import type { RunOutcome } from "./run-outcome.js";

/** The largest output_schema accepted, as serialised JSON: it is one argv element of claude. */
export const MAX_OUTPUT_SCHEMA_BYTES = 64 * 1024;

/**
 * The deepest nesting accepted (objects and arrays, the schema itself being level 1). JSON
 * text parses at any depth, but JSON.stringify and structuredClone recurse and overflow the
 * stack a few thousand levels down; a real schema is nowhere near this.
 */
export const MAX_OUTPUT_SCHEMA_DEPTH = 64;

/** Whether `value` nests objects or arrays deeper than `limit`, found without recursion. */
function nestedDeeperThan(value: unknown, limit: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop() as [unknown, number];
    if (current === null || typeof current !== "object") continue;
    if (depth > limit) return true;
    for (const child of Object.values(current)) stack.push([child, depth + 1]);
  }
  return false;
}

/** Why a schema cannot be taken (nested deeper than MAX_OUTPUT_SCHEMA_DEPTH, over MAX_OUTPUT_SCHEMA_BYTES); undefined when it can. */
export function outputSchemaProblem(schema: RunOptions["output_schema"]): string | undefined {
  if (schema === undefined) return undefined;
  // Checked first: serialising a deeper one to measure it would throw a RangeError.
  if (nestedDeeperThan(schema, MAX_OUTPUT_SCHEMA_DEPTH)) {
    return `output_schema is nested deeper than ${MAX_OUTPUT_SCHEMA_DEPTH} levels`;
  }
  const bytes = Buffer.byteLength(JSON.stringify(schema));
  if (bytes > MAX_OUTPUT_SCHEMA_BYTES) {
    return `output_schema must be at most ${MAX_OUTPUT_SCHEMA_BYTES} bytes as JSON (it is ${bytes})`;
  }
  return undefined;
}

/** Refuses a schema outputSchemaProblem names (a 400). */
export function checkOutputSchemaSize(schema: RunOptions["output_schema"]): void {
  const problem = outputSchemaProblem(schema);
  if (problem) throw new AppError("validation_failed", problem);
}

export const NO_STRUCTURED_OUTPUT =
  "Claude gave no structured output matching output_schema (the run ended without a valid StructuredOutput call)";

/**
 * For a run with an output_schema that claude ended successfully: when its result carries
 * no structured_output, the result becomes `is_error` with the reason and the run `error`.
 * Other runs and failed ones are answered unchanged.
 */
export function judgeStructuredOutput(
  options: RunOptions,
  outcome: RunOutcome,
  result: ResultSummary | undefined,
): { outcome: RunOutcome; result: ResultSummary | undefined } {
  if (!options.output_schema || outcome.state !== "completed") return { outcome, result };
  if (result && result.structured_output !== undefined && !result.is_error) return { outcome, result };
  return {
    outcome: { ...outcome, state: "error", error: NO_STRUCTURED_OUTPUT },
    result: { ...(result ?? {}), is_error: true, error: NO_STRUCTURED_OUTPUT },
  };
}

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

/** Refuses a schema over MAX_OUTPUT_SCHEMA_BYTES (a 400). */
export function checkOutputSchemaSize(schema: RunOptions["output_schema"]): void {
  if (schema === undefined) return;
  const bytes = Buffer.byteLength(JSON.stringify(schema));
  if (bytes > MAX_OUTPUT_SCHEMA_BYTES) {
    throw new AppError(
      "validation_failed",
      `output_schema must be at most ${MAX_OUTPUT_SCHEMA_BYTES} bytes as JSON (it is ${bytes})`,
    );
  }
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

/** How a run with output_schema is judged from its outcome and its last result event. */
import { describe, expect, it } from "vitest";
import { AppError } from "../../../src/errors.js";
import {
  checkOutputSchemaSize,
  judgeStructuredOutput,
  MAX_OUTPUT_SCHEMA_BYTES,
  MAX_OUTPUT_SCHEMA_DEPTH,
  NO_STRUCTURED_OUTPUT,
} from "../../../src/tasks/runs/structured-output.js";

const schema = { type: "object" };
const completed = { state: "completed" as const, exit_code: 0, finished_at: 1 };

describe("judgeStructuredOutput", () => {
  it("keeps a run that returned structured output", () => {
    const result = { is_error: false, structured_output: { a: 1 } };
    expect(judgeStructuredOutput({ output_schema: schema }, completed, result)).toEqual({ outcome: completed, result });
  });

  it("turns a successful run without structured output into an error with the reason", () => {
    const judged = judgeStructuredOutput({ output_schema: schema }, completed, { is_error: false, text: "{}" });
    expect(judged.outcome).toEqual({ ...completed, state: "error", error: NO_STRUCTURED_OUTPUT });
    expect(judged.result).toEqual({ is_error: true, text: "{}", error: NO_STRUCTURED_OUTPUT });
    expect(judgeStructuredOutput({ output_schema: schema }, completed, undefined).result).toEqual({
      is_error: true,
      error: NO_STRUCTURED_OUTPUT,
    });
  });

  it("leaves runs without a schema, and runs that failed or were killed, as they are", () => {
    const result = { is_error: false, text: "hi" };
    expect(judgeStructuredOutput({}, completed, result)).toEqual({ outcome: completed, result });
    const failed = { state: "error" as const, exit_code: 1, error: "API Error" };
    expect(judgeStructuredOutput({ output_schema: schema }, failed, result).outcome).toBe(failed);
    const killed = { state: "killed" as const };
    expect(judgeStructuredOutput({ output_schema: schema }, killed, undefined).outcome).toBe(killed);
  });
});

describe("checkOutputSchemaSize", () => {
  it("accepts 64 KiB of JSON and refuses one byte more", () => {
    const padding = (n: number) => ({ d: "x".repeat(n - JSON.stringify({ d: "" }).length) });
    expect(() => checkOutputSchemaSize(padding(MAX_OUTPUT_SCHEMA_BYTES))).not.toThrow();
    expect(() => checkOutputSchemaSize(padding(MAX_OUTPUT_SCHEMA_BYTES + 1))).toThrow(AppError);
  });

  it("accepts a schema 64 levels deep and refuses 65 (arrays count), without recursing into a 100,000-deep one", () => {
    const nested = (depth: number, wrap: (inner: unknown) => unknown = (inner) => ({ a: inner })) => {
      let value: unknown = {};
      for (let i = 1; i < depth; i++) value = wrap(value);
      return value as Record<string, unknown>;
    };
    expect(() => checkOutputSchemaSize(nested(MAX_OUTPUT_SCHEMA_DEPTH))).not.toThrow();
    expect(() => checkOutputSchemaSize(nested(MAX_OUTPUT_SCHEMA_DEPTH + 1))).toThrow(/nested deeper than 64 levels/);
    expect(() => checkOutputSchemaSize({ a: nested(MAX_OUTPUT_SCHEMA_DEPTH, (inner) => [inner]) })).toThrow(/nested/);
    expect(() => checkOutputSchemaSize(nested(100_000))).toThrow(AppError);
  });
});

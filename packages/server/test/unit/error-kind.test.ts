/**
 * error_kind over real claude output: each fixture in test/fixtures/claude-results is the
 * stream-json of @anthropic-ai/claude-code 2.1.328 run against the scripted model answering
 * that HTTP error (or, for not-logged-in, with no credential at all), read the way the server
 * reads a run's result.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { lastResultEvent } from "../../src/tasks/output/output-log.js";
import { type ErrorKind, runErrorKind, TIMEOUT_REASON_PREFIX, taskErrorKind } from "../../src/tasks/runs/error-kind.js";
import { judgeStructuredOutput } from "../../src/tasks/runs/structured-output.js";

const fixtures = fileURLToPath(new URL("../fixtures/claude-results/", import.meta.url));

describe("a failed run's kind, from claude's real result event", () => {
  it.each<[string, ErrorKind]>([
    ["not-logged-in.log", "auth"],
    ["unauthorized-401.log", "auth"],
    ["credit-400.log", "credit"],
    ["rate-limited-429.log", "rate_limited"],
    ["server-500.log", "api_error"],
    ["overloaded-529.log", "api_error"],
    ["max-turns.log", "max_turns"],
    ["max-budget.log", "budget"],
  ])("%s is %s", async (name, kind) => {
    const result = await lastResultEvent(path.join(fixtures, name));
    expect(result?.is_error).toBe(true);
    expect(runErrorKind({ state: "error", result })).toBe(kind);
  });

  it("a completed run has no kind", async () => {
    const result = await lastResultEvent(path.join(fixtures, "success.log"));
    expect(result?.is_error).toBe(false);
    expect(runErrorKind({ state: "completed", result })).toBeUndefined();
  });
});

describe("a failed run's kind, from the wrapper's record", () => {
  it("claude refusing to start (bypassPermissions as root: no result event, exit 1) is cli_failed", () => {
    expect(runErrorKind({ state: "error", error: "claude exited with status 1" })).toBe("cli_failed");
  });

  it("a binary that could not be started is cli_failed", () => {
    expect(runErrorKind({ state: "error", error: "claude CLI at /nope is missing or not executable" })).toBe("cli_failed");
  });

  it("a run whose answer never matched its output_schema is output_schema, not cli_failed", () => {
    const judged = judgeStructuredOutput(
      { output_schema: { type: "object" } },
      { state: "completed", finished_at: 1, exit_code: 0 },
      { is_error: false, subtype: "success", text: "no StructuredOutput call" },
    );
    expect(runErrorKind({ state: judged.outcome.state, error: judged.outcome.error, result: judged.result })).toBe(
      "output_schema",
    );
    // claude ending without any result event, with an output_schema: the same judgement.
    const silent = judgeStructuredOutput(
      { output_schema: { type: "object" } },
      { state: "completed", finished_at: 1, exit_code: 0 },
      undefined,
    );
    expect(runErrorKind({ state: silent.outcome.state, result: silent.result })).toBe("output_schema");
  });

  it("a kill is killed, a timeout's kill is timeout", () => {
    expect(runErrorKind({ state: "killed" })).toBe("killed");
    expect(runErrorKind({ state: "killed", error: `${TIMEOUT_REASON_PREFIX}5 seconds (timeout_seconds)` })).toBe("timeout");
  });

  it.each(["running", "queued", "completed"] as const)("a %s run has none", (state) => {
    expect(runErrorKind({ state })).toBeUndefined();
  });
});

describe("a task's kind", () => {
  it("is its last run's once the task failed or was killed, and none while it runs or after a good follow-up", () => {
    const failed = { state: "error" as const, result: { is_error: true, subtype: "error_max_turns" } };
    expect(taskErrorKind({ status: "error", runs: [failed] })).toBe("max_turns");
    expect(taskErrorKind({ status: "completed", runs: [failed, { state: "completed" as const }] })).toBeUndefined();
    expect(taskErrorKind({ status: "running", runs: [failed, { state: "running" as const }] })).toBeUndefined();
    expect(taskErrorKind({ status: "killed", runs: [{ state: "killed" as const }] })).toBe("killed");
  });
});

/** fakeTask answers what the server would: openapi.yaml's TaskDetail, with its required runs and totals. */
import { describe, expect, it } from "vitest";
import { fakeTask } from "../src/index.js";

describe("fakeTask", () => {
  it("is a TaskDetail with the required runs and totals, its run in the task's status", () => {
    const task = fakeTask({ status: "completed" });
    expect(task.runs).toEqual([expect.objectContaining({ index: 0, state: "completed", cost_usd: 0 })]);
    expect(task.totals).toEqual({ total_cost_usd: 0, num_turns: 0, duration_ms: 0 });
  });

  it("refuses a fixture the server could never send", () => {
    expect(() => fakeTask({ status: "done" as never })).toThrow(/fakeTask: not a TaskDetail of openapi.yaml/);
    expect(() => fakeTask({ session_id: "not-a-uuid" })).toThrow(/session_id/);
  });
});

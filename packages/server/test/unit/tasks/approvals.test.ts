/**
 * Approvals in-process: the real run wrapper in tmux speaks the control protocol with a
 * stand-in claude; the domain shows the request, answers it once, refuses what it must, and
 * reads pending approvals back from disk after a restart of the store.
 */
import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { ApprovalFiles } from "../../../src/tasks/approvals/approval-files.js";
import { Approvals } from "../../../src/tasks/approvals/approvals.js";
import { TaskStore } from "../../../src/tasks/store/task-store.js";
import { TaskLocks } from "../../../src/tasks/task-locks.js";
import { silentLogger } from "../../../src/util/logger.js";
import { type Domain, startDomain } from "./harness.js";

let domain: Domain | undefined;
afterEach(async () => {
  await domain?.stop();
  domain = undefined;
});

const asking = { prompt: "deploy", permission_mode: "default" as const, approvals: true };

async function waitingTask(d: Domain) {
  const task = (await d.tasks.create(asking)).task;
  const waiting = await d.until(task.task_id, (t) => (t.pending_approvals?.length ?? 0) > 0);
  return { id: task.task_id, approval: waiting.pending_approvals?.[0] as NonNullable<typeof waiting.pending_approvals>[number] };
}

const log = (d: Domain, id: string) => readFileSync(d.paths.outputLog(id), "utf8");

describe("approvals", () => {
  it("shows the request, hands the answer (with changed input) to claude, and refuses a second answer", async () => {
    domain = await startDomain();
    const { id, approval } = await waitingTask(domain);
    expect(approval).toMatchObject({ run: 0, tool: "Bash", input: { command: "make deploy" } });
    const decision = await domain.tasks.answerApproval(id, approval.approval_id, {
      decision: "allow",
      updated_input: { command: "make deploy DRY_RUN=1" },
    });
    expect(decision).toMatchObject({ decision: "allow", by: "client", run: 0, tool: "Bash" });
    await expect(domain.tasks.answerApproval(id, approval.approval_id, { decision: "deny" })).rejects.toMatchObject({
      code: "approval_already_answered",
    });
    const done = await domain.finished(id);
    expect(done.status).toBe("completed");
    expect(done.pending_approvals).toBeUndefined();
    const lines = log(domain, id).split("\n");
    const seen = JSON.parse(lines.find((l) => l.includes('"answer_seen"')) as string);
    expect(seen.response).toMatchObject({
      subtype: "success",
      request_id: "req-1",
      response: { behavior: "allow", updatedInput: { command: "make deploy DRY_RUN=1" } },
    });
    // The control request itself is not output; the approval and its answer are.
    expect(lines.some((l) => l.includes('"control_request"'))).toBe(false);
    expect(lines.filter((l) => l.startsWith('{"type":"approval')).map((l) => JSON.parse(l).type)).toEqual([
      "approval",
      "approval_decision",
    ]);
  });

  it("says 404 for an approval the task never had, and refuses updated_input with a denial", async () => {
    domain = await startDomain();
    const { id, approval } = await waitingTask(domain);
    await expect(domain.tasks.answerApproval(id, "ap_nope", { decision: "allow" })).rejects.toMatchObject({
      code: "approval_not_found",
    });
    await expect(
      domain.tasks.answerApproval(id, approval.approval_id, { decision: "deny", updated_input: { command: "x" } }),
    ).rejects.toMatchObject({ code: "validation_failed" });
    await domain.tasks.answerApproval(id, approval.approval_id, { decision: "deny", message: "not now" });
    await domain.finished(id);
    const seen = JSON.parse(
      log(domain, id)
        .split("\n")
        .find((l) => l.includes('"answer_seen"')) as string,
    );
    expect(seen.response.response).toEqual({ behavior: "deny", message: "not now" });
  });

  it("denies by itself when approval_timeout_seconds runs out, and the late answer is a conflict", async () => {
    domain = await startDomain();
    const task = (await domain.tasks.create({ ...asking, approval_timeout_seconds: 1 })).task;
    const done = await domain.finished(task.task_id);
    expect(done.status).toBe("completed");
    const decision = JSON.parse(
      log(domain, task.task_id)
        .split("\n")
        .find((l) => l.includes('"approval_decision"')) as string,
    );
    expect(decision).toMatchObject({ decision: "deny", by: "timeout" });
    await expect(domain.tasks.answerApproval(task.task_id, decision.approval_id, { decision: "allow" })).rejects.toMatchObject({
      code: "approval_already_answered",
    });
  });

  it("closes the approvals of a killed run", async () => {
    domain = await startDomain();
    const { id, approval } = await waitingTask(domain);
    const killed = await domain.tasks.kill(id);
    expect(killed.pending_approvals).toBeUndefined();
    await expect(domain.tasks.answerApproval(id, approval.approval_id, { decision: "allow" })).rejects.toMatchObject({
      code: "approval_closed",
    });
  });

  it("reads pending approvals back from their files into a freshly loaded store (as after a restart)", async () => {
    domain = await startDomain();
    const { id, approval } = await waitingTask(domain);
    const store = new TaskStore(domain.paths, silentLogger);
    await store.load();
    expect(store.require(id).pending_approvals).toBeUndefined(); // never written to task.json
    await new Approvals(store, new ApprovalFiles(domain.paths), new TaskLocks(), silentLogger).refresh(id);
    expect(store.require(id).pending_approvals).toEqual([approval]);
    // Leave nothing running behind: the wrapper still waits for an answer.
    await domain.tasks.kill(id);
    await domain.finished(id);
  });

  it("refuses approvals with a permission mode that never asks", async () => {
    domain = await startDomain();
    await expect(domain.tasks.create({ prompt: "x", approvals: true })).rejects.toMatchObject({ code: "validation_failed" });
  });
});

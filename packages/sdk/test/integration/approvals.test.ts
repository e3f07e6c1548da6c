/**
 * Approvals through the SDK against the REAL server (real tmux, the real claude CLI, the
 * scripted model): follow() yields typed approval events, approve() and deny() answer them,
 * and a second answer is a ConflictError.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { startTestServer, type TestServer } from "@claude-task-api/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConflictError, createClient, type StreamEvent, type TaskApiClient } from "../../src/index.js";

let server: TestServer;
let client: TaskApiClient;

beforeAll(async () => {
  server = await startTestServer();
  client = createClient({ baseUrl: server.url, token: server.token });
});
afterAll(() => server?.stop());

describe("approvals", () => {
  it("follows a task, allowing the write (with changed input) and denying the command as they come", async () => {
    const task = await client.tasks.create({
      prompt: "@write sdk-approved.txt from-claude\n@bash rm -rf sdk-nothing\n@reply sdk done",
      permission_mode: "default",
      approvals: true,
    });
    const seen: StreamEvent[] = [];
    for await (const event of client.tasks.follow(task.task_id)) {
      seen.push(event);
      if (event.type !== "approval") continue;
      if (event.tool === "Write") {
        const decision = await client.tasks.approve(task.task_id, event.approval_id, {
          updatedInput: { ...event.input, content: "from-the-reviewer" },
        });
        expect(decision).toMatchObject({ decision: "allow", by: "client", tool: "Write" });
        await expect(client.tasks.deny(task.task_id, event.approval_id)).rejects.toBeInstanceOf(ConflictError);
      } else {
        await client.tasks.deny(task.task_id, event.approval_id, { message: "not from the SDK test" });
      }
    }
    const decisions = seen.filter((e) => e.type === "approval_decision");
    expect(decisions.map((e) => (e.type === "approval_decision" ? [e.tool, e.decision] : []))).toEqual([
      ["Write", "allow"],
      ["Bash", "deny"],
    ]);
    expect(readFileSync(path.join(server.workdirRoot, "sdk-approved.txt"), "utf8")).toBe("from-the-reviewer");
    const done = await client.tasks.wait(task.task_id);
    expect(done.status).toBe("completed");
    expect(done.result?.text).toBe("sdk done");
    expect(done.pending_approvals).toEqual([]);
  });
});

/**
 * The harness runs the server with its response check on: a response that breaks openapi.yaml
 * fails the suite when it stops the server, naming the response. Here a task record the server
 * accepts but the spec does not (a session id that is no UUID) makes one.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { startTestServer } from "../src/index.js";

describe("startTestServer's response check", () => {
  it("fails stop() with every response that broke openapi.yaml", async () => {
    const server = await startTestServer();
    const id = "1700000000-0000abcd";
    mkdirSync(path.join(server.tasksDir, id), { recursive: true });
    writeFileSync(
      path.join(server.tasksDir, id, "task.json"),
      JSON.stringify({
        task_id: id,
        session_id: "not-a-uuid",
        prompt: "seeded",
        workdir: "/tmp",
        status: "completed",
        created_at: 1700000000,
        finished_at: 1700000001,
        tmux_session: `claude-${id}`,
      }),
    );
    // The store reads the folder at start-up.
    await server.restart();
    const res = await fetch(`${server.url}/api/claude/tasks/${id}`, { headers: { authorization: `Bearer ${server.token}` } });
    expect(res.status).toBe(200);
    expect((await res.json()).session_id).toBe("not-a-uuid");
    // Recorded before the answer was sent.
    expect(server.responseViolations()).toEqual([expect.stringMatching(/"operationId":"getTask".*session_id/)]);
    await expect(server.stop()).rejects.toThrow(/1 response\(s\) broke openapi\.yaml:\n.*GET.*getTask.*session_id/);
  });

  it("leaves a server that keeps to the spec alone", async () => {
    const server = await startTestServer();
    for (const target of ["/healthz", "/api/claude/tasks", "/api/claude/tasks/1700000000-0000abcd", "/nowhere"]) {
      await (await fetch(`${server.url}${target}`, { headers: { authorization: `Bearer ${server.token}` } })).text();
    }
    expect(server.responseViolations()).toEqual([]);
    await server.stop();
  });
});

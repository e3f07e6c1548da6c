/**
 * The SDK's worktree and structured-result surface against the REAL server (real tmux, the
 * real claude CLI, the scripted model): a zod schema as outputSchema, tasks.diff in both
 * forms, and purge with deleteBranch.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { startTestServer, type TestServer } from "@claude-task-api/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { ConflictError, createClient, type TaskApiClient } from "../../src/index.js";

let server: TestServer;
let client: TaskApiClient;

beforeAll(async () => {
  server = await startTestServer();
  client = createClient({ baseUrl: server.url, token: server.token });
});
afterAll(() => server?.stop());

const git = (cwd: string, ...args: string[]) =>
  execFileSync("git", ["-c", "user.name=T", "-c", "user.email=t@example.com", "-C", cwd, ...args], { encoding: "utf8" }).trim();

describe("structured results", () => {
  it("sends a zod schema as JSON Schema and answers structured_output", async () => {
    const Verdict = z.object({ verdict: z.enum(["pass", "fail"]), score: z.number() });
    const task = await client.tasks.create({
      prompt: '@tool StructuredOutput {"verdict": "pass", "score": 0.9}',
      outputSchema: Verdict,
    });
    // What the server got is zod's JSON Schema (no $schema key), kept on run 0.
    expect(task.runs[0]?.options?.output_schema).toMatchObject({
      type: "object",
      properties: { verdict: { enum: ["pass", "fail"] }, score: { type: "number" } },
    });
    expect(task.runs[0]?.options?.output_schema).not.toHaveProperty("$schema");
    const done = await client.waitForTask<z.input<typeof Verdict>>(task.task_id);
    expect(done.status).toBe("completed");
    expect(Verdict.parse(done.result?.structured_output)).toEqual({ verdict: "pass", score: 0.9 });
  });
});

describe("worktrees", () => {
  it("diff (text and stat) and purge with deleteBranch", async () => {
    const repo = path.join(server.workdirRoot, "sdk-repo");
    mkdirSync(repo, { recursive: true });
    git(repo, "init", "-q");
    writeFileSync(path.join(repo, "a.txt"), "one\n");
    git(repo, "add", "-A");
    git(repo, "commit", "-q", "-m", "init");

    const task = await client.tasks.create({ prompt: "@write b.txt two\n@reply ok", workdir: "sdk-repo", isolation: "worktree" });
    expect(task.worktree?.branch).toBe(`claude/${task.task_id}`);
    await client.waitForTask(task.task_id);
    expect(await client.tasks.diff(task.task_id)).toContain("+++ b/b.txt");
    expect(await client.tasks.diff(task.task_id, { stat: true })).toEqual({
      base_commit: git(repo, "rev-parse", "HEAD"),
      files: [{ path: "b.txt", additions: 1, deletions: 0, status: "added" }],
    });
    await client.tasks.purge(task.task_id, { deleteBranch: true });
    expect(git(repo, "branch", "--list", "claude/*")).toBe("");

    const plain = await client.tasks.create({ prompt: "@reply x" });
    await expect(client.tasks.diff(plain.task_id)).rejects.toThrow(ConflictError);
  });
});

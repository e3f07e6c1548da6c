/**
 * `run --worktree [--base-ref]`, `diff [--stat]`, `purge --delete-branch` and `--output-schema`
 * as a subprocess against the REAL server (real tmux, real claude, scripted model).
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startTestServer, type TestServer } from "@claude-task-api/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BinaryResult, runBinary } from "../support/run-binary.js";

let server: TestServer;
let env: Record<string, string>;
let repo: string;
const cli = (...argv: string[]) => runBinary(argv, env);
const git = (...args: string[]) =>
  execFileSync("git", ["-c", "user.name=T", "-c", "user.email=t@example.com", "-C", repo, ...args], { encoding: "utf8" }).trim();

beforeAll(async () => {
  server = await startTestServer();
  env = { CLAUDE_TASKS_URL: server.url, CLAUDE_API_TOKEN: server.token, NO_COLOR: "1" };
  repo = join(server.workdirRoot, "cli-repo");
  mkdirSync(repo, { recursive: true });
  git("init", "-q", "-b", "main");
  writeFileSync(join(repo, "notes.txt"), "first\n");
  git("add", "-A");
  git("commit", "-q", "-m", "init");
  git("branch", "release");
});
afterAll(() => server?.stop());

function expectOk(result: BinaryResult, code = 0): void {
  if (result.code !== code)
    throw new Error(`exit ${result.code}, expected ${code}\nstdout: ${result.stdout}\nstderr: ${result.stderr}`);
}

describe("worktree tasks from the CLI", () => {
  it("run --worktree --base-ref, diff, diff --stat, diff --json, purge --delete-branch", async () => {
    const run = await cli(
      "run",
      "--wait",
      "--json",
      "--worktree",
      "--base-ref",
      "release",
      "--workdir",
      "cli-repo",
      "@write notes.txt changed\n@reply edited",
    );
    expectOk(run);
    const task = JSON.parse(run.stdout) as { task_id: string; worktree: { branch: string; base_commit: string } };
    expect(task.worktree.branch).toBe(`claude/${task.task_id}`);
    expect(task.worktree.base_commit).toBe(git("rev-parse", "release"));

    const show = await cli("show", task.task_id);
    expect(show.stdout).toMatch(new RegExp(`Worktree\\s+claude/${task.task_id} from ${task.worktree.base_commit.slice(0, 12)}`));
    const diff = await cli("diff", task.task_id);
    expectOk(diff);
    expect(diff.stdout).toContain("--- a/notes.txt\n+++ b/notes.txt\n");
    expect(diff.stdout).toContain("-first\n+changed");
    const stat = await cli("diff", "--stat", task.task_id);
    expectOk(stat);
    expect(stat.stdout).toMatch(/^STATUS\s+ADDED\s+DELETED\s+PATH\nmodified\s+\+1\s+-1\s+notes\.txt\n$/);
    const json = await cli("diff", "--json", task.task_id);
    expect(JSON.parse(json.stdout)).toEqual({
      base_commit: task.worktree.base_commit,
      files: [{ path: "notes.txt", additions: 1, deletions: 1, status: "modified" }],
    });

    expectOk(await cli("purge", "--delete-branch", task.task_id));
    expect(git("branch", "--list", "claude/*")).toBe("");
    expect(git("status", "--porcelain")).toBe("");
  });

  it("diff of a task without a worktree exits 6 with one line; --base-ref needs --worktree (exit 2)", async () => {
    const plain = await cli("run", "--wait", "--json", "@reply plain");
    const id = (JSON.parse(plain.stdout) as { task_id: string }).task_id;
    const diff = await cli("diff", id);
    expectOk(diff, 6);
    expect(diff.stderr.trim().split("\n")).toHaveLength(1);
    expect(diff.stderr).toMatch(/worktree/);
    const usage = await cli("run", "--base-ref", "main", "@reply x");
    expectOk(usage, 2);
    const outside = await cli("run", "--worktree", "@reply x");
    expect(outside.code).not.toBe(0);
    expect(outside.stderr).toMatch(/not inside a git repository/);
  });
});

describe("--output-schema", () => {
  it("sends the file's schema; the result carries structured_output", async () => {
    const file = join(server.workdirRoot, "schema.json");
    writeFileSync(file, JSON.stringify({ type: "object", properties: { ok: { type: "boolean" } }, required: ["ok"] }));
    const run = await cli("run", "--wait", "--json", "--output-schema", file, '@tool StructuredOutput {"ok": true}');
    expectOk(run);
    const task = JSON.parse(run.stdout) as { task_id: string; result: { structured_output: unknown } };
    expect(task.result.structured_output).toEqual({ ok: true });
    const show = await cli("show", task.task_id);
    expect(show.stdout).toContain('Structured result\n{\n  "ok": true\n}');

    writeFileSync(join(server.workdirRoot, "bad.json"), "[1, 2]");
    const bad = await cli("run", "--output-schema", join(server.workdirRoot, "bad.json"), "@reply x");
    expectOk(bad, 2);
    expect(bad.stderr).toMatch(/JSON Schema object/);
    const missing = await cli("run", "--output-schema", join(server.workdirRoot, "nope.json"), "@reply x");
    expectOk(missing, 2);
    expect(missing.stderr).toMatch(/cannot read/);
  });
});

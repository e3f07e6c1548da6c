/**
 * Isolated worktrees with the real claude CLI and real tmux: two tasks in one repository
 * edit files through real tool calls, each in its own worktree and branch, and the person's
 * checkout stays as it was. Diffs, purge (branch kept or deleted) and the refusals.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { startTestServer, type TestServer } from "@claude-task-api/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api } from "../helpers/api.js";
import { http } from "../helpers/http.js";

const WEBHOOK_SECRET = "webhook-secret-git-must-never-see";
let server: TestServer;
let t: ReturnType<typeof api>;
let repo: string;

const git = (cwd: string, ...args: string[]) =>
  execFileSync("git", ["-c", "user.name=Test", "-c", "user.email=test@example.com", "-C", cwd, ...args], {
    encoding: "utf8",
  }).trim();
const branchExists = (name: string) => git(repo, "branch", "--list", name) !== "";

beforeAll(async () => {
  // The /oauth door is checked too: it trusts the proxy's identity headers only when told to.
  server = await startTestServer({ env: { TRUST_PROXY_HEADERS: "true", WEBHOOK_SECRET } });
  t = api(server);
  repo = path.join(server.workdirRoot, "repo");
  mkdirSync(path.join(repo, "src"), { recursive: true });
  git(repo, "init", "-q", "-b", "main");
  writeFileSync(path.join(repo, "README.md"), "original\n");
  writeFileSync(path.join(repo, "src", "keep.txt"), "keep\n");
  git(repo, "add", "-A");
  git(repo, "commit", "-q", "-m", "initial");
});
afterAll(() => server?.stop());

describe("isolation: worktree", () => {
  it("runs two tasks of one repository in separate worktrees; each diff holds only its own edit", async () => {
    const head = git(repo, "rev-parse", "HEAD");
    const [a, b] = await Promise.all([
      t.create({ prompt: "@write a.txt written by task A\n@reply done A", workdir: "repo", isolation: "worktree" }),
      t.create({ prompt: "@write README.md changed by task B\n@reply done B", workdir: "repo", isolation: "worktree" }),
    ]);
    expect(a.status, a.text).toBe(201);
    expect(b.status, b.text).toBe(201);
    const ids = [a.json.task_id as string, b.json.task_id as string];
    for (const [i, created] of [a, b].entries()) {
      const id = ids[i] as string;
      expect(created.json.worktree).toEqual({
        path: path.join(server.tasksDir, id, "worktree"),
        branch: `claude/${id}`,
        base_commit: head,
        repository: repo,
      });
      expect(created.json.workdir).toBe(created.json.worktree.path);
    }
    const [doneA, doneB] = await Promise.all(ids.map((id) => t.finished(id)));
    expect(doneA.status).toBe("completed");
    expect(doneB.status).toBe("completed");

    const wtA = doneA.worktree.path as string;
    const wtB = doneB.worktree.path as string;
    expect(readFileSync(path.join(wtA, "a.txt"), "utf8")).toBe("written by task A");
    expect(readFileSync(path.join(wtB, "README.md"), "utf8")).toBe("changed by task B");
    // Neither sees the other's edit, and the person's checkout is as it was.
    expect(existsSync(path.join(wtB, "a.txt"))).toBe(false);
    expect(readFileSync(path.join(wtA, "README.md"), "utf8")).toBe("original\n");
    expect(existsSync(path.join(repo, "a.txt"))).toBe(false);
    expect(readFileSync(path.join(repo, "README.md"), "utf8")).toBe("original\n");
    expect(git(repo, "status", "--porcelain")).toBe("");
    expect(git(repo, "rev-parse", "--abbrev-ref", "HEAD")).toBe("main");

    const diffA = await t.call("GET", `/api/claude/tasks/${ids[0]}/diff`);
    expect(diffA.status).toBe(200);
    expect(diffA.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(diffA.text).toContain("+++ b/a.txt");
    expect(diffA.text).toContain("+written by task A");
    expect(diffA.text).not.toContain("README.md");
    const diffB = await t.call("GET", `/api/claude/tasks/${ids[1]}/diff`);
    expect(diffB.text).toContain("--- a/README.md");
    expect(diffB.text).toContain("-original");
    expect(diffB.text).toContain("+changed by task B");
    expect(diffB.text).not.toContain("a.txt");

    const statA = await t.call("GET", `/api/claude/tasks/${ids[0]}/diff?stat=true`);
    expect(statA.json).toEqual({ base_commit: head, files: [{ path: "a.txt", additions: 1, deletions: 0, status: "added" }] });
    const statB = await t.call("GET", `/api/claude/tasks/${ids[1]}/diff?stat=true`);
    expect(statB.json.files).toEqual([{ path: "README.md", additions: 1, deletions: 1, status: "modified" }]);
    // Taking a diff changed nothing in the worktree's own index.
    expect(git(wtA, "status", "--porcelain")).toBe("?? a.txt");

    // The browser door serves it too.
    const viaOauth = await http(server.url, "GET", `/oauth/api/claude/tasks/${ids[0]}/diff?stat=true`, {
      headers: { "X-Auth-Request-User": "someone" },
    });
    expect(viaOauth.json).toEqual(statA.json);

    // A follow-up runs in the same worktree; a commit there still shows in the diff.
    await t.message(
      ids[0] as string,
      "@bash git add a.txt && git -c user.name=T -c user.email=t@e commit -q -m A\n@write second.txt more from A",
    );
    expect((await t.finished(ids[0] as string)).status).toBe("completed");
    expect(git(wtA, "log", "-1", "--format=%s")).toBe("A");
    const afterFollowup = await t.call("GET", `/api/claude/tasks/${ids[0]}/diff?stat=true`);
    expect(afterFollowup.json.files.map((f: { path: string }) => f.path)).toEqual(["a.txt", "second.txt"]);
    expect(git(repo, "status", "--porcelain")).toBe("");

    // Purge removes the worktree and keeps the branch (and its commit)...
    const purgedA = await t.call("DELETE", `/api/claude/tasks/${ids[0]}?purge=true`);
    expect(purgedA.json).toEqual({ task_id: ids[0], purged: true });
    expect(existsSync(wtA)).toBe(false);
    expect(git(repo, "worktree", "list")).not.toContain(wtA);
    expect(branchExists(`claude/${ids[0]}`)).toBe(true);
    expect(git(repo, "log", "-1", "--format=%s", `claude/${ids[0]}`)).toBe("A");
    // ...unless asked to delete it.
    await t.call("DELETE", `/api/claude/tasks/${ids[1]}?purge=true&delete_branch=true`);
    expect(existsSync(wtB)).toBe(false);
    expect(branchExists(`claude/${ids[1]}`)).toBe(false);
    expect(git(repo, "worktree", "list")).not.toContain(wtB);
  });

  it("starts the branch from base_ref and runs in the same subfolder of the worktree", async () => {
    git(repo, "branch", "feature", "main");
    writeFileSync(path.join(repo, "feature.txt"), "feature\n");
    git(repo, "add", "feature.txt");
    git(repo, "commit", "-q", "-m", "on main only");
    const base = git(repo, "rev-parse", "feature");
    // The person is in the middle of an edit: the task neither sees it nor disturbs it.
    writeFileSync(path.join(repo, "README.md"), "original\nmy unsaved work\n");
    const created = await t.create({
      prompt: "@write here.txt x\n@reply ok",
      workdir: "repo/src",
      isolation: "worktree",
      base_ref: "feature",
    });
    expect(created.status).toBe(201);
    expect(created.json.worktree.base_commit).toBe(base);
    expect(created.json.workdir).toBe(path.join(created.json.worktree.path, "src"));
    await t.finished(created.json.task_id);
    const stat = await t.call("GET", `/api/claude/tasks/${created.json.task_id}/diff?stat=true`);
    expect(stat.json.files).toEqual([{ path: "src/here.txt", additions: 1, deletions: 0, status: "added" }]);
    expect(readFileSync(path.join(created.json.worktree.path, "README.md"), "utf8")).toBe("original\n");
    expect(readFileSync(path.join(repo, "README.md"), "utf8")).toBe("original\nmy unsaved work\n");
    expect(git(repo, "status", "--porcelain")).toBe("M README.md");
    expect(git(repo, "rev-parse", "--abbrev-ref", "HEAD")).toBe("main");
  });

  it("refuses a workdir outside any repository, a base_ref that names no commit, and base_ref alone", async () => {
    mkdirSync(path.join(server.workdirRoot, "plain"), { recursive: true });
    const plain = await t.create({ prompt: "@reply x", workdir: "plain", isolation: "worktree" });
    expect(plain.status).toBe(400);
    expect(plain.json.code).toBe("not_a_git_repository");
    const badRef = await t.create({ prompt: "@reply x", workdir: "repo", isolation: "worktree", base_ref: "no-such-branch" });
    expect(badRef.status).toBe(400);
    expect(badRef.json).toMatchObject({ code: "invalid_base_ref", error: expect.stringContaining("no-such-branch") });
    const optionLike = await t.create({
      prompt: "@reply x",
      workdir: "repo",
      isolation: "worktree",
      base_ref: "--output=/tmp/x",
    });
    expect(optionLike.status).toBe(400);
    expect(optionLike.json.code).toBe("validation_failed");
    const alone = await t.create({ prompt: "@reply x", workdir: "repo", base_ref: "main" });
    expect(alone.status).toBe(400);
    expect(alone.json.code).toBe("validation_failed");
    // Nothing was created for the refused requests.
    expect(git(repo, "branch", "--list", "claude/*").split("\n").filter(Boolean)).toHaveLength(2);
  });

  it("answers 500 with git's reason when git cannot make the worktree, logs it, and leaves nothing behind", async () => {
    // A repository whose administrative folder for worktrees cannot be made: git refuses.
    const broken = path.join(server.workdirRoot, "broken");
    mkdirSync(broken);
    git(broken, "init", "-q", "-b", "main");
    git(broken, "commit", "-q", "--allow-empty", "-m", "initial");
    writeFileSync(path.join(broken, ".git", "worktrees"), "not a folder\n");
    const tasksBefore = readdirSync(server.tasksDir).sort();
    const created = await t.create({ prompt: "@reply x", workdir: "broken", isolation: "worktree" });
    expect(created.status).toBe(500);
    expect(created.json).toMatchObject({
      code: "internal_error",
      error: expect.stringMatching(/^Could not create the task's worktree: git worktree failed/),
    });
    const [logged] = await server.waitForLog(
      "the failed request",
      (line) => line.level === "error" && line.msg === "request failed",
    );
    expect(logged).toMatchObject({ path: "/api/claude/tasks", error: created.json.error });
    expect(readdirSync(server.tasksDir).sort()).toEqual(tasksBefore);
    expect(git(broken, "branch", "--list", "claude/*")).toBe("");
  });

  it("refuses a worktree of a repository that encloses WORKDIR_ROOT (it would hold files from outside the root)", async () => {
    const narrowRoot = path.join(repo, "src");
    const branchesBefore = git(repo, "branch", "--list", "claude/*");
    await server.restart({ WORKDIR_ROOT: narrowRoot, DEFAULT_WORKDIR: narrowRoot });
    try {
      const created = await t.create({ prompt: "@reply x", workdir: narrowRoot, isolation: "worktree" });
      expect(created.status, created.text).toBe(400);
      expect(created.json).toMatchObject({
        code: "invalid_workdir",
        error: `the repository holding the workdir must be inside ${narrowRoot} for a worktree: ${repo} is not`,
      });
      expect(git(repo, "branch", "--list", "claude/*")).toBe(branchesBefore);
      // A task without a worktree may still run there: its files are the root's.
      expect((await t.create({ prompt: "@reply x", workdir: narrowRoot })).status).toBe(201);
    } finally {
      await server.restart({ WORKDIR_ROOT: server.workdirRoot, DEFAULT_WORKDIR: server.workdirRoot });
    }
  });

  it("runs none of the filters a repository configures, neither making the worktree nor taking its diff", async () => {
    const evil = path.join(server.workdirRoot, "evil");
    const marks = path.join(server.root, "filter-marks");
    mkdirSync(evil);
    mkdirSync(marks);
    git(evil, "init", "-q", "-b", "main");
    writeFileSync(path.join(evil, ".gitattributes"), "* filter=evil\n");
    writeFileSync(path.join(evil, "file.txt"), "tracked\n");
    git(evil, "add", "-A");
    git(evil, "commit", "-q", "-m", "init");
    // Configured after the commit, so that only the server's git could run them: each dumps
    // the environment it got (the server's would hold WEBHOOK_SECRET).
    git(evil, "config", "filter.evil.clean", `env > ${path.join(marks, "clean")}; cat`);
    git(evil, "config", "filter.evil.smudge", `env > ${path.join(marks, "smudge")}; cat`);
    const created = await t.create({ prompt: "@write file.txt edited\n@reply ok", workdir: "evil", isolation: "worktree" });
    expect(created.status, created.text).toBe(201);
    expect((await t.finished(created.json.task_id)).status).toBe("completed");
    const diff = await t.call("GET", `/api/claude/tasks/${created.json.task_id}/diff`);
    expect(diff.status).toBe(200);
    expect(diff.text).toContain("-tracked\n+edited");
    expect(readdirSync(marks)).toEqual([]);
  });

  it("answers 409 no_worktree for the diff of a task that has no worktree", async () => {
    const created = await t.create({ prompt: "@reply plain task", workdir: "repo" });
    const diff = await t.call("GET", `/api/claude/tasks/${created.json.task_id}/diff`);
    expect(diff.status).toBe(409);
    expect(diff.json.code).toBe("no_worktree");
    expect(created.json.worktree).toBeUndefined();
  });
});

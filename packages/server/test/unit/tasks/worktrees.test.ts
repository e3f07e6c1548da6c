/**
 * The worktree domain with real git on a scratch repository (no server, no claude): what
 * counts as a repository and a base, what the diff holds, that reading it changes nothing,
 * that the repository's hooks never run, and removal.
 */
import { execFileSync } from "node:child_process";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "../../../src/errors.js";
import { TaskPaths } from "../../../src/tasks/store/task-paths.js";
import { gitEnvironment } from "../../../src/tasks/worktrees/git.js";
import { addWorktree, planWorktree, removeWorktree, type WorktreeRecord } from "../../../src/tasks/worktrees/task-worktree.js";
import { TaskWorktrees } from "../../../src/tasks/worktrees/task-worktrees.js";
import { worktreeDiff, worktreeDiffStat } from "../../../src/tasks/worktrees/worktree-diff.js";
import { silentLogger } from "../../../src/util/logger.js";

const root = mkdtempSync(path.join(tmpdir(), "cta-worktrees-"));
const repo = path.join(root, "repo");
const git = (cwd: string, ...args: string[]) =>
  execFileSync("git", ["-c", "user.name=T", "-c", "user.email=t@example.com", "-C", cwd, ...args], { encoding: "utf8" }).trim();
const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => "resolved",
    (err: unknown) => (err instanceof AppError ? err.code : String(err)),
  );

beforeAll(() => {
  mkdirSync(path.join(repo, "sub"), { recursive: true });
  git(repo, "init", "-q", "-b", "main");
  writeFileSync(path.join(repo, "keep.txt"), "one\ntwo\nthree\n");
  writeFileSync(path.join(repo, "gone.txt"), "bye\n");
  writeFileSync(path.join(repo, "sub", "edit.txt"), "before\n");
  writeFileSync(path.join(repo, ".gitignore"), "*.log\n");
  git(repo, "add", "-A");
  git(repo, "commit", "-q", "-m", "init");
  // A hook that would leave a mark if the server ran it.
  const hook = path.join(repo, ".git", "hooks", "post-checkout");
  writeFileSync(hook, `#!/bin/sh\ntouch ${path.join(root, "hook-ran")}\n`);
  chmodSync(hook, 0o755);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("planWorktree", () => {
  it("finds the repository and the workdir's place in it, from HEAD or base_ref", async () => {
    const head = git(repo, "rev-parse", "HEAD");
    expect(await planWorktree(path.join(repo, "sub"), undefined, root)).toEqual({
      repository: repo,
      prefix: "sub/",
      base_commit: head,
    });
    expect((await planWorktree(repo, "main", root)).base_commit).toBe(head);
    expect((await planWorktree(repo, head.slice(0, 10), root)).base_commit).toBe(head);
  });

  it("refuses a folder outside a repository, a repository without commits, and refs that name no commit", async () => {
    const plain = path.join(root, "plain");
    mkdirSync(plain);
    expect(await codeOf(planWorktree(plain, undefined, root))).toBe("not_a_git_repository");
    expect(await codeOf(planWorktree(path.join(repo, ".git"), undefined, root))).toBe("not_a_git_repository");
    const empty = path.join(root, "empty");
    mkdirSync(empty);
    git(empty, "init", "-q");
    expect(await codeOf(planWorktree(empty, undefined, root))).toBe("invalid_base_ref");
    for (const ref of ["nope", "main:keep.txt", "main..main", `${git(repo, "rev-parse", "HEAD:keep.txt")}`]) {
      expect(await codeOf(planWorktree(repo, ref, root))).toBe("invalid_base_ref");
    }
  });
});

describe("TaskWorktrees.plan and WORKDIR_ROOT", () => {
  const worktrees = new TaskWorktrees(new TaskPaths(path.join(root, "tasks")), silentLogger);
  const request = { isolation: "worktree" as const };

  it("accepts a repository inside the root, or that is the root", async () => {
    expect((await worktrees.plan(request, path.join(repo, "sub"), root))?.repository).toBe(repo);
    expect((await worktrees.plan(request, repo, repo))?.repository).toBe(repo);
  });

  it("refuses a repository that encloses the root, and one whose core.worktree points above it", async () => {
    expect(await codeOf(worktrees.plan(request, path.join(repo, "sub"), path.join(repo, "sub")))).toBe("invalid_workdir");
    const pointsUp = path.join(root, "up", "inner");
    mkdirSync(pointsUp, { recursive: true });
    git(pointsUp, "init", "-q");
    git(pointsUp, "config", "core.worktree", root);
    git(pointsUp, "commit", "-q", "--allow-empty", "-m", "x");
    expect(await codeOf(worktrees.plan(request, pointsUp, pointsUp))).toBe("invalid_workdir");
  });
});

describe("a worktree's diff", () => {
  let wt: WorktreeRecord;

  beforeAll(async () => {
    const created = await addWorktree(
      await planWorktree(path.join(repo, "sub"), undefined, root),
      "1700000000-0000000a",
      path.join(root, "t", "worktree"),
    );
    wt = created.worktree;
    expect(created.workdir).toBe(path.join(wt.path, "sub"));
    // Committed, staged, unstaged, deleted, new, binary and ignored changes.
    writeFileSync(path.join(wt.path, "committed.txt"), "c\n");
    git(wt.path, "add", "committed.txt");
    git(wt.path, "commit", "-q", "-m", "on the branch");
    writeFileSync(path.join(wt.path, "keep.txt"), "one\nTWO\nthree\nfour\n");
    git(wt.path, "add", "keep.txt");
    writeFileSync(path.join(wt.path, "sub", "edit.txt"), "after\n");
    unlinkSync(path.join(wt.path, "gone.txt"));
    writeFileSync(path.join(wt.path, "new.txt"), "brand new\n");
    writeFileSync(path.join(wt.path, "image.bin"), Buffer.from([0, 1, 2, 0, 255]));
    writeFileSync(path.join(wt.path, "debug.log"), "ignored\n");
  });

  it("never runs the repository's hooks", () => {
    expect(existsSync(path.join(root, "hook-ran"))).toBe(false);
    expect(git(repo, "status", "--porcelain")).toBe("");
  });

  it("summarises every change against the base commit, ignored files left out", async () => {
    const files = await worktreeDiffStat(wt);
    expect(files).toEqual([
      { path: "committed.txt", additions: 1, deletions: 0, status: "added" },
      { path: "gone.txt", additions: 0, deletions: 1, status: "deleted" },
      { path: "image.bin", additions: 0, deletions: 0, status: "added", binary: true },
      { path: "keep.txt", additions: 2, deletions: 1, status: "modified" },
      { path: "new.txt", additions: 1, deletions: 0, status: "added" },
      { path: "sub/edit.txt", additions: 1, deletions: 1, status: "modified" },
    ]);
  });

  it("answers a unified diff and leaves the worktree and its index as they were", async () => {
    const statusBefore = git(wt.path, "status", "--porcelain");
    const stagedBefore = git(wt.path, "diff", "--cached", "--name-only");
    const diff = await worktreeDiff(wt);
    expect(diff).toContain("diff --git a/new.txt b/new.txt\nnew file mode 100644");
    expect(diff).toContain("+brand new");
    expect(diff).toContain("-two\n+TWO");
    expect(diff).toContain("Binary files /dev/null and b/image.bin differ");
    expect(diff).not.toContain("debug.log");
    expect(git(wt.path, "status", "--porcelain")).toBe(statusBefore);
    expect(git(wt.path, "diff", "--cached", "--name-only")).toBe(stagedBefore);
  });

  it("is no_worktree for a task without one or whose folder is gone; removal keeps or deletes the branch", async () => {
    expect(await codeOf(worktreeDiff(undefined))).toBe("no_worktree");
    const other = (
      await addWorktree(await planWorktree(repo, undefined, root), "1700000000-0000000b", path.join(root, "u", "worktree"))
    ).worktree;
    rmSync(other.path, { recursive: true, force: true });
    expect(await codeOf(worktreeDiffStat(other))).toBe("no_worktree");
    await removeWorktree(other, { deleteBranch: false });
    expect(git(repo, "worktree", "list")).not.toContain(other.path);
    expect(git(repo, "branch", "--list", other.branch)).not.toBe("");

    await removeWorktree(wt, { deleteBranch: true });
    expect(existsSync(wt.path)).toBe(false);
    expect(git(repo, "branch", "--list", wt.branch)).toBe("");
    expect(git(repo, "status", "--porcelain")).toBe("");
  });
});

describe("commands the repository configures", () => {
  const evil = path.join(root, "evil");
  const marks = path.join(root, "marks");
  const SECRET = "server-secret-that-git-never-sees";

  beforeAll(() => {
    mkdirSync(evil);
    mkdirSync(marks);
    git(evil, "init", "-q", "-b", "main");
    writeFileSync(path.join(evil, ".gitattributes"), "* filter=evil diff=evil\n");
    writeFileSync(path.join(evil, "file.txt"), "tracked\n");
    git(evil, "add", "-A");
    git(evil, "commit", "-q", "-m", "init");
    // Set after the commit, so that only the server's git could run them.
    const mark = (name: string) => `env > ${path.join(marks, name)}; cat`;
    git(evil, "config", "filter.evil.clean", mark("clean"));
    git(evil, "config", "filter.evil.smudge", mark("smudge"));
    git(evil, "config", "filter.evil.required", "true");
    git(evil, "config", "diff.evil.textconv", `sh -c '${mark("textconv")}' --`);
    git(evil, "config", "diff.external", path.join(marks, "no-such-program"));
  });

  it("runs no filter, textconv or external diff when making a worktree and taking its diff", async () => {
    process.env.TASK_API_TEST_SECRET = SECRET;
    try {
      const { worktree } = await addWorktree(
        await planWorktree(evil, undefined, root),
        "1700000000-0000000c",
        path.join(root, "e", "worktree"),
      );
      expect(readFileSync(path.join(worktree.path, "file.txt"), "utf8")).toBe("tracked\n");
      writeFileSync(path.join(worktree.path, "file.txt"), "changed\n");
      writeFileSync(path.join(worktree.path, "new.txt"), "new\n");
      const diff = await worktreeDiff(worktree);
      expect(diff).toContain("-tracked\n+changed");
      expect(diff).toContain("+new");
      expect((await worktreeDiffStat(worktree)).map((f) => f.path)).toEqual(["file.txt", "new.txt"]);
      expect(readdirSync(marks)).toEqual([]);
    } finally {
      delete process.env.TASK_API_TEST_SECRET;
    }
  });

  it("gives git PATH and its own settings only, never the server's environment", () => {
    process.env.TASK_API_TEST_SECRET = SECRET;
    try {
      const env = gitEnvironment();
      expect(Object.values(env)).not.toContain(SECRET);
      expect(Object.keys(env).sort()).toEqual(
        [
          "GIT_ATTR_NOSYSTEM",
          "GIT_CONFIG_GLOBAL",
          "GIT_CONFIG_NOSYSTEM",
          "GIT_OPTIONAL_LOCKS",
          "GIT_TERMINAL_PROMPT",
          "LC_ALL",
          "PATH",
        ].sort(),
      );
    } finally {
      delete process.env.TASK_API_TEST_SECRET;
    }
  });
});

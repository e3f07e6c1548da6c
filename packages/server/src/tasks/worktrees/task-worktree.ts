/**
 * Isolated worktrees: a task created with `isolation: "worktree"` runs in a new git worktree
 * of the repository that holds its workdir, on its own branch, in a folder the server owns.
 * Two such tasks never see each other's edits and the person's own checkout stays as it was.
 * Domain code: throws AppError, knows nothing of HTTP.
 */
import { realpath } from "node:fs/promises";
import path from "node:path";
import { AppError } from "../../errors.js";
import type { Worktree } from "../../generated/schemas.js";
import { isWithin } from "../lifecycle/workdir.js";
import { withConfigFreeGit } from "./config-free.js";
import { GitError, git } from "./git.js";

/** What the task record keeps about its worktree: openapi.yaml `Worktree`. */
export type WorktreeRecord = Worktree;

/** A checked request for a worktree, before anything was created. */
export interface WorktreePlan {
  repository: string;
  /** Where the workdir sits inside the repository ("" at its top, else ending in "/"). */
  prefix: string;
  base_commit: string;
}

/** The branch a task's worktree is on. */
export const worktreeBranch = (taskId: string) => `claude/${taskId}`;

/**
 * Finds the repository holding `workdir` and the commit to start from (`baseRef`, default
 * HEAD). Throws `not_a_git_repository`, `invalid_workdir` or `invalid_base_ref`.
 *
 * The repository must lie inside `workdirRoot` as a whole: a worktree holds every file of its
 * repository, so one that encloses the root (a home folder kept in git, a `core.worktree`
 * pointing up) would hand the task files from outside it.
 */
export async function planWorktree(workdir: string, baseRef: string | undefined, workdirRoot: string): Promise<WorktreePlan> {
  let repository: string;
  let prefix: string;
  try {
    const [top = "", pre = ""] = (await git(workdir, ["rev-parse", "--show-toplevel", "--show-prefix"])).split("\n");
    repository = top;
    prefix = pre;
  } catch (err) {
    if (!(err instanceof GitError)) throw err;
    throw new AppError("not_a_git_repository", `workdir is not inside a git repository (with a work tree): ${workdir}`);
  }
  if (!repository) throw new AppError("not_a_git_repository", `workdir is not inside a git work tree: ${workdir}`);
  const [realRepository, root] = await Promise.all([realpath(repository).catch(() => repository), realpath(workdirRoot)]);
  if (!isWithin(realRepository, root)) {
    throw new AppError(
      "invalid_workdir",
      `the repository holding the workdir must be inside ${root} for a worktree: ${repository} is not`,
    );
  }
  const ref = baseRef ?? "HEAD";
  // The schema already refuses a leading "-"; --end-of-options makes sure no ref is read as an option.
  const commit = await git(repository, ["rev-parse", "--verify", "--quiet", "--end-of-options", `${ref}^{commit}`]).catch(
    (err: unknown) => {
      if (!(err instanceof GitError)) throw err;
      const why =
        baseRef === undefined ? "the repository has no commit at HEAD yet" : `base_ref does not name a commit: ${baseRef}`;
      throw new AppError("invalid_base_ref", why);
    },
  );
  return { repository, prefix, base_commit: commit.trim() };
}

/** Creates the worktree at `folder` on the task's new branch; answers its record and the task's workdir inside it. */
export async function addWorktree(
  plan: WorktreePlan,
  taskId: string,
  folder: string,
): Promise<{ worktree: WorktreeRecord; workdir: string }> {
  const branch = worktreeBranch(taskId);
  // --no-checkout: git's own checkout would run the smudge filters the repository configures;
  // the files are written below by git without the repository's config.
  const add = ["worktree", "add", "--quiet", "--no-checkout", "--no-track", "-b", branch, "--", folder, plan.base_commit];
  try {
    await git(plan.repository, add);
  } catch (err) {
    // `-b` makes the branch before the worktree, so a failure after it leaves the branch
    // behind. Deleted only while it still points at the base commit, as it was just made.
    await git(plan.repository, ["update-ref", "-d", `refs/heads/${branch}`, plan.base_commit]).catch(() => {});
    throw err;
  }
  const worktree = { path: folder, branch, base_commit: plan.base_commit, repository: plan.repository };
  try {
    await checkOut(folder, plan.base_commit);
  } catch (err) {
    await removeWorktree(worktree, { deleteBranch: true }).catch(() => {});
    throw err;
  }
  return {
    worktree,
    // resolve, not join: the prefix ends in "/" and the workdir must not.
    workdir: path.resolve(folder, plan.prefix),
  };
}

/** Writes `commit`'s files into the new worktree `folder` and its index, with no filter run. */
async function checkOut(folder: string, commit: string): Promise<void> {
  const index = (await git(folder, ["rev-parse", "--path-format=absolute", "--git-path", "index"])).trim();
  await withConfigFreeGit(folder, (env) =>
    git(folder, ["read-tree", "--reset", "-u", commit], { ...env, GIT_INDEX_FILE: index }),
  );
}

/**
 * Removes the worktree (uncommitted changes included: the task is being purged) and git's
 * record of it; deletes the branch only when asked. A repository that is gone is not an error.
 */
export async function removeWorktree(worktree: WorktreeRecord, options: { deleteBranch: boolean }): Promise<void> {
  const { repository } = worktree;
  await git(repository, ["worktree", "remove", "--force", "--force", "--", worktree.path]).catch((err: unknown) => {
    // Already removed by hand: prune below forgets it.
    if (!(err instanceof GitError)) throw err;
  });
  await git(repository, ["worktree", "prune"]);
  if (options.deleteBranch) await git(repository, ["branch", "--delete", "--force", "--", worktree.branch]);
}

/**
 * What a worktree task changed against its base commit: committed, staged and unstaged
 * changes and new files (those .gitignore does not exclude). Taken through a throwaway copy
 * of the worktree's index, so neither the worktree nor its index changes while Claude works.
 */
import { access, copyFile, rm, stat, utimes } from "node:fs/promises";
import path from "node:path";
import { AppError } from "../../errors.js";
import type { DiffStat } from "../../generated/schemas.js";
import { withConfigFreeGit } from "./config-free.js";
import { GitError, git } from "./git.js";
import type { WorktreeRecord } from "./task-worktree.js";

/** One changed file: openapi.yaml `DiffStat.files`. */
export type DiffFile = DiffStat["files"][number];

const STATUS_BY_LETTER: Record<string, DiffFile["status"]> = { A: "added", M: "modified", D: "deleted", T: "type_changed" };

/** Shared options: plain git output whatever the repository configures, renames shown as add + delete. */
const DIFF_OPTIONS = ["--cached", "--no-color", "--no-ext-diff", "--no-textconv", "--no-renames"];

async function requireWorktree(worktree: WorktreeRecord | undefined): Promise<WorktreeRecord> {
  if (!worktree) throw new AppError("no_worktree", "This task has no worktree (it was not created with isolation: worktree)");
  const present = await access(worktree.path).then(
    () => true,
    () => false,
  );
  if (!present) throw new AppError("no_worktree", `The task's worktree is gone: ${worktree.path}`);
  return worktree;
}

/**
 * Runs `git diff` with each of `diffArgs` against one index holding everything in the
 * worktree, built and read by git without the repository's config (config-free.ts): a
 * repository whose config names a clean filter must not make the server run it.
 */
function diffEverything(worktree: WorktreeRecord, ...diffArgs: string[][]): Promise<string[]> {
  return withConfigFreeGit(worktree.path, async (configFree, scratch) => {
    const index = path.join(scratch, "index");
    const env = { ...configFree, GIT_INDEX_FILE: index };
    const realIndex = (await git(worktree.path, ["rev-parse", "--path-format=absolute", "--git-path", "index"])).trim();
    // Starting from the real index lets git skip rehashing files whose stat data is unchanged.
    // The copy keeps the index's own mtime: git rehashes an entry whose file is not older than
    // its index ("racy git"), and a file rewritten within the clock tick of its checkout, at the
    // same size, has the same stat data; a copy dated now would hide that change.
    await copyIndex(realIndex, index).catch(() => undefined);
    await git(worktree.path, ["add", "--all", "--", "."], env).catch(async (err: unknown) => {
      // A split index names a shared file in the real git directory, which the scratch one
      // lacks: then everything is hashed from scratch.
      if (!(err instanceof GitError)) throw err;
      await rm(index, { force: true });
      await git(worktree.path, ["add", "--all", "--", "."], env);
    });
    const outputs: string[] = [];
    for (const args of diffArgs)
      outputs.push(await git(worktree.path, ["diff", ...DIFF_OPTIONS, ...args, worktree.base_commit, "--"], env));
    return outputs;
  });
}

async function copyIndex(from: string, to: string): Promise<void> {
  await copyFile(from, to);
  const { atime, mtime } = await stat(from);
  await utimes(to, atime, mtime);
}

/** The unified diff of the task's worktree against its base commit. */
export async function worktreeDiff(worktree: WorktreeRecord | undefined): Promise<string> {
  const [diff = ""] = await diffEverything(await requireWorktree(worktree), []);
  return diff;
}

/** One entry per changed file: lines added and deleted, and how the file changed. */
export async function worktreeDiffStat(worktree: WorktreeRecord | undefined): Promise<DiffFile[]> {
  const wt = await requireWorktree(worktree);
  const [numstat = "", names = ""] = await diffEverything(wt, ["--numstat", "-z"], ["--name-status", "-z"]);
  const statuses = new Map<string, DiffFile["status"]>();
  const nameFields = names.split("\0");
  for (let i = 0; i + 1 < nameFields.length; i += 2) {
    statuses.set(nameFields[i + 1] as string, STATUS_BY_LETTER[(nameFields[i] as string).charAt(0)] ?? "modified");
  }
  const files: DiffFile[] = [];
  for (const record of numstat.split("\0")) {
    const match = /^(-|\d+)\t(-|\d+)\t(.*)$/s.exec(record);
    if (!match) continue;
    const [, added, deleted, file = ""] = match;
    const binary = added === "-";
    files.push({
      path: file,
      additions: binary ? 0 : Number(added),
      deletions: binary ? 0 : Number(deleted),
      status: statuses.get(file) ?? "modified",
      ...(binary && { binary: true as const }),
    });
  }
  return files;
}

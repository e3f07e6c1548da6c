/**
 * The worktree side of a task's life: created with the task, diffed on request, removed when
 * the task is purged. Wires task-worktree.ts to where the server keeps task folders.
 *
 * Changes to one repository's worktrees (add, remove, prune) run one at a time: git guards
 * its administrative files with lock files and fails, rather than waits, when another git
 * holds one, and two tasks created at once in one repository are a normal request.
 */
import { mkdir, rm } from "node:fs/promises";
import { AppError } from "../../errors.js";
import type { Logger } from "../../util/logger.js";
import { KeyedMutex } from "../../util/mutex.js";
import type { TaskPaths } from "../store/task-paths.js";
import { GitError } from "./git.js";
import { addWorktree, planWorktree, removeWorktree, type WorktreePlan, type WorktreeRecord } from "./task-worktree.js";
import { type DiffFile, worktreeDiff, worktreeDiffStat } from "./worktree-diff.js";

export interface WorktreeRequest {
  isolation?: "none" | "worktree" | undefined;
  base_ref?: string | undefined;
}

export class TaskWorktrees {
  /** Keyed by repository (its top folder). */
  private readonly repositories = new KeyedMutex();

  constructor(
    private readonly paths: TaskPaths,
    private readonly log: Logger,
  ) {}

  /** Checks the request before anything is created: undefined when the task wants no worktree. */
  async plan(request: WorktreeRequest, workdir: string, workdirRoot: string): Promise<WorktreePlan | undefined> {
    if (request.isolation !== "worktree") {
      if (request.base_ref !== undefined) throw new AppError("validation_failed", 'base_ref needs isolation: "worktree"');
      return undefined;
    }
    return planWorktree(workdir, request.base_ref, workdirRoot);
  }

  /** Creates the task's worktree in its own folder; answers the record and the workdir to run in. */
  async create(plan: WorktreePlan, taskId: string): Promise<{ worktree: WorktreeRecord; workdir: string }> {
    // The task folder is created here first, with the same private mode the store gives it.
    await mkdir(this.paths.dir(taskId), { recursive: true, mode: 0o700 });
    try {
      const created = await this.repositories.run(plan.repository, () => addWorktree(plan, taskId, this.paths.worktree(taskId)));
      this.log.info("worktree created", { task_id: taskId, branch: created.worktree.branch, base_commit: plan.base_commit });
      return created;
    } catch (err) {
      // The folder was made for this task alone, and no record will point at it.
      await rm(this.paths.dir(taskId), { recursive: true, force: true });
      if (!(err instanceof GitError)) throw err;
      throw new AppError("internal_error", `Could not create the task's worktree: ${err.message}`, { cause: err });
    }
  }

  /** Removes a worktree whose task was never recorded (its branch too: nothing ran on it). */
  async discard(taskId: string, worktree: WorktreeRecord): Promise<void> {
    await this.repositories
      .run(worktree.repository, () => removeWorktree(worktree, { deleteBranch: true }))
      .catch((err: unknown) =>
        this.log.warn("could not remove the worktree of a task that was not created", {
          task_id: taskId,
          reason: (err as Error).message,
        }),
      );
  }

  /** Removes a purged task's worktree; a failure is logged, not fatal (the folder goes with the task's). */
  async remove(taskId: string, worktree: WorktreeRecord, options: { deleteBranch: boolean }): Promise<void> {
    try {
      await this.repositories.run(worktree.repository, () => removeWorktree(worktree, options));
      this.log.info("worktree removed", { task_id: taskId, branch_deleted: options.deleteBranch });
    } catch (err) {
      this.log.warn("could not remove the task's worktree", { task_id: taskId, reason: (err as Error).message });
    }
  }

  /** The task's unified diff against its base commit; `no_worktree` when it has none. */
  diff(worktree: WorktreeRecord | undefined): Promise<string> {
    return worktreeDiff(worktree);
  }

  /** Per-file summary of the same diff. */
  diffStat(worktree: WorktreeRecord | undefined): Promise<DiffFile[]> {
    return worktreeDiffStat(worktree);
  }
}

import { realpath, stat } from "node:fs/promises";
import path from "node:path";
import { AppError } from "../../errors.js";
import type { TaskRecord } from "../task-model.js";

/** Whether the real path `real` is `realRoot` or below it (both already resolved). */
export function isWithin(real: string, realRoot: string): boolean {
  const relative = path.relative(realRoot, real);
  return !(relative === ".." || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative));
}

/**
 * Resolves a requested workdir to a real directory inside `root`. Relative paths are taken
 * from the root. `..` and symlinks are resolved before the containment check, so neither can
 * lead outside it.
 */
export async function resolveWorkdir(requested: string, root: string): Promise<string> {
  if (requested.includes("\0")) throw new AppError("invalid_workdir", "workdir must not contain NUL bytes");
  const realRoot = await realpath(root);
  const target = path.resolve(realRoot, requested);
  let real: string;
  try {
    real = await realpath(target);
  } catch {
    throw new AppError("invalid_workdir", `workdir does not exist: ${requested}`);
  }
  if (!isWithin(real, realRoot)) throw new AppError("invalid_workdir", `workdir must be inside ${realRoot}: ${requested}`);
  if (!(await stat(real)).isDirectory()) throw new AppError("invalid_workdir", `workdir is not a directory: ${requested}`);
  return real;
}

/**
 * A stored task's workdir resolved again for a launch or a follow-up: inside the task's own
 * worktree when it has one (the server made it, under TASKS_DIR), else inside `workdirRoot`.
 */
export const resolveTaskWorkdir = (task: Pick<TaskRecord, "workdir" | "worktree">, workdirRoot: string) =>
  resolveWorkdir(task.workdir, task.worktree?.path ?? workdirRoot);

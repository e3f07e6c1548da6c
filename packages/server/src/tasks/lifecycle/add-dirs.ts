/**
 * `add_dirs`: more directories claude may work in (`--add-dir`). Each is confined like a
 * workdir: resolved (symlinks followed) inside WORKDIR_ROOT when the request arrives, stored
 * resolved, and resolved again at every launch (see RunLauncher).
 */
import { AppError } from "../../errors.js";
import type { RunOptions } from "../task-model.js";
import { resolveWorkdir } from "./workdir.js";

/** Each entry as a real directory inside `root`; a 400 naming the entry otherwise. */
export async function resolveAddDirs(dirs: readonly string[], root: string): Promise<string[]> {
  const resolved: string[] = [];
  for (const [i, dir] of dirs.entries()) {
    try {
      resolved.push(await resolveWorkdir(dir, root));
    } catch (err) {
      const reason = (err as Error).message.replace(/^workdir /, "");
      throw new AppError("invalid_workdir", `add_dirs[${i}] ${reason}`);
    }
  }
  return resolved;
}

/** `options` with its add_dirs resolved (unchanged when it names none). */
export async function withResolvedAddDirs(options: RunOptions, root: string): Promise<RunOptions> {
  if (!options.add_dirs?.length) return options;
  return { ...options, add_dirs: await resolveAddDirs(options.add_dirs, root) };
}

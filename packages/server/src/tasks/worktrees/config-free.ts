/**
 * git without the repository's config. Filter drivers (`filter.<name>.clean`, `.smudge`,
 * `.process`), textconv and external diffs are commands named in the repository's config and
 * chosen by its `.gitattributes`; git runs them whenever it reads or writes a work tree's
 * files (`git add`, a checkout). They cannot be listed and switched off one by one (a task can
 * add another at any moment), and git 2.39 has no way to ignore in-tree attributes. So such
 * commands run against a scratch git directory that shares the repository's objects (read
 * through `objects/info/alternates`) and nothing else: no config names any driver, so none
 * runs. The built-in conversions the attributes ask for (eol, ident) still apply; filters such
 * as git-lfs do not (a worktree holds their pointer files).
 */
import { copyFile, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { git } from "./git.js";

/** The environment that points git at the scratch directory, for the work tree `workTree`. */
export type ConfigFreeEnv = { GIT_DIR: string; GIT_WORK_TREE: string };

/**
 * Calls `fn` with a scratch git directory for the work tree `workTree` (a checkout of a
 * repository), and a folder for its own temporary files; both are removed afterwards.
 */
export async function withConfigFreeGit<T>(
  workTree: string,
  fn: (env: ConfigFreeEnv, scratch: string) => Promise<T>,
): Promise<T> {
  const [commonDir = "", objectFormat = "sha1"] = (
    await git(workTree, ["rev-parse", "--path-format=absolute", "--git-common-dir", "--show-object-format"])
  )
    .trim()
    .split("\n");
  const scratch = await mkdtemp(path.join(tmpdir(), "cta-git-"));
  try {
    const gitDir = path.join(scratch, "git");
    await mkdir(path.join(gitDir, "objects", "info"), { recursive: true });
    await mkdir(path.join(gitDir, "refs"));
    await mkdir(path.join(gitDir, "info"));
    await writeFile(path.join(gitDir, "HEAD"), "ref: refs/heads/scratch\n");
    const config =
      objectFormat === "sha1"
        ? "[core]\n\trepositoryformatversion = 0\n"
        : `[core]\n\trepositoryformatversion = 1\n[extensions]\n\tobjectformat = ${objectFormat}\n`;
    await writeFile(path.join(gitDir, "config"), config);
    await writeFile(path.join(gitDir, "objects", "info", "alternates"), `${path.join(commonDir, "objects")}\n`);
    // The repository's own ignore patterns are data, not commands: new files stay excluded as before.
    await copyFile(path.join(commonDir, "info", "exclude"), path.join(gitDir, "info", "exclude")).catch(() => undefined);
    return await fn({ GIT_DIR: gitDir, GIT_WORK_TREE: workTree }, scratch);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/**
 * The workdir `run` asks for, chosen the way claude, git and kubectl choose theirs: the shell's
 * current directory, and relative paths taken from it. Only what lies inside the server's
 * WORKDIR_ROOT can work, so the CLI asks the server where that is first and says in one line when
 * the directory is outside. The server still checks every workdir it is sent.
 */
import path from "node:path";
import { NotFoundError, type ServerInfo } from "@claude-task-api/sdk";
import type { CommandContext } from "./context.js";
import { UsageError } from "./errors.js";
import { safeText } from "./render/safe-text.js";

/** True when `dir` is `root` or below it (both absolute, symlinks already resolved). */
export function isInside(dir: string, root: string): boolean {
  const relative = path.relative(root, dir);
  return relative === "" || (relative !== ".." && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative));
}

/** `.`, `..`, `./x`, `../x`: a path that names the shell's directory, wherever the shell is. */
const FROM_HERE = /^\.\.?(\/|$)/;

/** The workdir field to send for `--workdir` (or its absence); undefined leaves the server's default. */
export async function chooseWorkdir(ctx: CommandContext, flag: string | undefined): Promise<string | undefined> {
  // An absolute path means the same on both sides: the server alone can resolve its symlinks.
  if (flag !== undefined && path.isAbsolute(flag)) return flag;
  const info = await serverInfo(ctx);
  // A server older than GET /api/claude/server: keep its old reading (relative to its root).
  if (!info) return flag;
  const root = info.workdir_root;
  const hereInside = isInside(ctx.io.cwd, root);
  if (flag === undefined) {
    if (hereInside) return ctx.io.cwd;
    ctx.note(
      ctx.err.dim(
        `the current directory is outside the server's WORKDIR_ROOT ${safeText(root)}: running in its default ${safeText(info.default_workdir)} (choose with --workdir)`,
      ),
    );
    return undefined;
  }
  // From a shell outside the root (a laptop talking to the pod), `--workdir app` keeps meaning
  // WORKDIR_ROOT/app, as the server reads it.
  if (!hereInside && !FROM_HERE.test(flag)) return flag;
  const dir = path.resolve(ctx.io.cwd, flag);
  if (isInside(dir, root)) return dir;
  // Exact text: the one place errors are printed makes it harmless for a terminal.
  throw new UsageError(`--workdir ${flag} is ${dir}, outside the server's WORKDIR_ROOT ${root}`);
}

async function serverInfo(ctx: CommandContext): Promise<ServerInfo | undefined> {
  try {
    return await ctx.client().serverInfo();
  } catch (error) {
    if (error instanceof NotFoundError) return undefined;
    throw error;
  }
}

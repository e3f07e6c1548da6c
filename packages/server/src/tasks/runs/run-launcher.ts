/**
 * Starts one run of a task in its tmux session: writes the prompt and the run spec, then
 * asks tmux to execute the run wrapper directly (no shell between us and claude).
 */
import { rm, writeFile } from "node:fs/promises";
import type { PermissionMode } from "../../config-env.js";
import { type RunSpec, runSpecFile } from "../../runner/protocol/run-spec.js";
import type { Tmux } from "../../tmux/tmux.js";
import { writeFileAtomic } from "../../util/atomic-write.js";
import type { Budgets } from "../budget/budgets.js";
import { resolveAddDirs } from "../lifecycle/add-dirs.js";
import { resolveTaskWorkdir } from "../lifecycle/workdir.js";
import { isInlinePrompt } from "../store/task-file-format.js";
import type { TaskPaths } from "../store/task-paths.js";
import { effectiveOptions, type TaskRecord } from "../task-model.js";
import { claudeBinaryProblem } from "./claude-binary.js";
import { claudeConfigDir, sessionExists } from "./claude-sessions.js";
import { type CatalogOptions, runCatalogs } from "./run-catalogs.js";
import { claudeFlags, type OptionLimits, optionProblem } from "./run-options.js";

export interface LauncherOptions extends CatalogOptions {
  nodeBin: string;
  runnerScript: string;
  claudeBin: string;
  permissionMode: PermissionMode;
  runEnv: Record<string, string>;
  /** The operator's policy as it is now, checked against every run's effective options at launch. */
  limits: OptionLimits;
  /** Every run's workdir (and add_dirs) must resolve (symlinks followed) inside it at launch. */
  workdirRoot: string;
  /** Each run's `--max-budget-usd` (what is left of the task's and the day's budget); none: no caps. */
  budgets?: Budgets;
}

/**
 * The wrapper starts with an empty environment: a tmux server someone else started hands its
 * sessions whatever that person's shell held (secrets, NODE_OPTIONS), and the wrapper needs
 * none of it. Claude gets the run environment from the spec.
 */
const EMPTY_ENV = ["/usr/bin/env", "-i"];

export class RunLaunchError extends Error {
  override name = "RunLaunchError";
}

export class RunLauncher {
  constructor(
    private readonly paths: TaskPaths,
    private readonly tmux: Tmux,
    private readonly options: LauncherOptions,
  ) {}

  /**
   * The claude arguments: a new conversation fixes the session id, later runs resume it. The
   * prompt, steers, interrupts and approval answers all reach claude as stream-json on stdin.
   */
  claudeArgs(task: TaskRecord, index: number, resume: boolean, budgetCap?: number): string[] {
    const session = resume ? ["--resume", task.session_id] : ["--session-id", task.session_id];
    const flags = claudeFlags(effectiveOptions(task, index), { permissionMode: this.options.permissionMode });
    const budget = budgetCap === undefined ? [] : [`--max-budget-usd=${budgetCap}`];
    return ["-p", "--verbose", "--output-format", "stream-json", "--input-format=stream-json", ...session, ...flags, ...budget];
  }

  /** Whether a follow-up can `--resume`: claude stored the conversation (the first run may have been killed too early). */
  canResume(task: TaskRecord): Promise<boolean> {
    return sessionExists(claudeConfigDir(this.options.runEnv), task.session_id);
  }

  /** Why no run can start at all right now (claude is missing), found without starting one. */
  preflight(): Promise<string | undefined> {
    return claudeBinaryProblem(this.options.claudeBin);
  }

  /** Launches run `index`; throws RunLaunchError with a reason a person can act on. */
  async launch(task: TaskRecord, index: number): Promise<void> {
    const run = task.runs[index];
    if (!run) throw new RunLaunchError(`task ${task.task_id} has no run ${index}`);
    const binProblem = await claudeBinaryProblem(this.options.claudeBin);
    if (binProblem) throw new RunLaunchError(binProblem);
    const cwd = await this.confinedWorkdir(task);
    const policyProblem = optionProblem(effectiveOptions(task, index), this.options.limits, this.options.permissionMode);
    if (policyProblem) throw new RunLaunchError(`Not started: ${policyProblem} (the server's policy at launch)`);
    await this.confinedAddDirs(effectiveOptions(task, index).add_dirs);
    const budget = this.options.budgets?.runCap(task) ?? { cap: undefined };
    if ("problem" in budget) throw new RunLaunchError(budget.problem);

    const id = task.task_id;
    const resume = run.resumed ?? false;
    const specFile = this.paths.runSpec(id, index);
    const catalogs = await runCatalogs(task, this.paths.runMcpConfig(id, index), this.options);
    if ("problem" in catalogs) throw new RunLaunchError(`Not started: ${catalogs.problem}`);
    const options = effectiveOptions(task, index);
    const approvalTimeout = options.approval_timeout_seconds ?? this.options.limits.maxApprovalTimeoutSeconds;
    const spec: RunSpec = {
      argv: [this.options.claudeBin, ...this.claudeArgs(task, index, resume, budget.cap), ...catalogs.mcpFlags],
      cwd,
      env: this.options.runEnv,
      promptFile: this.paths.runPrompt(id, index),
      outputLog: this.paths.outputLog(id),
      exitFile: this.paths.runExit(id, index),
      exitMarkerFile: this.paths.runExitMarker(id, index),
      pidFile: this.paths.runPid(id, index),
      ...(catalogs.secrets && { secrets: catalogs.secrets }),
      inbox: { run: index, runsDir: this.paths.runsDir(id) },
      ...(options.approvals && {
        approvals: {
          run: index,
          runsDir: this.paths.runsDir(id),
          ...(approvalTimeout !== undefined && { timeoutSeconds: approvalTimeout }),
        },
      }),
    };
    // A long prompt is already there (the store keeps it in that file); a short one lives in
    // task.json and is copied out for the wrapper's stdin.
    if (isInlinePrompt(run.prompt)) await writeFile(spec.promptFile, run.prompt, { mode: 0o600 });
    await writeFileAtomic(specFile, runSpecFile(spec), 0o600);
    try {
      // The previous run's wrapper may still be exiting in a session of this name: replaced.
      const argv = [...EMPTY_ENV, this.options.nodeBin, this.options.runnerScript, specFile];
      await this.tmux.newSession(task.tmux_session, cwd, argv, { replace: true });
    } catch (err) {
      await rm(specFile, { force: true });
      throw new RunLaunchError((err as Error).message);
    }
  }

  /** The run's add_dirs must still resolve to themselves inside WORKDIR_ROOT (not relinked elsewhere since). */
  private async confinedAddDirs(dirs: readonly string[] | undefined): Promise<void> {
    if (!dirs?.length) return;
    try {
      const resolved = await resolveAddDirs(dirs, this.options.workdirRoot);
      const moved = dirs.find((dir, i) => resolved[i] !== dir);
      if (moved !== undefined) throw new Error(`add_dirs entry ${moved} now leads to another directory`);
    } catch (err) {
      throw new RunLaunchError(`Not started: ${(err as Error).message}`);
    }
  }

  /**
   * The task's workdir resolved again now (it may have been replaced by a symlink since the
   * task was created): the run starts in the real directory, which must be inside WORKDIR_ROOT
   * (or the task's own worktree).
   */
  private async confinedWorkdir(task: TaskRecord): Promise<string> {
    try {
      return await resolveTaskWorkdir(task, this.options.workdirRoot);
    } catch (err) {
      throw new RunLaunchError(`Not started: ${(err as Error).message}`);
    }
  }
}

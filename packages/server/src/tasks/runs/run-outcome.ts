/**
 * How a run ended, decided from what it left behind: its exit file (written by the wrapper),
 * or, when that is missing, whether its tmux session still exists and what the log says.
 */
import { access, readFile } from "node:fs/promises";
import { type RunExit, readRunExit } from "../../runner/protocol/run-exit.js";
import type { Tmux } from "../../tmux/tmux.js";
import { lastExitMarker, lastResultError } from "../output/output-log.js";
import type { TaskPaths } from "../store/task-paths.js";
import { exitCodeToState, nowSeconds, type RunRecord, type TaskRecord } from "../task-model.js";

export type RunOutcome = Pick<RunRecord, "state" | "finished_at" | "exit_code" | "error">;

const exists = (file: string) =>
  access(file).then(
    () => true,
    () => false,
  );

/** An exit record that is there but cannot be understood; `whole` when it is complete JSON (a newer version's, or wrong). */
type UnreadableExit = { unreadable: string; whole: boolean };

/** The run's exit record; why, when one is there but cannot be understood; undefined when none is there. */
async function readExit(paths: TaskPaths, id: string, index: number): Promise<RunExit | UnreadableExit | undefined> {
  const text = await readFile(paths.runExit(id, index), "utf8").catch(() => undefined);
  if (text === undefined) return undefined;
  const read = readRunExit(text);
  return read.ok ? read.value : { unreadable: read.problem, whole: read.notJson !== true };
}

/**
 * A record to decide by while the run may still be going: this wrapper renames its record into
 * place whole, but text that is not even JSON yet is taken for one still being written.
 */
const decisive = (exit: RunExit | UnreadableExit | undefined) =>
  exit && (!("unreadable" in exit) || exit.whole) ? exit : undefined;

async function outcomeFromExit(paths: TaskPaths, id: string, exit: RunExit | UnreadableExit): Promise<RunOutcome> {
  if ("unreadable" in exit) {
    // How the run went is unknown: it ended, and the task says why no more can be told.
    return { state: "error", finished_at: nowSeconds(), error: `The run ended, but ${exit.unreadable}` };
  }
  // An interrupt ended the run on purpose: whatever claude's exit status, it did not fail.
  const state = exit.interrupted && exit.error === undefined ? "interrupted" : exitCodeToState(exit.exit_code);
  const outcome: RunOutcome = { state, finished_at: exit.finished_at, exit_code: exit.exit_code };
  if (state === "error") {
    outcome.error = exit.error ?? (await lastResultError(paths.outputLog(id))) ?? `claude exited with status ${exit.exit_code}`;
  }
  return outcome;
}

/**
 * What can be seen of run `index` right now: its outcome when the wrapper wrote one,
 * "still-running" while its tmux session exists, else "session-gone". `sessions` (names
 * listed once for a whole sweep) answers the common case; a session missing from it is
 * looked up again, because the list may predate the run's launch.
 */
export async function observeRun(
  paths: TaskPaths,
  tmux: Tmux,
  task: TaskRecord,
  index: number,
  sessions?: Set<string>,
): Promise<"still-running" | "session-gone" | RunOutcome> {
  const id = task.task_id;
  const exit = decisive(await readExit(paths, id, index));
  if (exit) return outcomeFromExit(paths, id, exit);
  if (sessions?.has(task.tmux_session)) return "still-running";
  if ((await tmux.listSessions()).has(task.tmux_session)) return "still-running";
  // The wrapper writes the exit file just before it ends: look again.
  const lateExit = decisive(await readExit(paths, id, index));
  return lateExit ? outcomeFromExit(paths, id, lateExit) : "session-gone";
}

/**
 * How a run whose session is gone (for sure) ended without a readable exit file. "never-started"
 * when its wrapper never wrote its pid (the server stopped between recording and launching
 * it, or tmux went away first); the seed server's runs are judged by their exit marker.
 */
export async function outcomeWithoutSession(
  paths: TaskPaths,
  task: TaskRecord,
  index: number,
): Promise<"never-started" | RunOutcome> {
  const id = task.task_id;
  // Its wrapper is gone too: a record it left, even one that is not whole, is all there will be.
  const exit = await readExit(paths, id, index);
  if (exit) return outcomeFromExit(paths, id, exit);
  const run = task.runs[index];
  const fromThisVersion = run?.log_start !== undefined;
  if (fromThisVersion && !(await exists(paths.runPid(id, index)))) return "never-started";
  // Only a marker written during this run counts, not the previous run's.
  const marker = await lastExitMarker(paths.outputLog(id), run?.log_start ?? 0);
  if (marker !== undefined) return outcomeFromExit(paths, id, { exit_code: marker, finished_at: nowSeconds() });
  return {
    state: "error",
    finished_at: nowSeconds(),
    error:
      "The run ended without reporting an exit status (its tmux session is gone: the tmux server may have died or the session was killed outside the API)",
  };
}

/** True while the wrapper of run `index` (by its pid file) is still alive, e.g. still stopping claude. */
export async function wrapperAlive(paths: TaskPaths, id: string, index: number): Promise<boolean> {
  const pid = Number.parseInt(await readFile(paths.runPid(id, index), "utf8").catch(() => ""), 10);
  if (!Number.isInteger(pid) || pid <= 0) return false;
  const cmdline = await readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => "");
  // The pid may have been reused by another process since.
  return cmdline.includes("run-task") && cmdline.includes(paths.dir(id));
}

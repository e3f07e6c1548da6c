/**
 * How a run ended, decided from what it left behind: its exit file (written by the wrapper),
 * or, when that is missing, whether its tmux session still exists and what the log says.
 */
import { access, readFile, rm } from "node:fs/promises";
import type { RunExit } from "../runner/run-spec.js";
import type { Tmux } from "../tmux/tmux.js";
import { lastExitMarker, lastResultError } from "./output-log.js";
import { exitCodeToState, nowSeconds, type RunRecord, type TaskRecord } from "./task-model.js";
import type { TaskPaths } from "./task-paths.js";

export type RunOutcome = Pick<RunRecord, "state" | "finished_at" | "exit_code" | "error">;

const exists = (file: string) =>
  access(file).then(
    () => true,
    () => false,
  );

async function readExit(paths: TaskPaths, id: string, index: number): Promise<RunExit | undefined> {
  try {
    const parsed = JSON.parse(await readFile(paths.runExit(id, index), "utf8")) as Partial<RunExit>;
    if (typeof parsed.exit_code !== "number" || typeof parsed.finished_at !== "number") return undefined;
    return parsed as RunExit;
  } catch {
    return undefined;
  }
}

async function outcomeFromExit(paths: TaskPaths, id: string, exit: RunExit): Promise<RunOutcome> {
  const state = exitCodeToState(exit.exit_code);
  const outcome: RunOutcome = { state, finished_at: exit.finished_at, exit_code: exit.exit_code };
  if (state === "error") {
    outcome.error = exit.error ?? (await lastResultError(paths.outputLog(id))) ?? `claude exited with status ${exit.exit_code}`;
  }
  return outcome;
}

/**
 * The outcome of run `index`, or "still-running". `sessions` (names listed once for a whole
 * sweep) answers the common case; a session missing from it is looked up again, because the
 * list may predate the run's launch.
 */
export async function runOutcome(
  paths: TaskPaths,
  tmux: Tmux,
  task: TaskRecord,
  index: number,
  sessions?: Set<string>,
): Promise<"still-running" | RunOutcome> {
  const id = task.task_id;
  const exit = await readExit(paths, id, index);
  if (exit) return outcomeFromExit(paths, id, exit);
  if (sessions?.has(task.tmux_session)) return "still-running";
  if ((await tmux.listSessions()).has(task.tmux_session)) return "still-running";
  // The session is gone. Look again: the wrapper writes the exit file just before it ends.
  const lateExit = await readExit(paths, id, index);
  if (lateExit) return outcomeFromExit(paths, id, lateExit);
  // The wrapper deletes its spec (which holds the environment) as it starts; if the spec is
  // still here, the session ended before claude ever started.
  const specFile = paths.runSpec(id, index);
  if (await exists(specFile)) {
    await rm(specFile, { force: true });
    return { state: "error", finished_at: nowSeconds(), error: "The run never started: its tmux session ended first" };
  }
  // Runs from the seed server have no exit file; their log ends with the exit marker.
  const marker = await lastExitMarker(paths.outputLog(id));
  if (marker !== undefined) return outcomeFromExit(paths, id, { exit_code: marker, finished_at: nowSeconds() });
  return {
    state: "error",
    finished_at: nowSeconds(),
    error:
      "The run ended without reporting an exit status (its tmux session is gone: the tmux server may have died or the session was killed outside the API)",
  };
}

/**
 * Reads TASKS_DIR straight from disk (never through the API) and checks that every task's
 * task.json is valid and tells the same story as its output.log: one exit marker per run
 * that exited, with the same code, a state that follows from it, and a task status that
 * follows from its last run. Faults must never leave a task that disagrees with its log.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { FINISHED_STATUSES } from "@claude-task-api/sdk";
import { parseExitMarker } from "@claude-task-api/sdk/protocol";

export interface RunOnDisk {
  prompt: string;
  state: string;
  exit_code?: number;
  error?: string;
  log_start?: number;
  log_end?: number;
}

export interface TaskOnDisk {
  task_id: string;
  status: string;
  error?: string;
  runs: RunOnDisk[];
}

export interface AuditedTask {
  task: TaskOnDisk;
  log: string;
  /** The `result` texts found in each run's part of the log. */
  resultsByRun: string[][];
}

export interface Audit {
  tasks: AuditedTask[];
  /** Task directories without a task.json (a crash between mkdir and the first write). */
  withoutTaskFile: string[];
  problems: string[];
}

const FINAL: ReadonlySet<string> = new Set(FINISHED_STATUSES);
/** Exit codes of the marker lines in `text`, in order. */
function markers(text: string): number[] {
  return text
    .split("\n")
    .map(parseExitMarker)
    .filter((code): code is number => code !== undefined);
}

function results(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split("\n")) {
    if (!line.startsWith("{")) continue;
    try {
      const event = JSON.parse(line) as { type?: string; result?: unknown };
      if (event.type === "result") out.push(String(event.result));
    } catch {
      // Output that is not JSON (stderr) is not a result.
    }
  }
  return out;
}

/** Audits every task in `tasksDir`; `requireFinal` also demands that none is still running. */
export function auditTasks(tasksDir: string, { requireFinal = true } = {}): Audit {
  const audit: Audit = { tasks: [], withoutTaskFile: [], problems: [] };
  for (const entry of readdirSync(tasksDir, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith(".")) continue;
    const dir = path.join(tasksDir, entry.name);
    const file = path.join(dir, "task.json");
    if (!existsSync(file)) {
      audit.withoutTaskFile.push(entry.name);
      continue;
    }
    let task: TaskOnDisk;
    try {
      task = JSON.parse(readFileSync(file, "utf8")) as TaskOnDisk;
    } catch (err) {
      audit.problems.push(`${entry.name}: task.json is not valid JSON (${(err as Error).message})`);
      continue;
    }
    const problem = (what: string) => audit.problems.push(`${entry.name}: ${what}`);
    const logFile = path.join(dir, "output.log");
    const logBytes = existsSync(logFile) ? readFileSync(logFile) : Buffer.alloc(0);
    const resultsByRun: string[][] = [];
    task.runs.forEach((run, i) => {
      // A run that never launched has no part of the log; one that has no end yet (or failed
      // to launch) reaches at most to where the next run starts.
      const end = run.log_end ?? task.runs[i + 1]?.log_start ?? logBytes.length;
      const segment = run.log_start === undefined ? "" : logBytes.subarray(run.log_start, end).toString("utf8");
      resultsByRun.push(results(segment));
      if (requireFinal && !FINAL.has(run.state)) problem(`run ${i} is still ${run.state}`);
      if (!FINAL.has(run.state) || run.state === "killed") return;
      const codes = markers(segment);
      if (run.exit_code === undefined) {
        // Ended without an exit status (never started, or its session vanished): the log must agree.
        if (codes.length > 0) problem(`run ${i} is ${run.state} without exit code, but its log has exit marker(s) ${codes}`);
        if (!run.error) problem(`run ${i} is ${run.state} without exit code and without a reason`);
        return;
      }
      if (codes.length !== 1 || codes[0] !== run.exit_code) {
        problem(`run ${i} says exit ${run.exit_code}, its log part has exit marker(s) [${codes}]`);
      }
      if ((run.exit_code === 0) !== (run.state === "completed"))
        problem(`run ${i} is ${run.state} with exit code ${run.exit_code}`);
    });
    const allMarkers = markers(logBytes.toString("utf8")).length;
    const exited = task.runs.filter((r) => r.exit_code !== undefined).length;
    const killed = task.runs.filter((r) => r.state === "killed").length;
    // Killed runs may or may not have got as far as writing a marker; every other one is counted.
    if (allMarkers < exited || allMarkers > exited + killed) {
      problem(`the log has ${allMarkers} exit markers for ${exited} exited run(s) (+${killed} killed)`);
    }
    const last = task.runs.at(-1);
    if (requireFinal && !FINAL.has(task.status)) problem(`status is still ${task.status}`);
    if (last && FINAL.has(last.state) && task.status !== last.state)
      problem(`status ${task.status} but the last run is ${last.state}`);
    if (task.status === "error" && !task.error) problem("status error without a reason");
    audit.tasks.push({ task, log: logBytes.toString("utf8"), resultsByRun });
  }
  return audit;
}

/**
 * The wrapper's ends of the run protocol's spec and exit files: reading the run spec (validated,
 * and refused with a recorded reason when this wrapper cannot run it), ending the log with the
 * announced exit marker, and writing the exit record.
 */
import { readFileSync, renameSync, unlinkSync, writeFileSync } from "node:fs";
import { whileDiskFull } from "./disk-full.js";
import { exitMarkerFile, type RunExit, runExitFile } from "./protocol/run-exit.js";
import { type RunSpec, readRunSpec } from "./protocol/run-spec.js";
import { RunLog } from "./run-log.js";

/** Writes a file whole (the server reads it the moment it appears). */
async function writeWhole(file: string, text: string): Promise<void> {
  const tmp = `${file}.tmp`;
  await whileDiskFull(() => writeFileSync(tmp, text, { mode: 0o600 }));
  renameSync(tmp, file);
}

/** Writes the run's exit record. */
export const writeExitRecord = (exitFile: string, exit: RunExit) => writeWhole(exitFile, runExitFile(exit));

/** Ends the run's log with its exit marker, announced first where the spec asks for it; returns where the marker ends. */
export function closeLog(log: RunLog, spec: Pick<RunSpec, "exitMarkerFile">, exitCode: number): Promise<number> {
  const file = spec.exitMarkerFile;
  if (file === undefined) return log.close(exitCode);
  return log.close(exitCode, (markerEnd) => writeWhole(file, exitMarkerFile({ exit_code: exitCode, marker_end: markerEnd })));
}

/**
 * Reads the spec and removes it (it holds the environment, API keys: on disk no longer than
 * needed). A spec this wrapper cannot run (another version's, or broken) ends the run here with
 * the reason in its log and exit record, where the server and the task's owner see it; when
 * even those paths are unknown, on stderr (the tmux pane).
 */
export async function loadRunSpec(specPath: string): Promise<RunSpec> {
  const text = readFileSync(specPath, "utf8");
  unlinkSync(specPath);
  const read = readRunSpec(text);
  if (read.ok) return read.value;
  const problem = `this run cannot start: ${read.problem}`;
  const { outputLog, exitFile, exitMarkerFile: markerFile } = pathsOf(text);
  if (outputLog === undefined || exitFile === undefined) {
    process.stderr.write(`claude-task-api: ${problem}\n`);
    process.exit(2);
  }
  const log = new RunLog(outputLog);
  await log.appendLine(`claude-task-api: ${problem}`);
  const markerEnd = await closeLog(log, markerFile === undefined ? {} : { exitMarkerFile: markerFile }, 127);
  await writeExitRecord(exitFile, { exit_code: 127, finished_at: Date.now() / 1000, error: problem, marker_end: markerEnd });
  process.exit(127);
}

/** Where a spec this wrapper cannot run says its log and exit record go, when it says so plainly. */
function pathsOf(text: string): { outputLog?: string; exitFile?: string; exitMarkerFile?: string } {
  const paths: Record<string, string> = {};
  try {
    const spec = JSON.parse(text) as Record<string, unknown>;
    for (const key of ["outputLog", "exitFile", "exitMarkerFile"]) {
      const value = spec[key];
      if (typeof value === "string" && value !== "") paths[key] = value;
    }
  } catch {
    // Not even JSON: nothing says where the run's files are.
  }
  return paths;
}

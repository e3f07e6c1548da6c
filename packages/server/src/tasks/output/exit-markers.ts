/**
 * Which exit marker lines in output.log are a run's real exit. The wrapper ends each run's part
 * of the log with `__CLAUDE_EXIT_CODE_N__`, but any tool the run uses can append the same text
 * to the log (it is a file in the task's folder): a line that looks like a marker is an exit
 * only where the run's own records put it. The wrapper says where its marker will end just
 * before writing it (the exit marker notice) and again in the exit record, so a reader that
 * meets the line live already has the answer.
 */
import { readFile } from "node:fs/promises";
import { parseExitMarker } from "@claude-task-api/sdk/protocol";
import { readExitMarkerNotice, readRunExit } from "../../runner/protocol/run-exit.js";
import type { ProtocolRead } from "../../runner/protocol/versioned.js";
import type { TaskPaths } from "../store/task-paths.js";
import type { TaskRecord } from "../task-model.js";
import type { LogLine } from "./log-follower.js";
import { fileSize } from "./output-log.js";

async function readRecord<T>(file: string, read: (text: string) => ProtocolRead<T>): Promise<T | undefined> {
  const text = await readFile(file, "utf8").catch(() => undefined);
  if (text === undefined) return undefined;
  const record = read(text);
  return record.ok ? record.value : undefined;
}

export class ExitMarkers {
  constructor(private readonly paths: TaskPaths) {}

  /** The exit code when `line` is the real exit marker of one of the task's runs; undefined for any other line. */
  async exitCodeOf(task: TaskRecord, line: LogLine): Promise<number | undefined> {
    const written = parseExitMarker(line.text);
    if (written === undefined) return undefined;
    // The seed server's runs have no records to compare with: their markers are taken as they read.
    if (task.runs.every((run) => run.log_start === undefined)) return written;
    // The run whose part of the log the line is in (the next run starts at or after its end).
    const index = task.runs.findLastIndex((run) => run.log_start !== undefined && run.log_start < line.end);
    const run = task.runs[index];
    if (!run) return undefined;
    const id = task.task_id;
    const exit = await readRecord(this.paths.runExit(id, index), readRunExit);
    if (exit?.marker_end !== undefined) return exit.marker_end === line.end ? exit.exit_code : undefined;
    const notice = await readRecord(this.paths.runExitMarker(id, index), readExitMarkerNotice);
    if (notice) return notice.marker_end === line.end ? notice.exit_code : undefined;
    if (exit === undefined) return undefined; // the run is not ending yet: whatever wrote the line, not its wrapper
    // A wrapper from before the marker's position was recorded: its marker is the last line of its run.
    const end = run.log_end ?? (await fileSize(this.paths.outputLog(id)));
    return end === line.end ? exit.exit_code : undefined;
  }
}

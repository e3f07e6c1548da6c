/**
 * Reading a task's output.log for requests: the last lines, the whole log as a stream, and
 * the task detail with its recent output, kept rendered (as UTF-8 bytes) for finished tasks.
 */
import { createReadStream, type ReadStream, statSync } from "node:fs";
import type { McpServerStatus } from "../../generated/schemas.js";
import type { TaskPaths } from "../store/task-paths.js";
import { isFinishedTask, type TaskRecord } from "../task-model.js";
import { mcpServerStatuses } from "./mcp-status.js";
import { readTailLines } from "./output-log.js";

/** The file's size in bytes, 0 when it does not exist. */
const logSizeNow = (file: string) => statSync(file, { throwIfNoEntry: false })?.size ?? 0;

/** Lines of output a task detail carries. */
const RECENT_OUTPUT_LINES = 50;

export class TaskOutput {
  /**
   * Finished tasks' rendered details, by record. Records are replaced (never changed) on every
   * update, and a finished task's log no longer grows, so an entry can never be stale; it goes
   * with its record.
   */
  private readonly finishedDetails = new WeakMap<TaskRecord, Buffer<ArrayBuffer>>();
  /**
   * Running tasks' rendered details, by record, with the log size they were rendered at: the
   * log only grows, so the same record and the same size mean the same answer, and a read
   * costs one stat instead of reading the log's end. (Not for queued tasks: their queue
   * position changes without their record changing.)
   */
  private readonly runningDetails = new WeakMap<TaskRecord, { size: number; body: Buffer<ArrayBuffer> }>();

  constructor(
    private readonly paths: TaskPaths,
    /** The most a tail reads back from the end of a log (MAX_TAIL_BYTES). */
    private readonly maxTailBytes: number,
  ) {}

  /**
   * The last `count` lines of the task's log (with their newlines); "" when it has none. Only
   * lines within the last MAX_TAIL_BYTES of the log: a tail never costs more than that.
   */
  tail(task: TaskRecord, count: number): Promise<string> {
    return readTailLines(this.paths.outputLog(task.task_id), count, this.maxTailBytes);
  }

  /** The whole log as a stream (a log may be far larger than memory), or undefined when there is none yet. */
  async stream(task: TaskRecord): Promise<ReadStream | undefined> {
    const stream = createReadStream(this.paths.outputLog(task.task_id));
    const opened = await new Promise<boolean>((resolve) => {
      stream.once("open", () => resolve(true));
      stream.once("error", () => resolve(false));
    });
    return opened ? stream : undefined;
  }

  /** Finished tasks' MCP statuses, by record (their runs report nothing more). */
  private readonly finishedMcp = new WeakMap<TaskRecord, McpServerStatus[] | undefined>();

  /** The task's MCP servers with their status from its latest run (undefined without any). */
  async mcpServers(task: TaskRecord): Promise<McpServerStatus[] | undefined> {
    if (!task.mcp_servers?.length) return undefined;
    if (this.finishedMcp.has(task)) return this.finishedMcp.get(task);
    const statuses = await mcpServerStatuses(task, this.paths.outputLog(task.task_id));
    if (isFinishedTask(task.status)) this.finishedMcp.set(task, statuses);
    return statuses;
  }

  /** A finished task's detail as last rendered by `detail`, if it was (for an answer without waiting). */
  keptDetail(task: TaskRecord | undefined): Buffer<ArrayBuffer> | undefined {
    return task && this.finishedDetails.get(task);
  }

  /**
   * `render(recentOutput)`: the task's detail as the caller shapes it, with its last
   * RECENT_OUTPUT_LINES lines, as UTF-8 bytes. A finished task's rendering is kept with its
   * record, so repeated reads of it cost neither a file read nor a serialisation, nor the
   * encoding (and measuring) of the text that a string would cost on every answer.
   */
  async detail(task: TaskRecord, render: (recentOutput: string) => string): Promise<Buffer<ArrayBuffer>> {
    const finished = isFinishedTask(task.status);
    const kept = finished ? this.finishedDetails.get(task) : undefined;
    if (kept !== undefined) return kept;
    if (task.status === "running") {
      // The size first: a body rendered after it is at least as new as it says. A synchronous
      // stat of a local file takes microseconds, less than the thread-pool round trip of an
      // asynchronous one, and it is the whole cost of a cached answer.
      const size = logSizeNow(this.paths.outputLog(task.task_id));
      const running = this.runningDetails.get(task);
      if (running?.size === size) return running.body;
      const body = Buffer.from(render(await this.tail(task, RECENT_OUTPUT_LINES)));
      this.runningDetails.set(task, { size, body });
      return body;
    }
    const body = Buffer.from(render(await this.tail(task, RECENT_OUTPUT_LINES)));
    if (finished) this.finishedDetails.set(task, body);
    return body;
  }
}

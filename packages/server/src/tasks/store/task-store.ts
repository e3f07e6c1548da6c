/**
 * Keeps every task in memory (listing never re-reads the disk) and persists each change to
 * TASKS_DIR/{id}/task.json atomically. Knows nothing of HTTP or tmux.
 */
import { chmod, mkdir, readdir, readFile, rm } from "node:fs/promises";
import path from "node:path";
import { taskNotFound } from "../../errors.js";
import { writeFileAtomic } from "../../util/atomic-write.js";
import type { Logger } from "../../util/logger.js";
import { isValidTaskId } from "../task-id.js";
import { detached } from "../task-locks.js";
import { isFinishedTask, type RunRecord, type TaskRecord } from "../task-model.js";
import { optionSetFile, readOptionSet, storedOptionSet } from "./option-sets.js";
import { isInlinePrompt, parseTaskFile, serializeTaskFile } from "./task-file-format.js";
import { SERVER_FILES, type TaskPaths } from "./task-paths.js";

const LOAD_CONCURRENCY = 64;

/** Newest first; ids break ties so the order is total and stable for paging. */
export const newestFirst = (a: TaskRecord, b: TaskRecord) =>
  b.created_at - a.created_at || (a.task_id < b.task_id ? 1 : a.task_id > b.task_id ? -1 : 0);

export class TaskStore {
  private tasks = new Map<string, TaskRecord>();
  /** Ids newest first; rebuilt only after a create (created_at never changes), not per request. */
  private sortedIds: string[] | undefined;

  /** Counts changes to the set of records (create, update, remove): views built at one count stay true until it moves. */
  private changeCount = 0;
  private listeners = new Set<(task: TaskRecord) => void>();
  /**
   * Per task, how many of its runs have their long prompts safely in runs/{n}.prompt: 0 for
   * a record read in an older format (its next write moves them out of task.json).
   */
  private promptFilesWritten = new Map<string, number>();
  /**
   * Per task, the stored option set of each run known so far (undefined: inline), and the
   * sets whose file is written. A record read in an older format starts with none known.
   */
  private optionRefs = new Map<string, Array<string | undefined>>();
  private optionSetsWritten = new Map<string, Set<string>>();
  private byIdempotencyKey = new Map<string, string>();

  constructor(
    private readonly paths: TaskPaths,
    private readonly log: Logger,
  ) {}

  /** Creates TASKS_DIR (0700) and loads every readable task; bad entries are skipped with a warning. */
  async load(): Promise<void> {
    await mkdir(this.paths.tasksDir, { recursive: true, mode: 0o700 });
    await chmod(this.paths.tasksDir, 0o700);
    const entries = await readdir(this.paths.tasksDir, { withFileTypes: true });
    const ids: string[] = [];
    for (const entry of entries) {
      if (entry.name.startsWith(".") || SERVER_FILES.has(entry.name)) continue;
      if (!entry.isDirectory() || !isValidTaskId(entry.name)) {
        this.log.warn("skipping unknown entry in TASKS_DIR", { entry: entry.name });
        continue;
      }
      ids.push(entry.name);
    }
    let next = 0;
    const worker = async () => {
      while (next < ids.length) {
        const id = ids[next++] as string;
        const task = await this.readFromDisk(id);
        if (task) this.add(task);
      }
    };
    await Promise.all(Array.from({ length: Math.min(LOAD_CONCURRENCY, ids.length) }, worker));
    this.sortedIds = undefined;
  }

  private async readFromDisk(id: string): Promise<TaskRecord | undefined> {
    try {
      const { task, promptFiles, optionSets, legacy } = parseTaskFile(await readFile(this.paths.taskFile(id), "utf8"), id);
      for (const index of promptFiles) {
        (task.runs[index] as RunRecord).prompt = await readFile(this.paths.runPrompt(id, index), "utf8");
      }
      const refs: Array<string | undefined> = legacy ? [] : task.runs.map(() => undefined);
      for (const { run, ref } of optionSets) {
        (task.runs[run] as RunRecord).options = await readOptionSet(this.paths.dir(id), ref);
        if (!legacy) refs[run] = ref;
      }
      this.optionRefs.set(id, refs);
      this.optionSetsWritten.set(id, new Set(optionSets.map((s) => s.ref)));
      if (promptFiles.includes(0)) task.prompt = task.runs[0]?.prompt ?? "";
      this.promptFilesWritten.set(id, legacy ? 0 : task.runs.length);
      return task;
    } catch (err) {
      this.log.warn("skipping unreadable task", { task_id: id, reason: (err as Error).message });
      return undefined;
    }
  }

  get(id: string): TaskRecord | undefined {
    return this.tasks.get(id);
  }

  /** The task, or the `not_found` AppError every operation on an unknown id answers with. */
  require(id: string): TaskRecord {
    const task = isValidTaskId(id) ? this.tasks.get(id) : undefined;
    if (!task) throw taskNotFound();
    return task;
  }

  /** Every task, newest first. */
  list(): TaskRecord[] {
    this.sortedIds ??= [...this.tasks.values()].sort(newestFirst).map((t) => t.task_id);
    return this.sortedIds.map((id) => this.tasks.get(id) as TaskRecord);
  }

  /** Tasks that still have work in progress or waiting. */
  unfinished(): TaskRecord[] {
    return [...this.tasks.values()].filter((t) => !isFinishedTask(t.status));
  }

  /** Creates the task's directory and writes its first task.json. */
  async create(task: TaskRecord): Promise<void> {
    try {
      await mkdir(this.paths.runsDir(task.task_id), { recursive: true, mode: 0o700 });
      await this.save(task);
    } catch (err) {
      // Leave no half-made task directory behind (it would be skipped at every start).
      await rm(this.paths.dir(task.task_id), { recursive: true, force: true });
      this.optionSetsWritten.delete(task.task_id);
      throw err;
    }
    this.add(task);
    this.sortedIds = undefined;
    this.emit(task);
  }

  /** Moves on with every change to any record; a view remembered at one version is current while it holds. */
  get version(): number {
    return this.changeCount;
  }

  private add(task: TaskRecord): void {
    this.changeCount++;
    this.tasks.set(task.task_id, task);
    if (task.idempotency) this.byIdempotencyKey.set(task.idempotency.key, task.task_id);
  }

  /** The task created with this Idempotency-Key, if it is still stored. */
  findByIdempotencyKey(key: string): TaskRecord | undefined {
    const id = this.byIdempotencyKey.get(key);
    return id ? this.tasks.get(id) : undefined;
  }

  /** Deletes the task's directory and forgets it. */
  async remove(id: string): Promise<void> {
    const task = this.tasks.get(id);
    if (!task) return;
    // A killed run's wrapper may still write its exit record for a moment: a file that appears
    // while the folder is emptied fails the removal (ENOTEMPTY), and a retry finishes it.
    await rm(this.paths.dir(id), { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
    this.tasks.delete(id);
    this.changeCount++;
    this.promptFilesWritten.delete(id);
    this.optionRefs.delete(id);
    this.optionSetsWritten.delete(id);
    if (task.idempotency && this.byIdempotencyKey.get(task.idempotency.key) === id) {
      this.byIdempotencyKey.delete(task.idempotency.key);
    }
    this.sortedIds = undefined;
  }

  /**
   * Applies `change` to a copy of the task and persists it; only once the file is safely
   * written does the copy replace the in-memory record. A failed write (disk full) leaves
   * both the file and memory as they were.
   */
  async update(id: string, change: (task: TaskRecord) => void): Promise<TaskRecord> {
    const current = this.tasks.get(id);
    if (!current) throw new Error(`task ${id} is not loaded`);
    const next = structuredClone(current);
    change(next);
    await this.save(next);
    this.tasks.set(id, next);
    this.changeCount++;
    this.emit(next);
    return next;
  }

  /** Calls `listener` with every task after each change; returns the unsubscribe function. */
  onChange(listener: (task: TaskRecord) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(task: TaskRecord): void {
    // Changes are made under a task's lock; what listeners start (a webhook delivery that
    // records its attempt) must not count as holding it.
    detached(() => {
      for (const listener of this.listeners) listener(task);
    });
  }

  /**
   * Writes the long prompts not yet on disk (each once, beside its run), the large option
   * sets not yet on disk (each distinct set once), then task.json.
   */
  private async save(task: TaskRecord): Promise<void> {
    const id = task.task_id;
    const written = this.promptFilesWritten.get(id) ?? 0;
    const pending = task.runs.map((run, index) => ({ run, index })).slice(written);
    const long = pending.filter(({ run }) => !isInlinePrompt(run.prompt));
    if (long.length > 0) await mkdir(this.paths.runsDir(id), { recursive: true, mode: 0o700 });
    for (const { run, index } of long) await writeFileAtomic(this.paths.runPrompt(id, index), run.prompt, 0o600);
    const refs = await this.saveOptionSets(task);
    await writeFileAtomic(this.paths.taskFile(id), serializeTaskFile(task, refs), 0o600);
    this.promptFilesWritten.set(id, task.runs.length);
    this.optionRefs.set(id, refs);
  }

  /** Stores the option sets of runs added since the last save; answers every run's set name. */
  private async saveOptionSets(task: TaskRecord): Promise<Array<string | undefined>> {
    const id = task.task_id;
    const refs = [...(this.optionRefs.get(id) ?? [])];
    const written = this.optionSetsWritten.get(id) ?? new Set<string>();
    this.optionSetsWritten.set(id, written);
    for (const run of task.runs.slice(refs.length)) {
      // A run's options never change once it is recorded: each is looked at once.
      const stored = storedOptionSet(run.options);
      refs.push(stored?.ref);
      if (!stored || written.has(stored.ref)) continue;
      const file = optionSetFile(this.paths.dir(id), stored.ref);
      await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
      await writeFileAtomic(file, stored.json, 0o600);
      written.add(stored.ref);
    }
    return refs;
  }
}

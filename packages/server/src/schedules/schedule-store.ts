/**
 * Schedules on disk: one JSON file each under `TASKS_DIR/.schedules/`, replaced atomically
 * (a reader or a restart sees the old or the new file, never half of one), kept in memory.
 */
import { mkdir, readdir, readFile, unlink } from "node:fs/promises";
import path from "node:path";
import { writeFileAtomic } from "../util/atomic-write.js";
import type { Logger } from "../util/logger.js";
import { SCHEDULE_ID_PATTERN, type ScheduleRecord } from "./schedule-model.js";

/** The file format's version, so that a later server can read what this one wrote. */
const FORMAT = 1;

export class ScheduleStore {
  private readonly schedules = new Map<string, ScheduleRecord>();

  constructor(
    readonly dir: string,
    private readonly log: Logger,
  ) {}

  /** Reads every schedule file; an unreadable one is skipped with a warning. */
  async load(): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    for (const name of await readdir(this.dir)) {
      const id = name.replace(/\.json$/, "");
      if (name.startsWith(".") || !name.endsWith(".json") || !SCHEDULE_ID_PATTERN.test(id)) continue;
      try {
        const { format, schedule } = JSON.parse(await readFile(this.file(id), "utf8"));
        if (format !== FORMAT || schedule?.schedule_id !== id) throw new Error(`unknown format ${format}`);
        this.schedules.set(id, schedule);
      } catch (err) {
        this.log.warn("skipping unreadable schedule", { schedule_id: id, error: (err as Error).message });
      }
    }
  }

  /** Oldest first. */
  list(): ScheduleRecord[] {
    return [...this.schedules.values()].sort((a, b) => a.created_at - b.created_at);
  }

  get(id: string): ScheduleRecord | undefined {
    return this.schedules.get(id);
  }

  /** Writes the schedule's file, then keeps it in memory. */
  async save(schedule: ScheduleRecord): Promise<void> {
    await writeFileAtomic(this.file(schedule.schedule_id), `${JSON.stringify({ format: FORMAT, schedule })}\n`, 0o600);
    this.schedules.set(schedule.schedule_id, schedule);
  }

  async remove(id: string): Promise<void> {
    await unlink(this.file(id)).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== "ENOENT") throw err;
    });
    this.schedules.delete(id);
  }

  private file(id: string): string {
    if (!SCHEDULE_ID_PATTERN.test(id)) throw new Error(`not a schedule id: ${id}`);
    return path.join(this.dir, `${id}.json`);
  }
}

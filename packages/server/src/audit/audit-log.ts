/**
 * TASKS_DIR/audit.log: one JSON line per state-changing request and per refused authentication.
 * Each line is written (appended, one write call, O_APPEND) before the answer goes out, so it
 * survives a kill -9 of the server the moment the client could know the outcome. Past
 * `maxBytes` the file becomes audit.log.1 (replacing the one before) and a new one starts.
 * The file is 0600. What goes into an entry is the caller's to keep clean (http/audit-hook.ts):
 * this file only stores, numbers and reads back.
 */
import { chmod, type FileHandle, open, readFile, rename } from "node:fs/promises";
import type { AuditEntry } from "../generated/schemas.js";
import type { Logger } from "../util/logger.js";
import { KeyedMutex } from "../util/mutex.js";

export type { AuditEntry };
export type NewAuditEntry = Omit<AuditEntry, "seq" | "time">;

export interface AuditQuery {
  limit?: number;
  /** The seq of the last entry of the previous page: this page starts below it. */
  cursor?: number;
  action?: string;
  task_id?: string;
}

const DEFAULT_PAGE = 100;

export class AuditLog {
  private readonly lock = new KeyedMutex();
  private handle: FileHandle | undefined;
  private size = 0;

  private constructor(
    readonly file: string,
    private readonly maxBytes: number,
    private readonly log: Logger,
    private seq: number,
  ) {}

  static async open(file: string, maxBytes: number, log: Logger): Promise<AuditLog> {
    const last = (await readEntries(file)).at(-1) ?? (await readEntries(`${file}.1`)).at(-1);
    const audit = new AuditLog(file, maxBytes, log, last?.seq ?? 0);
    await audit.openFile();
    return audit;
  }

  /** Appends one entry; resolves once the line is written. */
  append(entry: NewAuditEntry): Promise<void> {
    return this.lock.run("file", async () => {
      const line = `${JSON.stringify({ seq: ++this.seq, time: new Date().toISOString(), ...entry })}\n`;
      const handle = this.handle ?? (await this.openFile());
      await handle.write(line);
      this.size += Buffer.byteLength(line);
      if (this.size > this.maxBytes) await this.rotate();
    });
  }

  /** Newest first, filtered, one page. Reads the current file and the one rotated before it. */
  async list(query: AuditQuery): Promise<{ entries: AuditEntry[]; next_cursor?: string }> {
    const limit = query.limit ?? DEFAULT_PAGE;
    const all = [...(await readEntries(`${this.file}.1`)), ...(await readEntries(this.file))];
    const entries: AuditEntry[] = [];
    for (let i = all.length - 1; i >= 0 && entries.length <= limit; i--) {
      const entry = all[i] as AuditEntry;
      if (query.cursor !== undefined && entry.seq >= query.cursor) continue;
      if (query.action !== undefined && entry.action !== query.action) continue;
      if (query.task_id !== undefined && entry.task_id !== query.task_id) continue;
      entries.push(entry);
    }
    if (entries.length <= limit) return { entries };
    entries.length = limit;
    return { entries, next_cursor: String((entries.at(-1) as AuditEntry).seq) };
  }

  async close(): Promise<void> {
    await this.lock.run("file", async () => {
      await this.handle?.close();
      this.handle = undefined;
    });
  }

  private async openFile(): Promise<FileHandle> {
    this.handle = await open(this.file, "a", 0o600);
    // A file made by an older server, or copied in, may be readable by others.
    await chmod(this.file, 0o600);
    this.size = (await this.handle.stat()).size;
    // A crash mid-write leaves a torn last line: end it, so the next entry is not glued to it.
    if (this.size > 0 && !(await endsWithNewline(this.file, this.size))) {
      await this.handle.write("\n");
      this.size += 1;
    }
    return this.handle;
  }

  private async rotate(): Promise<void> {
    await this.handle?.close();
    this.handle = undefined;
    await rename(this.file, `${this.file}.1`);
    this.log.info("audit log rotated", { file: this.file, bytes: this.size });
    await this.openFile();
  }
}

async function endsWithNewline(file: string, size: number): Promise<boolean> {
  const reader = await open(file, "r");
  try {
    const { buffer } = await reader.read(Buffer.alloc(1), 0, 1, size - 1);
    return buffer[0] === 0x0a;
  } finally {
    await reader.close();
  }
}

/** The entries of one file; a line cut short by a crash mid-write is skipped. */
async function readEntries(file: string): Promise<AuditEntry[]> {
  const text = await readFile(file, "utf8").catch(() => "");
  const entries: AuditEntry[] = [];
  for (const line of text.split("\n")) {
    if (!line) continue;
    try {
      entries.push(JSON.parse(line) as AuditEntry);
    } catch {
      // The torn tail of a line: the rest of the file is still good.
    }
  }
  return entries;
}

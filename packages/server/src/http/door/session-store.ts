/**
 * Where dashboard sessions are kept: TASKS_DIR/.dashboard-sessions.json, mode 0600, so that an
 * open page carries on across a server restart, yet every session can be ended on the server.
 * The file holds each session's SHA-256 and its end, never a cookie: whoever reads it (a task
 * runs as the same user) learns nothing they could present to the server.
 */
import { readFile } from "node:fs/promises";
import { writeFileAtomic } from "../../util/atomic-write.js";

export interface SessionRecord {
  /** May see and replace the bearer token (see DashboardSessions). */
  owner: boolean;
  createdAt: number;
  expiresAt: number;
}

/** Session records by the hash of their cookie. */
export type SessionRecords = Map<string, SessionRecord>;

const HASH = /^[A-Za-z0-9_-]{43}$/;

const isRecord = (value: unknown): value is SessionRecord => {
  const r = value as Partial<SessionRecord> | null;
  return (
    typeof r === "object" &&
    r !== null &&
    typeof r.owner === "boolean" &&
    Number.isFinite(r.createdAt) &&
    Number.isFinite(r.expiresAt)
  );
};

/** The records in `file`; none when it is missing or unreadable (everyone signs in again). */
export async function readSessionRecords(file: string): Promise<SessionRecords> {
  const text = await readFile(file, "utf8").catch(() => undefined);
  const records: SessionRecords = new Map();
  if (text === undefined) return records;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return records;
  }
  const sessions = (parsed as { sessions?: unknown } | null)?.sessions;
  if (typeof sessions !== "object" || sessions === null) return records;
  for (const [hash, record] of Object.entries(sessions)) {
    if (HASH.test(hash) && isRecord(record)) {
      records.set(hash, { owner: record.owner, createdAt: record.createdAt, expiresAt: record.expiresAt });
    }
  }
  return records;
}

/** Replaces the file with these records (atomically, 0600 from its first byte). */
export function writeSessionRecords(file: string, records: SessionRecords): Promise<void> {
  const body = JSON.stringify({ version: 1, sessions: Object.fromEntries(records) });
  return writeFileAtomic(file, `${body}\n`, 0o600);
}

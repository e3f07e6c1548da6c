/**
 * Dashboard sign-in without the OAuth2 proxy, the way Jupyter does it: the server hands out
 * one-time links (kept in this process's memory: a restart prints a fresh one); opening one
 * trades it for a session cookie. The cookie is a random value and nothing else: the server
 * keeps each session's record (hashed, see session-store.ts) and decides from it alone whether
 * and until when the session lives, so any session can be ended, and none outlives its 12 hours
 * whatever a cookie says.
 */
import { createHash, randomBytes } from "node:crypto";
import { readSessionRecords, type SessionRecord, type SessionRecords, writeSessionRecords } from "./session-store.js";

export interface DashboardSession {
  /**
   * Owner sessions may see and regenerate the bearer token. Sessions opened with a link that a
   * bearer-token holder asked for may not, so that a leaked token still cannot mint another.
   */
  owner: boolean;
  expiresAt: number;
}

export interface SessionOptions {
  /** Keeps sessions across restarts (TASKS_DIR/.dashboard-sessions.json); memory only when absent. */
  file?: string;
  /** How long a session lasts after sign-in. */
  sessionTtlMs?: number;
  /** Links never opened stop working after this long (the start-up link too). */
  linkTtlMs?: number;
  now?: () => number;
}

/** What signing out ended. */
export interface Ended {
  ended_sessions: number;
  ended_links: number;
}

const MAX_PENDING_LINKS = 64;
// A bound on the records kept (each sign-in adds one): past it the oldest session ends.
const MAX_SESSIONS = 256;

const secret = () => randomBytes(32).toString("base64url");
// Links and sessions are kept hashed, so neither a heap dump nor the sessions file shows
// anything a browser could present.
const hash = (value: string) => createHash("sha256").update(value).digest("base64url");

export class DashboardSessions {
  private readonly links = new Map<string, DashboardSession>();
  private records: SessionRecords = new Map();
  private readonly sessionTtlMs: number;
  private readonly linkTtlMs: number;
  private readonly now: () => number;
  private saving: Promise<void> = Promise.resolve();

  constructor(private readonly options: SessionOptions = {}) {
    this.sessionTtlMs = options.sessionTtlMs ?? 12 * 3600_000;
    this.linkTtlMs = options.linkTtlMs ?? 24 * 3600_000;
    this.now = options.now ?? Date.now;
  }

  /** Sessions kept in `options.file` by an earlier run, those still live. */
  static async open(options: SessionOptions & { file: string }): Promise<DashboardSessions> {
    const sessions = new DashboardSessions(options);
    sessions.records = await readSessionRecords(options.file);
    sessions.prune();
    return sessions;
  }

  /** A new one-time sign-in code; the oldest unused one is dropped past a small limit. */
  mintLink(owner: boolean): { code: string; expiresAt: number } {
    const now = this.now();
    for (const [k, v] of this.links) if (v.expiresAt <= now) this.links.delete(k);
    if (this.links.size >= MAX_PENDING_LINKS) this.links.delete(this.links.keys().next().value as string);
    const code = secret();
    const expiresAt = now + this.linkTtlMs;
    this.links.set(hash(code), { owner, expiresAt });
    return { code, expiresAt };
  }

  /** Trades a sign-in code for a new session; undefined when the code is unknown, used or expired. */
  async redeem(code: string): Promise<{ cookie: string; expiresAt: number } | undefined> {
    const k = hash(code);
    const link = this.links.get(k);
    this.links.delete(k);
    if (!link || link.expiresAt <= this.now()) return undefined;
    return this.start(link.owner);
  }

  /** A new session, without a link: for the caller who just regenerated the token (which ended theirs). */
  async start(owner: boolean): Promise<{ cookie: string; expiresAt: number }> {
    const cookie = secret();
    const now = this.now();
    const record: SessionRecord = { owner, createdAt: now, expiresAt: now + this.sessionTtlMs };
    this.prune();
    if (this.records.size >= MAX_SESSIONS) this.records.delete(this.records.keys().next().value as string);
    this.records.set(hash(cookie), record);
    await this.save();
    return { cookie, expiresAt: record.expiresAt };
  }

  /** The live session a cookie value stands for, as the server's own record says. */
  lookup(cookie: string | undefined): DashboardSession | undefined {
    if (!cookie) return undefined;
    const record = this.records.get(hash(cookie));
    if (!record || !this.isLive(record)) return undefined;
    return { owner: record.owner, expiresAt: record.expiresAt };
  }

  /** Ends the session of this cookie (sign-out); 0 when it was not live. */
  async end(cookie: string | undefined): Promise<Ended> {
    const removed = cookie !== undefined && this.records.delete(hash(cookie));
    if (removed) await this.save();
    return { ended_sessions: removed ? 1 : 0, ended_links: 0 };
  }

  /** Ends every session and every unused link: sign-out everywhere, and a regenerated token. */
  async endAll(): Promise<Ended> {
    this.prune();
    const ended = { ended_sessions: this.records.size, ended_links: this.links.size };
    this.records = new Map();
    this.links.clear();
    await this.save();
    return ended;
  }

  /**
   * Live by the record's end, and within this server's lifetime from its start: a record
   * written with a later end (by hand, or by an older server) does not stretch a session.
   */
  private isLive(record: SessionRecord): boolean {
    const now = this.now();
    return record.expiresAt > now && record.createdAt + this.sessionTtlMs > now;
  }

  private prune(): void {
    for (const [k, v] of this.records) if (!this.isLive(v)) this.records.delete(k);
  }

  /** Writes the records, one write at a time, in the order of the changes. */
  private save(): Promise<void> {
    const file = this.options.file;
    if (!file) return Promise.resolve();
    const snapshot = new Map(this.records);
    const write = this.saving.catch(() => undefined).then(() => writeSessionRecords(file, snapshot));
    this.saving = write;
    return write;
  }
}

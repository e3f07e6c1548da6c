/**
 * Dashboard sign-in without the OAuth2 proxy, the way Jupyter does it: the server hands out
 * one-time links; opening one trades it for a session (an HttpOnly cookie). Both live only in
 * this process's memory: a restart signs everyone out and prints a fresh link.
 */
import { createHash, randomBytes } from "node:crypto";

export interface DashboardSession {
  /**
   * Owner sessions may see and regenerate the bearer token. Sessions opened with a link that a
   * bearer-token holder asked for may not, so that a leaked token still cannot mint another.
   */
  owner: boolean;
  expiresAt: number;
}

export interface SessionOptions {
  /** How long a session lasts after sign-in. */
  sessionTtlMs?: number;
  /** Links never opened stop working after this long (the start-up link too). */
  linkTtlMs?: number;
  now?: () => number;
}

const MAX_PENDING_LINKS = 64;
const MAX_SESSIONS = 256;

const secret = () => randomBytes(32).toString("base64url");
// Stored hashed, so a heap dump or a debugger shows nothing a browser could present.
const key = (value: string) => createHash("sha256").update(value).digest("base64url");

export class DashboardSessions {
  private readonly links = new Map<string, DashboardSession>();
  private readonly sessions = new Map<string, DashboardSession>();
  private readonly sessionTtlMs: number;
  private readonly linkTtlMs: number;
  private readonly now: () => number;

  constructor(options: SessionOptions = {}) {
    this.sessionTtlMs = options.sessionTtlMs ?? 12 * 3600_000;
    this.linkTtlMs = options.linkTtlMs ?? 24 * 3600_000;
    this.now = options.now ?? Date.now;
  }

  /** A new one-time sign-in code; the oldest unused one is dropped past a small limit. */
  mintLink(owner: boolean): { code: string; expiresAt: number } {
    this.sweep(this.links);
    if (this.links.size >= MAX_PENDING_LINKS) this.links.delete(this.links.keys().next().value as string);
    const code = secret();
    const expiresAt = this.now() + this.linkTtlMs;
    this.links.set(key(code), { owner, expiresAt });
    return { code, expiresAt };
  }

  /** Trades a sign-in code for a session id; undefined when the code is unknown, used or expired. */
  redeem(code: string): string | undefined {
    const k = key(code);
    const link = this.links.get(k);
    this.links.delete(k);
    if (!link || link.expiresAt <= this.now()) return undefined;
    this.sweep(this.sessions);
    if (this.sessions.size >= MAX_SESSIONS) this.sessions.delete(this.sessions.keys().next().value as string);
    const id = secret();
    this.sessions.set(key(id), { owner: link.owner, expiresAt: this.now() + this.sessionTtlMs });
    return id;
  }

  /** The live session for a cookie value, if any. */
  lookup(id: string | undefined): DashboardSession | undefined {
    if (!id) return undefined;
    const session = this.sessions.get(key(id));
    if (!session) return undefined;
    if (session.expiresAt > this.now()) return session;
    this.sessions.delete(key(id));
    return undefined;
  }

  get ttlSeconds(): number {
    return Math.floor(this.sessionTtlMs / 1000);
  }

  private sweep(map: Map<string, DashboardSession>) {
    const now = this.now();
    for (const [k, v] of map) if (v.expiresAt <= now) map.delete(k);
  }
}

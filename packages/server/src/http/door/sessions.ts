/**
 * Dashboard sign-in without the OAuth2 proxy, the way Jupyter does it: the server hands out
 * one-time links (kept in this process's memory: a restart prints a fresh one); opening one
 * trades it for a session cookie, signed with the session key so that it stays valid across
 * restarts until it expires.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";

export interface DashboardSession {
  /**
   * Owner sessions may see and regenerate the bearer token. Sessions opened with a link that a
   * bearer-token holder asked for may not, so that a leaked token still cannot mint another.
   */
  owner: boolean;
  expiresAt: number;
}

export interface SessionOptions {
  /** Signs session cookies; a fresh random key (sessions end with the process) when absent. */
  key?: Buffer;
  /** How long a session lasts after sign-in. */
  sessionTtlMs?: number;
  /** Links never opened stop working after this long (the start-up link too). */
  linkTtlMs?: number;
  now?: () => number;
}

const MAX_PENDING_LINKS = 64;

const secret = () => randomBytes(32).toString("base64url");
// Links are stored hashed, so a heap dump shows nothing a browser could present.
const hash = (value: string) => createHash("sha256").update(value).digest("base64url");

export class DashboardSessions {
  private readonly links = new Map<string, DashboardSession>();
  private readonly key: Buffer;
  private readonly sessionTtlMs: number;
  private readonly linkTtlMs: number;
  private readonly now: () => number;

  constructor(options: SessionOptions = {}) {
    this.key = options.key ?? randomBytes(32);
    this.sessionTtlMs = options.sessionTtlMs ?? 12 * 3600_000;
    this.linkTtlMs = options.linkTtlMs ?? 24 * 3600_000;
    this.now = options.now ?? Date.now;
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

  /** Trades a sign-in code for a session cookie value; undefined when the code is unknown, used or expired. */
  redeem(code: string): string | undefined {
    const k = hash(code);
    const link = this.links.get(k);
    this.links.delete(k);
    if (!link || link.expiresAt <= this.now()) return undefined;
    const payload = `${this.now() + this.sessionTtlMs}.${link.owner ? "owner" : "tasks"}.${secret()}`;
    return `${payload}.${this.sign(payload)}`;
  }

  /** The live session a cookie value stands for, if it is ours and has not expired. */
  lookup(cookie: string | undefined): DashboardSession | undefined {
    const cut = cookie?.lastIndexOf(".") ?? -1;
    if (!cookie || cut < 0) return undefined;
    const payload = cookie.slice(0, cut);
    const given = Buffer.from(cookie.slice(cut + 1), "base64url");
    const expected = Buffer.from(this.sign(payload), "base64url");
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    const [expires, scope] = payload.split(".");
    const expiresAt = Number(expires);
    if (!(expiresAt > this.now())) return undefined;
    return { owner: scope === "owner", expiresAt };
  }

  get ttlSeconds(): number {
    return Math.floor(this.sessionTtlMs / 1000);
  }

  private sign(payload: string): string {
    return createHmac("sha256", this.key).update(payload).digest("base64url");
  }
}

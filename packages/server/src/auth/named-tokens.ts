/**
 * Named bearer tokens with scopes and limits, kept in TASKS_DIR/.api-tokens.json (0600). Only the
 * sha256 of each token is stored: a token is 32 random bytes, so its hash cannot be reversed and
 * needs no salt. Checking one is a hash and a Map lookup by that hash (no comparison of secret
 * bytes an attacker could time: finding the entry already proves the hash matched). last_used_at
 * lives in memory and reaches the disk at most once per FLUSH_MS, never once per request.
 */
import crypto, { createHash, randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { AppError } from "../errors.js";
import type { TokenScope } from "../generated/doors.js";
import { writeFileAtomic } from "../util/atomic-write.js";
import type { Logger } from "../util/logger.js";
import { KeyedMutex } from "../util/mutex.js";

/** Every named token starts so: the bearer guard knows which store to ask without a lookup. */
export const NAMED_TOKEN_PREFIX = "ctn_";
const FLUSH_MS = 60_000;

export interface NamedTokenLimits {
  workdirs?: string[];
  secrets?: string[];
  mcp_servers?: string[];
}

export interface NamedToken extends NamedTokenLimits {
  id: string;
  name: string;
  scopes: TokenScope[];
  created_at: number;
  expires_at?: number;
  last_used_at?: number;
  revoked_at?: number;
}

interface StoredToken extends NamedToken {
  /** sha256 of the token, hex. */
  hash: string;
}

/** Why a token may not be used; the token itself when it is known (revoked, expired). */
export interface TokenRefusal {
  code: "unauthorized" | "token_expired" | "token_revoked";
  token?: NamedToken;
}

const UNKNOWN: TokenRefusal = { code: "unauthorized" };
const hashOf = (token: string) => createHash("sha256").update(token).digest("hex");
/**
 * The Map's key, per request: the same digest as a binary string (cheaper to make than hex), with
 * the one-shot crypto.hash where Node has it (20.12+: half the time of a Hash object).
 */
const keyOf: (token: string) => string =
  typeof crypto.hash === "function"
    ? (token) => crypto.hash("sha256", token, "binary")
    : (token) => createHash("sha256").update(token).digest("binary");
const keyOfHash = (hex: string) => Buffer.from(hex, "hex").toString("binary");
const nowSeconds = () => Date.now() / 1000;

export class NamedTokens {
  /** By the sha256 of the value (as a binary string); the file holds it as hex. */
  private readonly byHash = new Map<string, StoredToken>();
  private readonly write = new KeyedMutex();
  private dirty = false;
  private timer: NodeJS.Timeout | undefined;

  private constructor(
    readonly file: string,
    private readonly log: Logger,
  ) {}

  static async open(file: string, log: Logger): Promise<NamedTokens> {
    const store = new NamedTokens(file, log);
    const text = await readFile(file, "utf8").catch((err: NodeJS.ErrnoException) => {
      if (err.code === "ENOENT") return "[]";
      throw err;
    });
    for (const stored of JSON.parse(text) as StoredToken[]) store.byHash.set(keyOfHash(stored.hash), stored);
    store.timer = setInterval(() => void store.flush(), FLUSH_MS);
    store.timer.unref();
    return store;
  }

  /** The live token this bearer value names, or why it may not be used. Called on every request: no allocation on success. */
  check(value: string): NamedToken | TokenRefusal {
    const stored = this.byHash.get(keyOf(value));
    if (!stored) return UNKNOWN;
    if (stored.revoked_at !== undefined) return { code: "token_revoked", token: stored };
    const now = nowSeconds();
    if (stored.expires_at !== undefined && stored.expires_at <= now) return { code: "token_expired", token: stored };
    stored.last_used_at = now;
    this.dirty = true;
    return stored;
  }

  /** Makes a token; its value is returned here only and never stored. */
  async create(spec: Omit<NamedToken, "id" | "created_at" | "expires_at"> & { expires_in_seconds?: number }) {
    const value = `${NAMED_TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
    const created_at = nowSeconds();
    const { expires_in_seconds, ...rest } = spec;
    const token: NamedToken = {
      id: `tok_${randomBytes(8).toString("hex")}`,
      ...rest,
      created_at,
      ...(expires_in_seconds !== undefined && { expires_at: created_at + expires_in_seconds }),
    };
    const hash = hashOf(value);
    this.byHash.set(keyOfHash(hash), { ...token, hash });
    await this.save();
    return { token: this.find(token.id) as NamedToken, value };
  }

  list(): NamedToken[] {
    return [...this.byHash.values()].map(publicView).sort((a, b) => b.created_at - a.created_at);
  }

  /** Revokes at once: the next request with it is refused (token_revoked). */
  async revoke(id: string): Promise<NamedToken> {
    const stored = [...this.byHash.values()].find((t) => t.id === id);
    if (!stored) throw new AppError("token_not_found", `No token ${id}`);
    if (stored.revoked_at === undefined) {
      stored.revoked_at = nowSeconds();
      await this.save();
    }
    return publicView(stored);
  }

  /** Writes last_used_at if a request changed it since the last write. */
  async flush(): Promise<void> {
    if (this.dirty) await this.save().catch((err: Error) => this.log.warn("could not save token use", { error: err.message }));
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  private find(id: string): NamedToken | undefined {
    const stored = [...this.byHash.values()].find((t) => t.id === id);
    return stored && publicView(stored);
  }

  private save(): Promise<void> {
    return this.write.run("file", async () => {
      this.dirty = false;
      await writeFileAtomic(this.file, `${JSON.stringify([...this.byHash.values()], null, 1)}\n`, 0o600);
    });
  }
}

/** A token without its hash. */
function publicView(stored: StoredToken): NamedToken {
  const { hash: _hash, ...token } = stored;
  return token;
}

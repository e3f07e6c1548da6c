/**
 * The bearer token: 36 random bytes, base64url (as Python's token_urlsafe(36)), kept in
 * TASKS_DIR/.api-token with mode 0600 from the moment the file exists.
 */
import { randomBytes, timingSafeEqual } from "node:crypto";
import { chmod, mkdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { writeFileAtomic } from "../util/atomic-write.js";
import type { Logger } from "../util/logger.js";

const TOKEN_SHAPE = /^[A-Za-z0-9_\-.~+/=]{16,512}$/;

export class TokenStore {
  private current: string | undefined;
  /** The current token's bytes, for comparing without building them on every request. */
  private currentBytes: Buffer | undefined;

  constructor(
    readonly file: string,
    private readonly log: Logger,
  ) {}

  /** Loads the token from disk, creating one if there is none or the file holds no usable token. */
  async ensure(): Promise<string> {
    await mkdir(path.dirname(this.file), { recursive: true, mode: 0o700 });
    const existing = await readFile(this.file, "utf8").then(
      (text) => text.trim(),
      () => undefined,
    );
    if (existing && TOKEN_SHAPE.test(existing)) {
      const mode = (await stat(this.file)).mode & 0o777;
      if (mode !== 0o600) {
        this.log.warn("token file was readable by others; restricting it to 0600", { file: this.file });
        await chmod(this.file, 0o600);
      }
      this.use(existing);
      return existing;
    }
    if (existing !== undefined) this.log.warn("token file holds no usable token; replacing it", { file: this.file });
    return this.regenerate();
  }

  /** Replaces the token; the old one stops working immediately. */
  async regenerate(): Promise<string> {
    const token = randomBytes(36).toString("base64url");
    await writeFileAtomic(this.file, `${token}\n`, 0o600);
    this.use(token);
    return token;
  }

  async get(): Promise<string> {
    return this.current ?? this.ensure();
  }

  private use(token: string): void {
    this.current = token;
    this.currentBytes = Buffer.from(token);
  }

  /**
   * Constant-time comparison of the bytes. Only the length can leak, and every token this
   * server makes has the same public length (48 characters); a hash per request to hide it
   * cost a measurable share of each request's time.
   */
  verify(candidate: string): boolean {
    if (!this.currentBytes) return false;
    const bytes = Buffer.from(candidate);
    return bytes.length === this.currentBytes.length && timingSafeEqual(bytes, this.currentBytes);
  }
}

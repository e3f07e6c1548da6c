/**
 * The key that signs dashboard session cookies, kept beside the token (TASKS_DIR/.dashboard-key,
 * mode 0600), so that sessions outlive a server restart: an open page reconnects its event
 * stream and carries on instead of being signed out.
 */
import { randomBytes } from "node:crypto";
import { mkdir, readFile } from "node:fs/promises";
import path from "node:path";
import { writeFileAtomic } from "../../util/atomic-write.js";

const KEY_BYTES = 32;

export async function loadSessionKey(file: string): Promise<Buffer> {
  const existing = await readFile(file, "utf8").then(
    (text) => Buffer.from(text.trim(), "base64url"),
    () => undefined,
  );
  if (existing && existing.length >= KEY_BYTES) return existing;
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const key = randomBytes(KEY_BYTES);
  await writeFileAtomic(file, `${key.toString("base64url")}\n`, 0o600);
  return key;
}

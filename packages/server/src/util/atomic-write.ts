import { randomBytes } from "node:crypto";
import { link, open, rename, unlink } from "node:fs/promises";
import path from "node:path";

/**
 * Writes a file so that readers see either the old or the new content, never a mix:
 * write a temp file in the same directory (created with `mode` from the first byte),
 * fsync it, then rename it over the target.
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array, mode = 0o644): Promise<void> {
  const tmp = await writeTempBeside(file, data, mode);
  try {
    await rename(tmp, file);
  } catch (err) {
    await unlink(tmp).catch(() => {});
    throw err;
  }
}

/**
 * Like writeFileAtomic, but only if `file` does not exist yet: of two writers racing for the
 * same name, exactly one wins (hard-linking never replaces). Returns false when it existed.
 */
export async function writeFileExclusive(file: string, data: string | Uint8Array, mode = 0o644): Promise<boolean> {
  const tmp = await writeTempBeside(file, data, mode);
  try {
    await link(tmp, file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw err;
  } finally {
    await unlink(tmp).catch(() => {});
  }
}

/** A synced temp file with `data`, in the directory of `file` (so a rename or link stays on one filesystem). */
async function writeTempBeside(file: string, data: string | Uint8Array, mode: number): Promise<string> {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString("hex")}.tmp`);
  const handle = await open(tmp, "wx", mode);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (err) {
    await handle.close().catch(() => {});
    await unlink(tmp).catch(() => {});
    throw err;
  }
  await handle.close();
  return tmp;
}

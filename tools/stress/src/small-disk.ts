/**
 * A real small filesystem for TASKS_DIR, so "disk full" is the kernel's own ENOSPC rather
 * than a simulation. Needs mount rights (root, as in CI and the dev sandbox); callers skip
 * with the reason when `mountSmallDisk` returns undefined.
 */
import { execFileSync } from "node:child_process";
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

export interface SmallDisk {
  dir: string;
  /** Writes a filler file until the filesystem is full; returns its path. */
  fill(): string;
  unmount(): void;
}

/**
 * Mounts a tmpfs of `sizeMiB` over the existing directory `dir`, keeping what it held (the
 * test harness has already put the token file there). Returns undefined, with the reason in
 * `why`, when this machine does not allow mounting.
 */
export function mountSmallDisk(dir: string, sizeMiB: number, why: { reason?: string } = {}): SmallDisk | undefined {
  const stash = mkdtempSync(path.join(tmpdir(), "cta-stash-"));
  try {
    execFileSync("cp", ["-a", `${dir}/.`, stash]);
    execFileSync("mount", ["-t", "tmpfs", "-o", `size=${sizeMiB}m,mode=0700`, "tmpfs", dir], { stdio: "pipe" });
    execFileSync("cp", ["-a", `${stash}/.`, dir]);
  } catch (err) {
    why.reason = `cannot mount a tmpfs here (${String((err as { stderr?: Buffer }).stderr ?? err).trim()})`;
    return undefined;
  } finally {
    rmSync(stash, { recursive: true, force: true });
  }
  return {
    dir,
    fill() {
      const filler = path.join(dir, ".filler");
      const fd = openSync(filler, "a");
      // Big writes first, then single bytes, so not even a short log line fits afterwards.
      for (const size of [1024 * 1024, 4096, 1]) {
        const chunk = Buffer.alloc(size, 0x78);
        try {
          for (;;) writeSync(fd, chunk);
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== "ENOSPC") throw err;
        }
      }
      closeSync(fd);
      return filler;
    },
    unmount() {
      execFileSync("umount", ["-l", dir], { stdio: "ignore" });
    },
  };
}

/**
 * `npm pack` before `pnpm build` must fail, not ship a tarball whose `exports` point at a dist/
 * that is not in it. The SDK's own manifest and pack scripts are copied into a scratch
 * workspace without dist/, so the real build of this checkout is left alone.
 */
import { execFile } from "node:child_process";
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, expect, it } from "vitest";

const repo = fileURLToPath(new URL("../../../..", import.meta.url));
let scratch: string;

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), "sdk-unbuilt-"));
  mkdirSync(join(scratch, "scripts"));
  copyFileSync(join(repo, "scripts/pack-manifest.mjs"), join(scratch, "scripts/pack-manifest.mjs"));
  copyFileSync(join(repo, "pnpm-workspace.yaml"), join(scratch, "pnpm-workspace.yaml"));
  mkdirSync(join(scratch, "packages/sdk"), { recursive: true });
  copyFileSync(join(repo, "packages/sdk/package.json"), join(scratch, "packages/sdk/package.json"));
  cpSync(join(repo, "packages/sdk/src"), join(scratch, "packages/sdk/src"), { recursive: true });
});
afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

it("npm pack of the SDK without its build fails naming the missing files, and writes no tarball", async () => {
  const dir = join(scratch, "packages/sdk");
  const out = mkdtempSync(join(scratch, "out-"));
  const packed = await promisify(execFile)("npm", ["pack", "--pack-destination", out, "--loglevel=error"], { cwd: dir }).then(
    () => ({ failed: false, stderr: "" }),
    (error: { stderr: string }) => ({ failed: true, stderr: error.stderr }),
  );
  expect(packed.failed).toBe(true);
  expect(packed.stderr).toContain(
    "@claude-task-api/sdk: not packed: package.json points at files that do not exist (./dist/index.d.ts, ./dist/index.js,",
  );
  expect(packed.stderr).toContain("run `pnpm build` first");
  expect(readdirSync(out)).toEqual([]);
  // package.json is left as it was (prepack failed before rewriting it).
  expect(readdirSync(dir).sort()).toEqual(["package.json", "src"]);
});

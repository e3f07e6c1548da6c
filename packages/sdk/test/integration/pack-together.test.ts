/**
 * Two `npm pack` runs of one folder at once (the SDK's own tests do this: publint, attw and the
 * packed-SDK test each pack packages/sdk) must each ship real versions: `prepack` rewrites
 * package.json and `postpack` puts it back, so without the pack lock one run restored the
 * manifest while the other was packing it and shipped `catalog:`. Packed in a scratch copy of
 * the SDK's manifest and pack scripts, with stand-ins for its build, so the checkout is left alone.
 */
import { execFile, execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, expect, it } from "vitest";

const repo = fileURLToPath(new URL("../../../..", import.meta.url));
let scratch: string;
let sdk: string;

/** Every file a manifest points at (`exports`, `main`, `types`, `bin`). */
function promisedFiles(target: unknown): string[] {
  if (typeof target === "string") return target.includes("*") ? [] : [target];
  if (target && typeof target === "object") return Object.values(target).flatMap(promisedFiles);
  return [];
}

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), "sdk-pack-together-"));
  mkdirSync(join(scratch, "scripts"));
  copyFileSync(join(repo, "scripts/pack-manifest.mjs"), join(scratch, "scripts/pack-manifest.mjs"));
  copyFileSync(join(repo, "pnpm-workspace.yaml"), join(scratch, "pnpm-workspace.yaml"));
  sdk = join(scratch, "packages/sdk");
  mkdirSync(sdk, { recursive: true });
  copyFileSync(join(repo, "packages/sdk/package.json"), join(sdk, "package.json"));
  const pkg = JSON.parse(readFileSync(join(sdk, "package.json"), "utf8"));
  const built = promisedFiles([pkg.exports, pkg.main, pkg.types, pkg.bin]).filter((file) => file.startsWith("./dist/"));
  expect(built.length).toBeGreaterThan(3);
  for (const file of built) {
    mkdirSync(dirname(join(sdk, file)), { recursive: true });
    writeFileSync(join(sdk, file), "export {};\n");
  }
});
afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

it("packs of one folder at the same time each ship real versions, and package.json is left as it was", async () => {
  const before = readFileSync(join(sdk, "package.json"), "utf8");
  expect(before).toContain('"catalog:"');
  const outs = [1, 2, 3].map((n) => mkdtempSync(join(scratch, `out-${n}-`)));
  await Promise.all(
    outs.map((out) => promisify(execFile)("npm", ["pack", "--pack-destination", out, "--loglevel=error"], { cwd: sdk })),
  );
  for (const out of outs) {
    const [tarball] = readdirSync(out);
    const manifest = execFileSync("tar", ["-xOzf", join(out, tarball as string), "package/package.json"], { encoding: "utf8" });
    expect(manifest).not.toMatch(/catalog:|workspace:/);
    expect(JSON.parse(manifest).dependencies["openapi-fetch"]).toMatch(/^\d+\.\d+\.\d+$/);
  }
  expect(readFileSync(join(sdk, "package.json"), "utf8")).toBe(before);
  expect(readdirSync(sdk).sort()).toEqual(["dist", "package.json"]);
});

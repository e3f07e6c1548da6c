/**
 * Two `npm pack` runs of one folder at once (the SDK's own tests do this: publint, attw and the
 * packed-SDK test each pack packages/sdk) must each ship real versions: `prepack` rewrites
 * package.json and `postpack` puts it back, so without the pack lock one run restored the
 * manifest while the other was packing it and shipped `catalog:`. Packed in a scratch workspace
 * with the real pack scripts and catalog, so the checkout is left alone.
 */
import { execFile, execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, expect, it } from "vitest";

const repo = fileURLToPath(new URL("../../../..", import.meta.url));
let scratch: string;
let sdk: string;

/**
 * The SDK's manifest in small: a `catalog:` range and the pack scripts. Not a copy of
 * packages/sdk/package.json, which the other packing tests rewrite while they pack.
 */
const manifest = {
  name: "@claude-task-api/sdk",
  version: "0.1.0",
  type: "module",
  exports: { ".": { types: "./dist/index.d.ts", default: "./dist/index.js" } },
  files: ["dist"],
  scripts: {
    prepack: "node ../../scripts/pack-manifest.mjs prepack",
    postpack: "node ../../scripts/pack-manifest.mjs postpack",
  },
  dependencies: { "openapi-fetch": "catalog:" },
};

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), "sdk-pack-together-"));
  mkdirSync(join(scratch, "scripts"));
  copyFileSync(join(repo, "scripts/pack-manifest.mjs"), join(scratch, "scripts/pack-manifest.mjs"));
  copyFileSync(join(repo, "pnpm-workspace.yaml"), join(scratch, "pnpm-workspace.yaml"));
  sdk = join(scratch, "packages/sdk");
  mkdirSync(join(sdk, "dist"), { recursive: true });
  writeFileSync(join(sdk, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  // Enough files that a pack takes a while: the packs' prepack and postpack steps interleave.
  for (const file of ["index.js", "index.d.ts", ...Array.from({ length: 300 }, (_, i) => `part-${i}.js`)])
    writeFileSync(join(sdk, "dist", file), `export const part = ${JSON.stringify("x".repeat(2000))};\n`);
});
afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

it("packs of one folder at the same time each ship real versions, and package.json is left as it was", async () => {
  const before = readFileSync(join(sdk, "package.json"), "utf8");
  expect(before).toContain('"catalog:"');
  const outs = [1, 2, 3, 4].map((n) => mkdtempSync(join(scratch, `out-${n}-`)));
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

it("a pack whose prepack fails leaves no lock and no copy of package.json: the next pack, fixed, goes ahead at once", async () => {
  const broken = join(scratch, "packages/broken");
  mkdirSync(join(broken, "dist"), { recursive: true });
  writeFileSync(join(broken, "dist/index.js"), "export {};\n");
  writeFileSync(join(broken, "dist/index.d.ts"), "export {};\n");
  const unknown = { ...manifest, name: "broken", dependencies: { "not-in-the-catalog": "catalog:" } };
  writeFileSync(join(broken, "package.json"), `${JSON.stringify(unknown, null, 2)}\n`);
  const out = mkdtempSync(join(scratch, "out-broken-"));
  const pack = () => promisify(execFile)("npm", ["pack", "--pack-destination", out, "--loglevel=error"], { cwd: broken });
  await expect(pack()).rejects.toThrow(
    /not-in-the-catalog: "catalog:" but pnpm-workspace.yaml's catalog has no not-in-the-catalog/,
  );
  expect(readdirSync(broken).sort()).toEqual(["dist", "package.json"]);

  // Fixed, it packs without waiting for the failed one's lock.
  writeFileSync(
    join(broken, "package.json"),
    `${JSON.stringify({ ...unknown, dependencies: manifest.dependencies }, null, 2)}\n`,
  );
  const { stderr } = await pack();
  expect(stderr).not.toContain("waiting for another pack");
  expect(readdirSync(out)).toHaveLength(1);
});

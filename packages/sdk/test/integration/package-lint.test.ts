/** The published package shape: publint (strict) and Are The Types Wrong (ESM only) must be clean. */
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { delimiter, join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

const sdkDir = fileURLToPath(new URL("../..", import.meta.url));
// The package's own tools; publint packs with pnpm, which bootstrap may have installed under
// .cache/ rather than on PATH (so the test also runs outside `npm test`).
const localPnpm = join(sdkDir, "..", "..", ".cache", "pnpm", "node_modules", ".bin");
const env = { ...process.env, PATH: `${localPnpm}${delimiter}${process.env.PATH ?? ""}` };
const run = ([tool, ...args]: string[]) =>
  execFileSync(join(sdkDir, "node_modules", ".bin", tool as string), args, { cwd: sdkDir, env, encoding: "utf8", stdio: "pipe" });

it("publint --strict finds nothing", () => {
  expect(run(["publint", "--strict"])).toContain("All good!");
});

it("attw: types resolve for ESM and bundlers", () => {
  // Throws (non-zero exit) on any problem; CommonJS require is out of scope for an ESM-only package.
  expect(run(["attw", "--pack", ".", "--profile", "esm-only", "--format", "table-flipped"])).toContain("🟢");
});

it("the built client has no Node-only imports (it must load in browsers)", () => {
  const dist = join(sdkDir, "dist");
  const files = readdirSync(dist, { recursive: true, encoding: "utf8" }).filter((name) => name.endsWith(".js"));
  expect(files.length).toBeGreaterThan(5);
  for (const file of files) {
    const code = readFileSync(join(dist, file), "utf8");
    expect(code, file).not.toMatch(/from\s+["'](node:|fs|path|os|http|https|child_process)["']/);
    expect(code, file).not.toMatch(/\brequire\(|\bBuffer\./);
    // The environment is read only through globalThis.process, which browsers simply lack.
    expect(code.replace(/globalThis\.process/g, ""), file).not.toMatch(/\bprocess\./);
  }
});

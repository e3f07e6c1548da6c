/** The stale-build guard that startTestServer applies to the server's dist and its own. */
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { assertFreshBuild, staleBuildProblem } from "../src/index.js";

let pkg: string;
let built: string;
const at = (file: string, seconds: number) => utimesSync(file, seconds, seconds);

beforeEach(() => {
  pkg = mkdtempSync(path.join(tmpdir(), "cta-fresh-"));
  mkdirSync(path.join(pkg, "src", "tasks"), { recursive: true });
  mkdirSync(path.join(pkg, "dist"));
  built = path.join(pkg, "dist", "main.js");
  for (const file of ["src/main.ts", "src/tasks/run.ts", "tsconfig.build.json"]) writeFileSync(path.join(pkg, file), "");
  writeFileSync(built, "");
  for (const file of ["src/main.ts", "src/tasks/run.ts", "tsconfig.build.json"]) at(path.join(pkg, file), 1000);
  at(built, 2000);
});
afterEach(() => rmSync(pkg, { recursive: true, force: true }));

describe("staleBuildProblem", () => {
  it("trusts a build newer than every source", () => {
    expect(staleBuildProblem(pkg, built)).toBeUndefined();
    expect(() => assertFreshBuild(pkg, built)).not.toThrow();
  });

  it("names a source (however deep) changed after the build", () => {
    at(path.join(pkg, "src/tasks/run.ts"), 3000);
    expect(staleBuildProblem(pkg, built)).toMatch(
      /older than its sources \(src\/tasks\/run\.ts changed after it\).*npm run build/,
    );
    expect(() => assertFreshBuild(pkg, built)).toThrow(/^stale build: /);
  });

  it("counts a changed build config", () => {
    at(path.join(pkg, "tsconfig.build.json"), 3000);
    expect(staleBuildProblem(pkg, built)).toMatch(/tsconfig\.build\.json changed/);
  });

  it("counts a changed bundle script (the server's and the CLI's builds end with one)", () => {
    mkdirSync(path.join(pkg, "scripts"));
    writeFileSync(path.join(pkg, "scripts", "bundle.mjs"), "");
    at(path.join(pkg, "scripts", "bundle.mjs"), 1500);
    expect(staleBuildProblem(pkg, built)).toBeUndefined();
    at(path.join(pkg, "scripts", "bundle.mjs"), 3000);
    expect(staleBuildProblem(pkg, built)).toMatch(/scripts\/bundle\.mjs changed/);
  });

  it("says so when nothing was built", () => {
    rmSync(built);
    expect(staleBuildProblem(pkg, built)).toMatch(/dist\/main\.js is missing/);
  });

  it("trusts an installed package, which has no sources", () => {
    rmSync(path.join(pkg, "src"), { recursive: true });
    expect(staleBuildProblem(pkg, built)).toBeUndefined();
  });
});

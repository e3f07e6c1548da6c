/**
 * Refuses to run a build older than its sources. A test that starts packages/server/dist
 * after src/ changed tests the code of the last build: it passes or fails for the wrong reason.
 */
import { readdirSync, statSync } from "node:fs";
import path from "node:path";

/** The most recently changed file under `dir` (recursively), if any. */
function newestFile(dir: string): { file: string; mtimeMs: number } | undefined {
  let newest: { file: string; mtimeMs: number } | undefined;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    const { mtimeMs } = statSync(file);
    if (!newest || mtimeMs > newest.mtimeMs) newest = { file, mtimeMs };
  }
  return newest;
}

/** Files outside src/ that a package's build reads, where it has them. */
const BUILD_INPUTS = ["tsconfig.build.json", path.join("scripts", "bundle.mjs")];

/**
 * Why the build of the package in `packageDir` cannot be trusted, or undefined when it can:
 * `builtFile` (written by every build) is missing, or a file under src/ (or the build's
 * tsconfig or bundle script) changed after it. A package without src/ (installed, not a checkout) is trusted.
 */
export function staleBuildProblem(packageDir: string, builtFile: string): string | undefined {
  let sources: { file: string; mtimeMs: number } | undefined;
  try {
    sources = newestFile(path.join(packageDir, "src"));
  } catch {
    return undefined;
  }
  // The build's own inputs beside src/: its tsconfig, and the script that bundles the output.
  for (const name of BUILD_INPUTS) {
    const file = path.join(packageDir, name);
    try {
      const mtimeMs = statSync(file).mtimeMs;
      if (!sources || mtimeMs > sources.mtimeMs) sources = { file, mtimeMs };
    } catch {
      // This package's build has no such input.
    }
  }
  let builtAt: number;
  try {
    builtAt = statSync(builtFile).mtimeMs;
  } catch {
    return `${path.relative(packageDir, builtFile)} is missing in ${packageDir}: run \`npm run build\` first`;
  }
  if (sources && sources.mtimeMs > builtAt) {
    return `the build in ${packageDir} is older than its sources (${path.relative(packageDir, sources.file)} changed after it): run \`npm run build\` first`;
  }
  return undefined;
}

/** Throws with the reason when `staleBuildProblem` finds one. */
export function assertFreshBuild(packageDir: string, builtFile: string): void {
  const problem = staleBuildProblem(packageDir, builtFile);
  if (problem) throw new Error(`stale build: ${problem}`);
}

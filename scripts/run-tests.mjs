#!/usr/bin/env node
/**
 * `npm test` after bootstrap: check generated files, lint, type-check every package, look for
 * dead code (unused files, exports, dependencies; config in knip.json), then every test suite in
 * one vitest run.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const bin = (name) => path.join(root, "node_modules", ".bin", name);
// bootstrap installs the pinned pnpm under .cache/ when none is on PATH; turbo looks it up by name.
const localPnpm = path.join(root, ".cache", "pnpm", "node_modules", ".bin");
const PATH = `${localPnpm}${path.delimiter}${process.env.PATH ?? ""}`;
const env = { ...process.env, PATH, TURBO_TELEMETRY_DISABLED: "1", DO_NOT_TRACK: "1" };

const steps = [
  // Every file generated from openapi.yaml must be what it generates today.
  ["generated files", process.execPath, [path.join(root, "scripts", "generate.mjs"), "--check"]],
  ["lint", bin("biome"), ["check", "."]],
  ["typecheck", bin("turbo"), ["run", "typecheck", "--output-logs=errors-only"]],
  ["dead code", bin("knip"), ["--no-progress"]],
  ["tests", bin("vitest"), ["run", ...process.argv.slice(2)]],
];

for (const [name, cmd, args] of steps) {
  process.stderr.write(`\n== ${name} ==\n`);
  const result = spawnSync(cmd, args, { cwd: root, stdio: "inherit", env });
  if (result.status !== 0) {
    process.stderr.write(`npm test: ${name} failed\n`);
    process.exit(result.status ?? 1);
  }
}

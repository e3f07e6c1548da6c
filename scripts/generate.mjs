#!/usr/bin/env node
/**
 * `npm run generate`: rewrites every committed file derived from openapi.yaml or the server:
 * the server's schemas, routes and spec module and the shared constraints module
 * (packages/server/scripts/generate-contract.mjs), the SDK's types (openapi-typescript) and
 * the chart's server bundle.
 *
 * `--check` writes nothing: it regenerates what comes from openapi.yaml into a temporary
 * directory, compares it with the committed files and exits 1 naming each stale one.
 * `npm test` runs it first. (The chart bundle has its own check in packages/deploy-tests.)
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { generateContract } from "../packages/server/scripts/generate-contract.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const bin = (name) => path.join(root, "node_modules", ".bin", name);
const openapiTypescript = path.join(root, "packages/sdk/node_modules/.bin/openapi-typescript");
const SDK_TYPES = "packages/sdk/src/generated/openapi.ts";

function run(name, cmd, args) {
  process.stderr.write(`generate: ${name}\n`);
  const result = spawnSync(cmd, args, { cwd: root, stdio: ["ignore", "ignore", "inherit"] });
  if (result.status !== 0) {
    process.stderr.write(`generate: ${name} failed\n`);
    process.exit(result.status ?? 1);
  }
}

function check() {
  const spec = readFileSync(path.join(root, "openapi.yaml"), "utf8");
  const fresh = generateContract(spec);
  const temp = mkdtempSync(path.join(tmpdir(), "cta-generate-"));
  try {
    run("SDK types (into a temporary directory)", openapiTypescript, ["openapi.yaml", "--output", path.join(temp, "openapi.ts")]);
    fresh[SDK_TYPES] = readFileSync(path.join(temp, "openapi.ts"), "utf8");
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
  const committed = (file) => {
    try {
      return readFileSync(path.join(root, file), "utf8");
    } catch {
      return undefined;
    }
  };
  const stale = Object.keys(fresh).filter((file) => committed(file) !== fresh[file]);
  for (const file of stale) process.stderr.write(`generate --check: ${file} is not what openapi.yaml generates\n`);
  if (stale.length > 0) {
    process.stderr.write("generate --check: run `npm run generate` and commit the result\n");
    process.exit(1);
  }
  process.stderr.write(`generate --check: ${Object.keys(fresh).length} generated files match openapi.yaml\n`);
}

if (process.argv.includes("--check")) check();
else {
  run("server schemas, routes, spec module; constraints for server and SDK", "node", [
    "packages/server/scripts/generate-contract.mjs",
  ]);
  run("SDK types", openapiTypescript, ["openapi.yaml", "--output", SDK_TYPES]);
  run("server build", bin("tsc"), ["-p", "packages/server/tsconfig.build.json"]);
  run("chart bundle", "node", ["packages/deploy-tests/scripts/bundle-server.mjs"]);
}

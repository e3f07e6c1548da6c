#!/usr/bin/env node
/**
 * `npm run generate`: rewrites every committed file derived from openapi.yaml or the server:
 * the server's spec module and the SDK's types. Tests fail when any of them is stale. (The
 * chart's server bundle is built, not committed: `pnpm --filter @claude-task-api/deploy-tests
 * bundle`, which the deploy tests and the release run themselves.)
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const bin = (name) => path.join(root, "node_modules", ".bin", name);

const steps = [
  ["server spec module", "node", ["packages/server/scripts/generate-spec-module.mjs"]],
  [
    "SDK types",
    path.join(root, "packages/sdk/node_modules/.bin/openapi-typescript"),
    ["openapi.yaml", "--output", "packages/sdk/src/generated/openapi.ts"],
  ],
  ["server build", bin("tsc"), ["-p", "packages/server/tsconfig.build.json"]],
];

for (const [name, cmd, args] of steps) {
  process.stderr.write(`generate: ${name}\n`);
  const result = spawnSync(cmd, args, { cwd: root, stdio: "inherit" });
  if (result.status !== 0) {
    process.stderr.write(`generate: ${name} failed\n`);
    process.exit(result.status ?? 1);
  }
}

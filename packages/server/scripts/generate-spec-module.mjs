#!/usr/bin/env node
/**
 * Copies the root openapi.yaml into src/generated/openapi-spec.ts so the server (and its
 * single-file bundle) can serve the spec without reading files outside its package.
 * `--check` fails when the committed copy is stale.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const spec = readFileSync(fileURLToPath(new URL("../../../openapi.yaml", import.meta.url)), "utf8");
const target = fileURLToPath(new URL("../src/generated/openapi-spec.ts", import.meta.url));
const content = `// GENERATED from /openapi.yaml by scripts/generate-spec-module.mjs. Do not edit.\nexport const OPENAPI_YAML: string = ${JSON.stringify(spec)};\n`;

if (process.argv.includes("--check")) {
  if (readFileSync(target, "utf8") !== content) {
    process.stderr.write("src/generated/openapi-spec.ts is stale: run `npm run generate`\n");
    process.exit(1);
  }
} else {
  writeFileSync(target, content);
}

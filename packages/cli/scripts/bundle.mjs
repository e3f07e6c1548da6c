#!/usr/bin/env node
/**
 * Bundles the CLI into one file, dist/claude-tasks.js, the package's `claude-tasks` binary: it
 * starts in about 0.1 s of CPU where dist/main.js and its few hundred modules (commander, zod,
 * the SDK) take 0.16 s, and people and scripts start it for every command. dist/index.js stays
 * the package's import entry.
 *
 *   node scripts/bundle.mjs   (run by `build`, after tsc)
 */
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

await build({
  absWorkingDir: fileURLToPath(new URL("../", import.meta.url)),
  entryPoints: ["src/main.ts"],
  outfile: "dist/claude-tasks.js",
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  // Bundled CommonJS dependencies (commander) require Node built-ins; ESM has no require().
  banner: {
    js: 'import { createRequire as __ctaCreateRequire } from "node:module";\nconst require = __ctaCreateRequire(import.meta.url);',
  },
  // Less to parse at every start. Identifiers are left alone, so stack traces keep their names
  // (esbuild's keepNames would wrap every named function and class at run time instead).
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: "eof",
  logLevel: "warning",
});

#!/usr/bin/env node
// Bundles packages/server into the two self-contained files the workspace chart ships in its
// ConfigMap: charts/workspace/files/server/main.js and runner/run-task.js (ESM, Node 20,
// every dependency inlined, so the pod needs nothing but the image's Node.js).
//
//   node scripts/bundle-server.mjs          write the bundle
//   node scripts/bundle-server.mjs --check  exit 1 when the committed bundle differs from a fresh one
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

export const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));
const serverDir = path.join(repoRoot, "packages", "server");
export const bundleDir = path.join(repoRoot, "charts", "workspace", "files", "server");

const header = [
  "// GENERATED FILE - DO NOT EDIT. Bundled from packages/server/src by",
  "// packages/deploy-tests/scripts/bundle-server.mjs; regenerate with",
  "// `pnpm --filter @claude-task-api/deploy-tests bundle`. A test fails when it drifts.",
].join("\n");

// Bundled CommonJS dependencies may call require(); ESM has none, so provide one.
const requireShim =
  'import { createRequire as __ctaCreateRequire } from "node:module";\nconst require = __ctaCreateRequire(import.meta.url);';

/**
 * zod re-exports error messages in some 50 languages (about 200 KiB); the server only uses
 * English ones, and the ConfigMap has a size limit. Serve zod's locale index with `en` alone.
 */
/** @type {import("esbuild").Plugin} */
const englishZodMessagesOnly = {
  name: "english-zod-messages-only",
  setup(b) {
    b.onLoad({ filter: /[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, () => ({
      contents: 'export { default as en } from "./en.js";\n',
      loader: "js",
    }));
  },
};

/**
 * Builds the bundle in memory.
 * @returns {Promise<Array<{ path: string, text: string, externals: string[] }>>} absolute output
 *   paths, contents, and the modules each output still imports at run time
 */
export async function bundleServer() {
  const result = await build({
    absWorkingDir: serverDir,
    entryPoints: { main: "src/main.ts", "runner/run-task": "src/runner/run-task.ts" },
    outdir: bundleDir,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "esm",
    // The pinned CLI is a native binary package; the server only looks it up at run time and
    // falls back to `claude` on PATH (or CLAUDE_BIN, which the chart sets when it installs one).
    external: ["@anthropic-ai/claude-code"],
    banner: { js: `${header}\n${requireShim}` },
    // Minified to stay far below the 1 MiB ConfigMap limit; names kept for readable stack traces.
    minify: true,
    keepNames: true,
    legalComments: "eof",
    // ASCII only (other characters as \u escapes): helm emits the ConfigMap with go-yaml, which
    // writes U+0085, U+2028 and U+2029 as line breaks, and a parser reads them back as spaces.
    charset: "ascii",
    plugins: [englishZodMessagesOnly],
    write: false,
    metafile: true,
    logLevel: "warning",
  });
  const outputs = result.metafile.outputs;
  return result.outputFiles.map((f) => {
    const meta = outputs[path.relative(serverDir, f.path)];
    const externals = (meta?.imports ?? []).filter((i) => i.external).map((i) => i.path);
    return { path: f.path, text: f.text, externals: [...new Set(externals)].sort() };
  });
}

/**
 * Paths of bundle files (relative to bundleDir) whose committed content differs from a fresh bundle.
 * @param {Array<{ path: string, text: string }> | null} [fresh] a bundle already built, if any
 */
export async function driftedFiles(fresh = null) {
  const files = fresh ?? (await bundleServer());
  const drifted = [];
  for (const file of files) {
    const committed = await readFile(file.path, "utf8").catch(() => null);
    if (committed !== file.text) drifted.push(path.relative(bundleDir, file.path));
  }
  return drifted;
}

async function main() {
  const files = await bundleServer();
  if (process.argv.includes("--check")) {
    const drifted = await driftedFiles(files);
    if (drifted.length > 0) {
      process.stderr.write(
        `server bundle is stale: ${drifted.join(", ")}; run \`pnpm --filter @claude-task-api/deploy-tests bundle\`\n`,
      );
      process.exit(1);
    }
    return;
  }
  for (const file of files) {
    await mkdir(path.dirname(file.path), { recursive: true });
    await writeFile(file.path, file.text);
    process.stdout.write(`${path.relative(repoRoot, file.path)} (${Math.round(file.text.length / 1024)} KiB)\n`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  await main();
}

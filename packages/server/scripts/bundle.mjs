#!/usr/bin/env node
/**
 * Bundles the server into two self-contained files, dist/bundle/main.js and
 * dist/bundle/runner/run-task.js (ESM, Node 20+, every dependency inlined): what the workspace
 * chart ships (tools/deploy-tests/scripts/bundle-server.mjs packs this very build) and what the
 * test harness runs. One file starts in well under half the CPU time of dist/main.js and its
 * few hundred modules, and the suites start the server about two hundred times.
 *
 *   node scripts/bundle.mjs   (run by `build`, after tsc)
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const serverDir = fileURLToPath(new URL("../", import.meta.url));
/** Where `build` writes the bundle. */
export const builtBundleDir = path.join(serverDir, "dist", "bundle");

const header = [
  "// GENERATED FILE - DO NOT EDIT. Bundled from packages/server/src by",
  "// packages/server/scripts/bundle.mjs; rebuild with `pnpm --filter @claude-task-api/server build`.",
].join("\n");

// Bundled CommonJS dependencies may call require(); ESM has none, so provide one.
const requireShim =
  'import { createRequire as __ctaCreateRequire } from "node:module";\nconst require = __ctaCreateRequire(import.meta.url);';

/**
 * zod re-exports error messages in some 50 languages (about 200 KiB); the server only uses
 * English ones, and the chart's ConfigMap has a size limit. Serve zod's locale index with `en` alone.
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
 * prom-client requires @opentelemetry/api (24 KiB minified, 7.5 KiB gzip'd) for one thing alone:
 * the trace ids of exemplars on process_cpu_seconds_total, read only when a registry enables
 * exemplars. The server never does (src/metrics/metrics.ts), so the bundle gets a stand-in that
 * says so, should that ever change, instead of the library.
 */
/** @type {import("esbuild").Plugin} */
const noOpenTelemetry = {
  name: "no-opentelemetry",
  setup(b) {
    b.onResolve({ filter: /^@opentelemetry\/api$/ }, () => ({ path: "@opentelemetry/api", namespace: "left-out" }));
    b.onLoad({ filter: /.*/, namespace: "left-out" }, () => ({
      contents: `const missing = () => { throw new Error("@opentelemetry/api is left out of the server bundle (packages/server/scripts/bundle.mjs): prom-client exemplars are off"); };
module.exports = { get trace() { return missing(); }, get context() { return missing(); } };`,
      loader: "js",
    }));
  },
};

/**
 * Builds the bundle in memory.
 * @returns {Promise<Array<{ name: string, text: string, externals: string[] }>>} each output's
 *   path relative to the bundle's folder, its contents, and the modules it still imports at run time
 */
export async function bundleServer() {
  const result = await build({
    absWorkingDir: serverDir,
    entryPoints: { main: "src/main.ts", "runner/run-task": "src/runner/run-task.ts" },
    outdir: builtBundleDir,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "esm",
    // The pinned CLI is a native binary package; the server only looks it up at run time and
    // falls back to `claude` on PATH (or CLAUDE_BIN, which the chart sets when it installs one).
    external: ["@anthropic-ai/claude-code"],
    banner: { js: `${header}\n${requireShim}` },
    // Minified, identifiers too: every compressed byte is stored about 2.7 times in each Helm
    // release, whose Secret etcd caps at 1 MiB (778 KB minified, 852 KB with identifiers kept;
    // release-size.test.ts). Without esbuild's keepNames, so stack traces show short names: it
    // wraps every function and class it names at run time, and it cost 30 % more CPU per request
    // (cpu-per-request.mjs against dist/main.js: 28.3 µs against 20.5 µs for GET /tasks/{id};
    // without it, parity).
    minify: true,
    legalComments: "eof",
    // ASCII only (other characters as \u escapes): helm emits the ConfigMap with go-yaml, which
    // writes U+0085, U+2028 and U+2029 as line breaks, and a parser reads them back as spaces.
    charset: "ascii",
    plugins: [englishZodMessagesOnly, noOpenTelemetry],
    write: false,
    metafile: true,
    logLevel: "warning",
  });
  const outputs = result.metafile.outputs;
  return result.outputFiles.map((f) => {
    const meta = outputs[path.relative(serverDir, f.path)];
    const externals = (meta?.imports ?? []).filter((i) => i.external).map((i) => i.path);
    return { name: path.relative(builtBundleDir, f.path), text: f.text, externals: [...new Set(externals)].sort() };
  });
}

async function main() {
  for (const file of await bundleServer()) {
    const target = path.join(builtBundleDir, file.name);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, file.text);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  await main();
}

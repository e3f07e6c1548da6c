#!/usr/bin/env node
// Packs the server's bundle (packages/server/scripts/bundle.mjs: ESM, Node 20+, every dependency
// inlined, so the pod needs nothing but the image's Node.js) into the two files the workspace
// chart ships in its ConfigMap, brotli-compressed: charts/workspace/files/server/main.js.br and
// runner/run-task.js.br, with bundle.sha256 (the SHA-256 of each unpacked file, which the
// start-up script checks). Built, never committed (.gitignore): by the tests, the release and CI.
//
//   node scripts/bundle-server.mjs            write the chart's compressed bundle
//   node scripts/bundle-server.mjs --out DIR  also write it uncompressed, with package.json and the
//                                             start-up script, into DIR (the reference image)
import { createHash } from "node:crypto";
import { copyFile, mkdir, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, constants } from "node:zlib";
import { bundleServer as bundleServerSources } from "../../../packages/server/scripts/bundle.mjs";

export const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));
export const bundleDir = path.join(repoRoot, "charts", "workspace", "files", "server");

/**
 * The server's bundle (packages/server/scripts/bundle.mjs, which the server's build also writes
 * to its dist/bundle and the tests run), built in memory, each file named by where the chart
 * keeps it.
 * @returns {Promise<Array<{ path: string, text: string, externals: string[] }>>} absolute output
 *   paths, contents, and the modules each output still imports at run time
 */
export async function bundleServer() {
  return (await bundleServerSources()).map((f) => ({ path: path.join(bundleDir, f.name), text: f.text, externals: f.externals }));
}

/**
 * Brotli at its best quality and largest window: about 20 % smaller than gzip -9 (240 KiB instead
 * of 300 KiB for the server), and every byte of it is stored about 2.7 times in each Helm release
 * (release-size.test.ts). Node unpacks it with its built-in zlib. The same text always gives the
 * same bytes, so an unchanged server leaves the ConfigMaps unchanged. Brotli has no checksum of
 * its own: bundle.sha256 is what catches pieces of two different releases.
 * @param {string} text
 */
export function compress(text) {
  const bytes = Buffer.from(text, "utf8");
  return brotliCompressSync(bytes, {
    params: {
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_LGWIN]: constants.BROTLI_MAX_WINDOW_BITS,
      [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
    },
  });
}

/** The file the start-up script checks each unpacked file against: `sha256sum`'s format. */
export const CHECKSUMS_FILE = "bundle.sha256";

/**
 * `sha256sum` lines for the unpacked files, named relative to the bundle directory.
 * @param {Array<{ path: string, text: string }>} files
 */
export function checksums(files) {
  return files
    .map((f) => `${createHash("sha256").update(f.text, "utf8").digest("hex")}  ${path.relative(bundleDir, f.path)}\n`)
    .join("");
}

/**
 * Writes the chart's compressed bundle (and removes uncompressed copies an older checkout left,
 * which helm would otherwise package and store in every release).
 * @param {Array<{ path: string, text: string }>} files
 * @returns {Promise<string[]>} the paths written
 */
export async function writeChartBundle(files) {
  const written = [];
  for (const file of files) {
    await mkdir(path.dirname(file.path), { recursive: true });
    await writeFile(`${file.path}.br`, compress(file.text));
    // An older checkout's gzip'd copy would be packaged too.
    for (const stale of [file.path, `${file.path}.gz`]) await rm(stale, { force: true });
    written.push(`${file.path}.br`);
  }
  const sums = path.join(bundleDir, CHECKSUMS_FILE);
  await writeFile(sums, checksums(files));
  written.push(sums);
  return written;
}

/**
 * Writes the bundle uncompressed, with the ESM marker and the start-up script, into `dir`: the
 * layout the start-up script runs directly (the reference image's /opt/claude-task-api).
 * @param {Array<{ path: string, text: string }>} files
 * @param {string} dir
 */
export async function writePlainBundle(files, dir) {
  for (const file of files) {
    const target = path.join(dir, path.relative(bundleDir, file.path));
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, file.text);
  }
  for (const name of ["package.json", "start-task-api.sh"]) await copyFile(path.join(bundleDir, name), path.join(dir, name));
}

async function main() {
  const files = await bundleServer();
  for (const file of await writeChartBundle(files)) {
    process.stdout.write(`${path.relative(repoRoot, file)} (${Math.round((await stat(file)).size / 1024)} KiB)\n`);
  }
  const out = process.argv.indexOf("--out");
  if (out !== -1) {
    const dir = path.resolve(process.argv[out + 1] ?? "");
    await writePlainBundle(files, dir);
    process.stdout.write(`${dir} (uncompressed)\n`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  await main();
}

